import { actorOf, type AppealCommands } from '@appeals/appeal-application';
import type { Bus, Consumer } from '@appeals/bus';
import { eventTypeOf, fromEventMessage, parseEvent, Topics, type AppealEventType } from '@appeals/contracts';
import type { ReadStore } from '@appeals/readstore';

const WATCH = 'audit_deadlines';
/** the event types after which an appeal waits for its answer (names checked against the vocabulary) */
const OPEN_AFTER = new Set<string>([
  'AppealRegistered',
  'AppealRouted',
  'AppealNeedsTriage',
  'AppealForwarded',
  'ExecutorsAssigned',
  'DeadlineExtended',
  'AppealReopened',
] satisfies AppealEventType[]);
const CLOSES = new Set<string>([
  'AnswerSent',
  'AppealTerminated',
  'AppealWithdrawn',
  'AppealDeemedRefused',
] satisfies AppealEventType[]);

/** Tracks every open appeal's deadline from the bus; `sweep` records deemed refusals for those past it. */
export function createDeadlineWatch(deps: {
  bus: Bus;
  views: ReadStore;
  commands: AppealCommands;
  clock: () => Date;
  /** told about an appeal the sweep could not mark; the sweep goes on with the rest */
  onError?: (error: unknown, appealId: string) => void;
}) {
  const SYSTEM = actorOf({ system: 'deadline-watch' });
  return {
    async start(groupId = 'audit'): Promise<Consumer> {
      await deps.views.ensureIndex(WATCH, ['open', 'dueAt']);
      return deps.bus.subscribe({
        groupId,
        topics: [Topics.appealEvents],
        handler: async (m) => {
          // the CloudEvents type header names the event: skip the others without decoding them
          const type = eventTypeOf(m.headers);
          if (type !== undefined && !OPEN_AFTER.has(type) && !CLOSES.has(type)) return;
          const env = fromEventMessage(m);
          if (!OPEN_AFTER.has(env.type) && !CLOSES.has(env.type)) return;
          const event = parseEvent(env.type, env.data);
          const appealId = (event.data as { appealId: string }).appealId;
          const current = await deps.views.get<{ open: boolean; dueAt: string | null; refused?: boolean }>(
            WATCH,
            appealId,
          );
          // A deemed refusal stands until the appeal gets a new term (reopened, or forwarded whole), as in the decider;
          // until then staff may go on working on it, but the watch has nothing left to mark.
          const newTerm =
            event.type === 'AppealReopened' ||
            (event.type === 'AppealForwarded' && event.data.scope === 'whole');
          const refused = event.type === 'AppealDeemedRefused' || (!newTerm && (current?.refused ?? false));
          const deadline =
            event.type === 'AppealRegistered'
              ? event.data.deadline
              : event.type === 'DeadlineExtended'
                ? event.data.newDeadline
                : event.type === 'AppealReopened'
                  ? event.data.newDeadline
                  : event.type === 'AppealForwarded'
                    ? event.data.newDeadline
                    : undefined;
          const open = !CLOSES.has(env.type) && !refused;
          const dueAt = deadline?.dueAt ?? current?.dueAt ?? null;
          // most events (routed, executors assigned …) leave the watch as it was: nothing to write
          if (
            current &&
            current.open === open &&
            (current.refused ?? false) === refused &&
            current.dueAt === dueAt
          )
            return;
          await deps.views.upsert(WATCH, appealId, { appealId, open, refused, dueAt }, env.streamPosition);
        },
      });
    },
    /** Marks every open appeal past its deadline as deemed refused; returns how many were marked. */
    async sweep(): Promise<number> {
      const now = deps.clock();
      const due = await deps.views.find<{ appealId: string }>(WATCH, {
        where: { open: true, dueAt: { lt: now.toISOString() } },
        limit: 500,
      });
      let marked = 0;
      for (const { appealId } of due.items) {
        try {
          const r = await deps.commands.execute(
            appealId,
            { type: 'MarkDeemedRefused', now, actor: SYSTEM, data: {} },
            { service: 'audit' },
          );
          marked += r.appended.length;
        } catch (err) {
          // e.g. the watch has not seen an extension yet: the decider refuses, the next sweep sees the new term
          deps.onError?.(err, appealId);
        }
      }
      return marked;
    },
  };
}
