import {
  DEFAULT_QUARANTINE_LIMIT,
  type NewQuarantined,
  type Quarantine,
  type QuarantinedMessage,
} from './port';

const identity = (e: NewQuarantined) => JSON.stringify([e.groupId, e.topic, e.partition, e.offset]);
const copy = (e: QuarantinedMessage): QuarantinedMessage => ({ ...e, headers: { ...e.headers } });

/**
 * A quarantine kept in memory: the in-process bus's default, and the model the table adapters follow. Lost with
 * the process.
 */
export function createInMemoryQuarantine(clock: () => Date = () => new Date()): Quarantine {
  const entries = new Map<string, QuarantinedMessage>();
  const byIdentity = new Map<string, string>();
  let next = 1;
  const inOrder = () => [...entries.values()].sort((a, b) => Number(a.id) - Number(b.id));
  return {
    async add(entry) {
      const known = byIdentity.get(identity(entry));
      const id = known ?? String(next++);
      const previous = known ? entries.get(known) : undefined;
      const stored: QuarantinedMessage = {
        ...entry,
        headers: { ...entry.headers },
        id,
        quarantinedAt: previous?.quarantinedAt ?? clock().toISOString(),
        replayRequested: false,
      };
      entries.set(id, stored);
      byIdentity.set(identity(entry), id);
      return copy(stored);
    },
    async list(options = {}) {
      const after = options.after === undefined ? 0 : Number(options.after);
      return inOrder()
        .filter(
          (e) => Number(e.id) > after && (options.groupId === undefined || e.groupId === options.groupId),
        )
        .slice(0, options.limit ?? DEFAULT_QUARANTINE_LIMIT)
        .map(copy);
    },
    async get(id) {
      const entry = entries.get(id);
      return entry && copy(entry);
    },
    async requestReplay(id) {
      const entry = entries.get(id);
      if (entry) entry.replayRequested = true;
      return entry !== undefined;
    },
    async replayable(groupId) {
      return inOrder()
        .filter((e) => e.groupId === groupId && e.replayRequested)
        .map(copy);
    },
    async remove(id) {
      const entry = entries.get(id);
      if (!entry) return false;
      entries.delete(id);
      byIdentity.delete(identity(entry));
      return true;
    },
  };
}
