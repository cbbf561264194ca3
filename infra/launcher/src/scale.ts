/** The service processes behind the gateway. */
export const CLUSTER_SERVICES = ['intake', 'routing', 'response', 'audit', 'projections'] as const;
export type ClusterService = (typeof CLUSTER_SERVICES)[number];
/** Service processes with no routes behind the gateway (consumers only). */
export const BACKGROUND_SERVICES = ['agency-feed', 'notifications'] as const;
/** Every process the launcher can scale. */
export type ScalableProcess = ClusterService | 'relay' | (typeof BACKGROUND_SERVICES)[number];
export type ProcessName = ScalableProcess | 'gateway';

/** Every process but the gateway, in start order. */
export const BACKEND = ['relay', ...CLUSTER_SERVICES, ...BACKGROUND_SERVICES] as const;

/** Copies of each process by default: two relays show the standby, one of everything else. */
export const DEFAULT_SCALE: Record<ScalableProcess, number> = {
  relay: 2,
  intake: 1,
  routing: 1,
  response: 1,
  audit: 1,
  projections: 1,
  'agency-feed': 1,
  notifications: 1,
};

/**
 * Copies per process from `NAME=N` items (`--scale routing=2`, or REPLICAS=routing=2,projections=2 split at the
 * commas); a later item for the same name wins. Throws naming the item that is not of that form.
 */
export function parseScale(values: string[]): Partial<Record<ScalableProcess, number>> {
  const scale: Partial<Record<ScalableProcess, number>> = {};
  for (const value of values.map((v) => v.trim()).filter(Boolean)) {
    const match = /^([a-z-]+)=(\d+)$/.exec(value);
    const name = match?.[1] as ScalableProcess | undefined;
    const count = Number(match?.[2]);
    if (!name || !Object.hasOwn(DEFAULT_SCALE, name) || !Number.isInteger(count) || count < 1 || count > 12) {
      throw new Error(
        `scale ${value}: expected NAME=N with NAME one of ${Object.keys(DEFAULT_SCALE).join(', ')} and N from 1 to 12`,
      );
    }
    scale[name] = count;
  }
  return scale;
}
