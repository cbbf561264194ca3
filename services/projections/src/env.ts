import { loadEnv } from '@appeals/service-host';
import { LANGUAGES } from '@appeals/contracts';
import { z } from 'zod';

/** The projections process's own variables. */
export const ProjectionsEnvSchema = z.object({
  /**
   * Set when this process is one of several projections replicas sharing the consumer group (the cluster launcher
   * sets 50 then): the write a reader waits for may happen in another process, which cannot tell it, so a waiting
   * read also re-reads the view this often (ms). Unset: this process writes every view, and a waiting read re-reads
   * only when its projector wrote (ADR 0007).
   */
  VIEW_RECHECK_MS: z.coerce.number().int().min(10).max(10_000).optional(),
  /** the language of service and agency names on the Open311 edge (as intake reads it; its default when unset) */
  OPEN311_LANGUAGE: z.enum(LANGUAGES).optional(),
  /** how often the surge watch judges the week ended and the week running (ms; 1 hour when unset; 0: never) */
  SURGE_WATCH_MS: z.coerce.number().int().min(0).optional(),
});
export type ProjectionsEnv = z.infer<typeof ProjectionsEnvSchema>;

export const loadProjectionsEnv = (
  source: Record<string, string | undefined> = process.env,
): ProjectionsEnv => loadEnv(ProjectionsEnvSchema, source);
