import { loadNotificationSettings } from './env';

describe('the notification settings', () => {
  it('turn e-mail off without SMTP_HOST, leaving the SMS log channel', () => {
    expect(loadNotificationSettings({})).toEqual({
      smtp: undefined,
      sms: 'log',
      publicUrl: 'http://localhost:8080',
      retryBackoffMs: [1000, 4000],
    });
  });

  it('read the SMTP server, TLS on port 465, and authentication', () => {
    const settings = loadNotificationSettings({
      SMTP_HOST: 'smtp.example.kz',
      SMTP_PORT: '465',
      SMTP_USER: 'u',
      SMTP_PASSWORD: 'p',
      SMTP_FROM: 'Appeals <noreply@example.kz>',
      PUBLIC_URL: 'https://appeals.example.kz/',
      NOTIFY_RETRY_BACKOFF_MS: '500, 1500',
    });
    expect(settings).toEqual({
      smtp: {
        host: 'smtp.example.kz',
        port: 465,
        secure: true,
        auth: { user: 'u', pass: 'p' },
        from: 'Appeals <noreply@example.kz>',
      },
      sms: 'log',
      publicUrl: 'https://appeals.example.kz',
      retryBackoffMs: [500, 1500],
    });
  });

  it('name each bad variable', () => {
    expect(() => loadNotificationSettings({ SMTP_HOST: 'smtp.example.kz', SMTP_USER: 'u' })).toThrow(
      /SMTP_FROM[\s\S]*SMTP_PASSWORD|SMTP_PASSWORD[\s\S]*SMTP_FROM/,
    );
    expect(() => loadNotificationSettings({ NOTIFY_RETRY_BACKOFF_MS: '1s' })).toThrow(
      /NOTIFY_RETRY_BACKOFF_MS/,
    );
    expect(() => loadNotificationSettings({ PUBLIC_URL: 'appeals' })).toThrow(/PUBLIC_URL/);
  });
});
