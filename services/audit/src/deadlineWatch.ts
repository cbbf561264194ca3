import { actorOf, type AppealCommands, type Jurisdictions } from '@appeals/appeal-application';
import type { Bus, Consumer } from '@appeals/bus';
import {
  eventTypeOf,
  fromEventMessage,
  decodeAppealEvent,
  Topics,
  type AppealEvent,
  type AppealEventType,
  type Deadline,
  type EventEnvelope,
} from '@appeals/contracts';
import type { ReadStore } from '@appeals/readstore';

const WATCH = 'audit_deadlines';
const PAGE = 500;
/** the event types after which an appeal waits for its answer (names checked against the vocabulary) */
const OPEN_AFTER = new Set<string>([
  'AppealRegistered',
  'AppealRouted',
  'AppealNeedsTriage',
  'AppealForwarded',
  'ExecutorsAssigned',
  'DeadlineExtended',
  'AppealReopened',
  'AppealDeadlineRecomputed',
] satisfies AppealEventType[]);
const CLOSES = new Set<string>([
  'AnswerSent',
  'AppealTerminated',
  'AppealWithdrawn',
  'AppealDeemedRefused',
] satisfies AppealEventType[]);

/** One appeal as the watch keeps it. */
interface Watched {
  open: boolean;
  dueAt: string | null;
  refused?: boolean;
  /** the deadline was counted across a year whose calendar was not loaded */
  provisional?: boolean;
}

interface WatchDeps {
  bus: Bus;
  views: ReadStore;
  commands: AppealCommands;
  /** whose calendar book's revision tells the watch that a year was loaded (provisional deadlines to recompute) */
  jurisdictions: Pick<Jurisdictions, 'book'>;
  clock: () => Date;
  /** told about an appeal the sweep could not mark; the sweep goes on with the rest */
  onError?: (error: unknown, appealId: string) => void;
}

/** The deadline an event sets, if it sets one. */
function deadlineOf(event: AppealEvent): Deadline | undefined {
  switch (event.type) {
    case 'AppealRegistered':
      return event.data.deadline;
    case 'DeadlineExtended':
    case 'AppealReopened':
    case 'AppealDeadlineRecomputed':
    case 'AppealForwarded':
      return event.data.newDeadline;
    default:
      return undefined;
  }
}

/** Applies one appeal event to the watch: whether the appeal waits, until when, and whether that is provisional. */
async function watchEvent(views: ReadStore, env: EventEnvelope): Promise<void> {
  const event = decodeAppealEvent(env);
  const appealId = (event.data as { appealId: string }).appealId;
  const current = await views.get<Watched>(WATCH, appealId);
  // A deemed refusal stands until the appeal gets a new term (reopened, or forwarded whole), as in the decider;
  // until then staff may go on working on it, but the watch has nothing left to mark.
  const newTerm =
    event.type === 'AppealReopened' || (event.type === 'AppealForwarded' && event.data.scope === 'whole');
  const refused = event.type === 'AppealDeemedRefused' || (!newTerm && (current?.refused ?? false));
  const deadline = deadlineOf(event);
  const open = !CLOSES.has(env.type) && !refused;
  const dueAt = deadline?.dueAt ?? current?.dueAt ?? null;
  const provisional = deadline ? (deadline.provisional ?? false) : (current?.provisional ?? false);
  // most events (routed, executors assigned …) leave the watch as it was: nothing to write
  if (
    current &&
    current.open === open &&
    (current.refused ?? false) === refused &&
    current.dueAt === dueAt &&
    (current.provisional ?? false) === provisional
  )
    return;
  await views.upsert(WATCH, appealId, { appealId, open, refused, dueAt, provisional }, env.streamPosition);
}

/** Tracks every open appeal's deadline from the bus; `sweep` records deemed refusals for those past it. */
export function createDeadlineWatch(deps: WatchDeps) {
  const SYSTEM = actorOf({ system: 'deadline-watch' });
  /** the book's revision every provisional deadline was last recomputed at (none yet) */
  let recomputedAt: number | undefined;

  /** Runs a system command on each appeal; returns how many events it appended, and whether all went through. */
  const runOn = async (appealIds: string[], type: 'MarkDeemedRefused' | 'RecomputeDeadline', now: Date) => {
    let appended = 0;
    let failed = false;
    for (const appealId of appealIds) {
      try {
        const r = await deps.commands.execute(
          appealId,
          { type, now, actor: SYSTEM, data: {} },
          { service: 'audit' },
        );
        appended += r.appended.length;
      } catch (err) {
        // e.g. the watch has not seen an extension yet: the decider refuses, the next sweep sees the new term
        failed = true;
        deps.onError?.(err, appealId);
      }
    }
    return { appended, failed };
  };

  /**
   * Counts provisional deadlines again when a calendar year was loaded since the last time (the book's revision
   * grew): every open appeal whose deadline is provisional gets `RecomputeDeadline`. A pass that changed
   * something or failed is repeated at the next sweep; returns how many deadlines were recomputed.
   */
  const recompute = async (): Promise<number> => {
    const revision = deps.jurisdictions.book.revision;
    if (revision === recomputedAt) return 0;
    const now = deps.clock();
    let total = { appended: 0, failed: false };
    for (let offset = 0; ; offset += PAGE) {
      // in id (= appeal id) order off the (open, provisional) index, without counting every match
      const page = await deps.views.findItems<{ appealId: string }>(WATCH, {
        where: { open: true, provisional: true },
        limit: PAGE,
        offset,
      });
      const r = await runOn(
        page.map((w) => w.appealId),
        'RecomputeDeadline',
        now,
      );
      total = { appended: total.appended + r.appended, failed: total.failed || r.failed };
      if (page.length < PAGE) break;
    }
    if (total.appended === 0 && !total.failed) recomputedAt = revision;
    return total.appended;
  };

  return {
    async start(groupId = 'audit'): Promise<Consumer> {
      await deps.views.ensureIndex(WATCH, ['open', 'dueAt']);
      await deps.views.ensureIndex(WATCH, ['open', 'provisional']);
      return deps.bus.subscribe({
        groupId,
        topics: [Topics.appealEvents],
        handler: async (m) => {
          // the CloudEvents type header names the event: skip the others without decoding them
          const type = eventTypeOf(m.headers);
          if (type !== undefined && !OPEN_AFTER.has(type) && !CLOSES.has(type)) return;
          const env = fromEventMessage(m);
          if (!OPEN_AFTER.has(env.type) && !CLOSES.has(env.type)) return;
          await watchEvent(deps.views, env);
        },
      });
    },
    recompute,
    /**
     * Recomputes provisional deadlines if a year was loaded, then marks every open appeal past its deadline as
     * deemed refused; returns how many were marked.
     */
    async sweep(): Promise<number> {
      await recompute();
      const now = deps.clock();
      const due = await deps.views.findItems<{ appealId: string }>(WATCH, {
        where: { open: true, dueAt: { lt: now.toISOString() } },
        limit: PAGE,
      });
      return (
        await runOn(
          due.map((w) => w.appealId),
          'MarkDeemedRefused',
          now,
        )
      ).appended;
    },
  };
}
