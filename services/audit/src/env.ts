import { createCheckpointSigner } from '@appeals/chain';
import { loadEnv } from '@appeals/service-host';
import { z } from 'zod';

const signingKey = z.string().refine((value) => {
  try {
    createCheckpointSigner(value);
    return true;
  } catch {
    return false;
  }
}, 'must be an Ed25519 private key: PKCS#8 PEM, or base64 of the PEM or of its DER');

/** The audit process's own variables: the signing of the tamper-evident history's checkpoints (ADR 0005). */
export const ChainEnvSchema = z.object({
  /** Ed25519 private key that signs checkpoints of the global chain; keep it outside the database (secret store) */
  CHAIN_SIGNING_KEY: signingKey.optional(),
  /** sign a checkpoint once this many events were sealed since the last one */
  CHAIN_CHECKPOINT_EVERY_EVENTS: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  /** …or once this long has passed and something new was sealed */
  CHAIN_CHECKPOINT_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /**
   * how long after an append the sealer looks (ms): the appends within share one step (a few statements of
   * PostgreSQL); sealing is no reader's wait, so a busy log is sealed a few times a second, not at every append
   */
  CHAIN_SEAL_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(250),
});
export type ChainEnv = z.infer<typeof ChainEnvSchema>;

export const loadChainEnv = (source: Record<string, string | undefined> = process.env): ChainEnv =>
  loadEnv(ChainEnvSchema, source);
