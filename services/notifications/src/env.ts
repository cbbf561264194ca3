import { loadEnv } from '@appeals/service-host/env';
import { z } from 'zod';

const ms = z.number({ error: 'must be a number of milliseconds' }).int().min(0).max(3_600_000);

/**
 * The notifications' own variables, read by its process (services/notifications/dist/main.js) and by the embedded
 * system: the SMTP server (e-mail is off without SMTP_HOST: then SMS only), the SMS channel, the public address the
 * notices link to, and how failed sends are retried.
 */
export const NotificationEnvSchema = z
  .object({
    /** the SMTP server that relays the notices; unset: no e-mail */
    SMTP_HOST: z.string().min(1).optional(),
    /** 587 (submission, STARTTLS when the server offers it) by default; 465 for implicit TLS */
    SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
    /** TLS from the first byte (port 465); default: true on port 465 only */
    SMTP_SECURE: z
      .enum(['true', 'false', '1', '0'])
      .transform((value) => value === 'true' || value === '1')
      .optional(),
    /** SMTP authentication: both, or neither */
    SMTP_USER: z.string().min(1).optional(),
    SMTP_PASSWORD: z.string().min(1).optional(),
    /** the sender, `Name <address>` or an address; required with SMTP_HOST */
    SMTP_FROM: z.string().min(3).optional(),
    /** the SMS channel: `log` (default: logs that an SMS would go to a masked number) or `off` */
    SMS_CHANNEL: z.enum(['log', 'off']).default('log'),
    /** the base URL of the web app the notices link to (a case page is `<PUBLIC_URL>/appeals/<id>`) */
    PUBLIC_URL: z
      .string()
      .refine((value) => /^https?:\/\//.test(value) && URL.canParse(value), 'must be an http(s) URL')
      .transform((value) => value.replace(/\/+$/, ''))
      .default('http://localhost:8080'),
    /** waits before each retry of a failed send, in ms, separated by commas (2 retries by default: a send holds its bus partition while it retries, so keep the sum, with the SMTP timeouts, below KAFKA_SESSION_TIMEOUT_MS) */
    NOTIFY_RETRY_BACKOFF_MS: z
      .string()
      .default('1000,4000')
      .transform((value) => value.split(',').map((part) => Number(part.trim())))
      .pipe(z.array(ms).max(10, 'at most 10 retries')),
  })
  .superRefine((env, ctx) => {
    if (env.SMTP_HOST && !env.SMTP_FROM)
      ctx.addIssue({ code: 'custom', path: ['SMTP_FROM'], message: 'is required with SMTP_HOST' });
    if ((env.SMTP_USER === undefined) !== (env.SMTP_PASSWORD === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [env.SMTP_USER === undefined ? 'SMTP_USER' : 'SMTP_PASSWORD'],
        message: 'SMTP_USER and SMTP_PASSWORD go together',
      });
  });
export type NotificationEnv = z.infer<typeof NotificationEnvSchema>;

/** Where the notices go out: the SMTP server (undefined: no e-mail), the SMS channel, links and retries. */
export interface NotificationSettings {
  smtp?: SmtpSettings | undefined;
  sms: 'log' | 'off';
  publicUrl: string;
  retryBackoffMs: number[];
}

/** How to reach the SMTP server (nodemailer's transport options, minus what we never set). */
export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string } | undefined;
  from: string;
}

/** The settings of validated variables. */
export function notificationSettings(env: NotificationEnv): NotificationSettings {
  const smtp: SmtpSettings | undefined =
    env.SMTP_HOST && env.SMTP_FROM
      ? {
          host: env.SMTP_HOST,
          port: env.SMTP_PORT,
          secure: env.SMTP_SECURE ?? env.SMTP_PORT === 465,
          ...(env.SMTP_USER && env.SMTP_PASSWORD
            ? { auth: { user: env.SMTP_USER, pass: env.SMTP_PASSWORD } }
            : {}),
          from: env.SMTP_FROM,
        }
      : undefined;
  return {
    smtp,
    sms: env.SMS_CHANNEL,
    publicUrl: env.PUBLIC_URL,
    retryBackoffMs: env.NOTIFY_RETRY_BACKOFF_MS,
  };
}

/** Reads and validates the notification variables; throws naming each bad one. */
export const loadNotificationSettings = (
  source: Record<string, string | undefined> = process.env,
): NotificationSettings => notificationSettings(loadEnv(NotificationEnvSchema, source));
