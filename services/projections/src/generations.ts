import type { ReadStore } from '@appeals/readstore';
import { Views } from './views';

/** The collection names of one generation of the appeal views. */
export interface ViewNames {
  detail: string;
  summary: string;
  /** the opened personal data per appeal, apart so an erasure can scrub it (ADR 0006) */
  personal: string;
  /** the statistics buckets of these summaries (statsBuckets.ts) */
  stats: string;
  /** the statistics days to recompute (statsDirty.ts) */
  statsDirty: string;
  /** the public FAQ's entries (faqView.ts) */
  faq: string;
}

/** Where the active generation is kept, so a restart serves the same one. */
export const ProjectionMeta = { collection: 'projection_meta', id: 'appeal_views' } as const;

/**
 * The collection names of generation `n`: generation 1 is the original `appeal_detail` / `appeal_summary`,
 * later ones carry a suffix (`appeal_detail__g2`).
 */
export const viewNamesOf = (generation: number): ViewNames =>
  generation <= 1
    ? { ...Views }
    : {
        detail: `${Views.detail}__g${generation}`,
        summary: `${Views.summary}__g${generation}`,
        personal: `${Views.personal}__g${generation}`,
        stats: `${Views.stats}__g${generation}`,
        statsDirty: `${Views.statsDirty}__g${generation}`,
        faq: `${Views.faq}__g${generation}`,
      };

/**
 * Which generation of the views the queries read and the live projector writes. A rebuild fills the next generation
 * and switches to it atomically: it holds the live projector at a barrier (waiting for the messages in flight),
 * catches up with the log, switches, and lets the projector go on against the new generation.
 */
export class ViewGenerations {
  private active = 1;
  private inFlight = 0;
  private gate: Promise<void> | undefined;
  private openGate: (() => void) | undefined;
  private drained: (() => void) | undefined;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly views: ReadStore,
    /** told after each switch (readers waiting on a view read the new generation) */
    private readonly onSwitch: () => void = () => undefined,
  ) {}

  /** The active generation's number. */
  get generation(): number {
    return this.active;
  }

  /** The active generation's collection names (read them per request: they change at a switch). */
  current(): ViewNames {
    return viewNamesOf(this.active);
  }

  /** Reads the persisted active generation (1 when none was ever switched to). */
  async load(): Promise<number> {
    const meta = await this.views.get<{ generation: number }>(ProjectionMeta.collection, ProjectionMeta.id);
    this.active = meta?.generation ?? 1;
    return this.active;
  }

  /** Makes `generation` the active one, in memory and in the read store (the revision guard keeps it monotonic). */
  async switchTo(generation: number): Promise<void> {
    await this.views.upsert(ProjectionMeta.collection, ProjectionMeta.id, { generation }, generation);
    this.active = generation;
    this.onSwitch();
  }

  /** Runs one live projection step against the active generation, unless a switch holds it back first. */
  async withActive<T>(step: (names: ViewNames) => Promise<T>): Promise<T> {
    while (this.gate) await this.gate;
    this.inFlight++;
    try {
      return await step(this.current());
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) {
        this.drained?.();
        for (const waiter of this.idleWaiters.splice(0)) waiter();
      }
    }
  }

  /**
   * Resolves when no live step is running: a rebuild waits for it before each read-store call, so the live
   * projector (whose views the readers see) keeps the read store first and the rebuild takes the gaps.
   */
  liveIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Holds new live steps back and resolves once the ones in flight have finished. */
  async hold(): Promise<void> {
    if (this.gate) throw new Error('The live projector is already held.');
    this.gate = new Promise((resolve) => (this.openGate = resolve));
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    this.drained = undefined;
  }

  /** Lets the live projector go on. */
  release(): void {
    const open = this.openGate;
    this.gate = undefined;
    this.openGate = undefined;
    open?.();
  }
}
