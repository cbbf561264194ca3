import { z } from 'zod';

/** The example's configuration: the only place that reads process.env. */
const EnvSchema = z.object({
  /** your agency's id (the topic is appeals.agency.<AGENCY_ID>.v1) */
  AGENCY_ID: z.string().regex(/^[A-Za-z0-9_-]+$/),
  /** bootstrap brokers, comma-separated host:port */
  KAFKA_BROKERS: z.string().min(1),
  /** your Kafka user, `agency-<AGENCY_ID>`, and its password (from the platform operator) */
  KAFKA_USERNAME: z.string().min(1),
  KAFKA_PASSWORD: z.string().min(1),
  KAFKA_SASL_MECHANISM: z.enum(['scram-sha-512', 'scram-sha-256']).default('scram-sha-512'),
  /** TLS to the brokers (SASL_SSL), on in production */
  KAFKA_SSL: z.enum(['true', 'false']).default('false'),
  /** the consumer group is agency.<AGENCY_ID>.<AGENCY_GROUP>; its committed offsets are your checkpoint */
  AGENCY_GROUP: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/)
    .default('example'),
});

export type ExampleEnv = z.infer<typeof EnvSchema>;

export const loadEnv = (): ExampleEnv => EnvSchema.parse(process.env);
