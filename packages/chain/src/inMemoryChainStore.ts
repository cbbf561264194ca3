import { ChainConflictError, type ChainLink, type ChainStore, type SignedCheckpoint } from './port';

/** A ChainStore in process memory, the companion of createInMemoryEventStore. */
export function createInMemoryChainStore(): ChainStore {
  const links: ChainLink[] = [];
  const checkpoints: SignedCheckpoint[] = [];
  return {
    async head() {
      return links[links.length - 1];
    },
    async extend(batch, checkpoint) {
      const next = links.length + 1;
      batch.forEach((link, i) => {
        if (link.seq !== next + i) throw new ChainConflictError(link.seq);
      });
      links.push(...batch.map((l) => ({ ...l })));
      // one checkpoint per seq, as the tables' primary keys make it
      if (checkpoint && !checkpoints.some((c) => c.seq === checkpoint.seq))
        checkpoints.push({ ...checkpoint });
    },
    async links({ afterSeq, limit }) {
      return links.slice(afterSeq, afterSeq + limit).map((l) => ({ ...l }));
    },
    async linksOfStream(streamId) {
      return links.filter((l) => l.streamId === streamId).map((l) => ({ ...l }));
    },
    async checkpoints() {
      return checkpoints.map((c) => ({ ...c }));
    },
    async lastCheckpoint() {
      const last = checkpoints[checkpoints.length - 1];
      return last ? { ...last } : undefined;
    },
  };
}
