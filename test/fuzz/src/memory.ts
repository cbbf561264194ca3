import { readFileSync } from 'node:fs';

/** Resident set size of a process in MB, from /proc (Linux); undefined elsewhere or once it is gone. */
export function rssMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** One RSS sample: after how many requests, how many MB. */
export interface RssSample {
  requests: number;
  mb: number;
}

export interface MemoryVerdict {
  startMb: number;
  /** floor (10th percentile) over the window after warm-up (the second fifth of the run) */
  warmMb: number;
  /** floor (10th percentile) over the last fifth of the run */
  endMb: number;
  maxMb: number;
  /** endMb − warmMb */
  growthMb: number;
  flat: boolean;
}

/** The 10th percentile: what the process holds just after its collections, the saw-tooth's floor. */
const floor = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) * 0.1)]!;
};

/**
 * Whether memory stayed flat: the first fifth of the requests is warm-up (code compiled, caches and bounded stores
 * filling), then the floor of the RSS over the last fifth (its 10th percentile) may exceed the floor over the second
 * fifth by at most `allowedGrowthMb`. What leaks survives collections, so it raises the floor; the garbage
 * collector's saw-tooth (100 MB and more between collections here) moves peaks and medians, not floors.
 */
export function memoryVerdict(samples: RssSample[], allowedGrowthMb: number): MemoryVerdict | undefined {
  if (samples.length < 5) return undefined;
  const total = samples.at(-1)!.requests;
  const window = (from: number, to: number) =>
    samples.filter((s) => s.requests >= from * total && s.requests <= to * total).map((s) => s.mb);
  const warm = window(0.2, 0.4);
  const end = window(0.8, 1);
  if (warm.length === 0 || end.length === 0) return undefined;
  const warmMb = floor(warm);
  const endMb = floor(end);
  return {
    startMb: samples[0]!.mb,
    warmMb,
    endMb,
    maxMb: Math.max(...samples.map((s) => s.mb)),
    growthMb: endMb - warmMb,
    flat: endMb - warmMb <= allowedGrowthMb,
  };
}
