/**
 * A place in the PostgreSQL global log. readAll orders events by (transaction id, global position), the order
 * in which they become visible to readers, so a checkpoint is that pair, written `"<xid>:<position>"`.
 */
export interface LogPosition {
  /** xid8 of the appending transaction, as decimal text (it may exceed 2^53) */
  transactionId: string;
  globalPosition: number;
}

const CHECKPOINT = /^(\d{1,20}):(\d{1,15})$/;

export const encodeCheckpoint = (position: LogPosition): string =>
  `${position.transactionId}:${position.globalPosition}`;

/** The pair a checkpoint of this store stands for; undefined (the start of the log) when absent. */
export const decodeCheckpoint = (checkpoint: string | undefined): LogPosition | undefined => {
  if (checkpoint === undefined) return undefined;
  const match = typeof checkpoint === 'string' ? CHECKPOINT.exec(checkpoint) : null;
  if (match === null) {
    throw new TypeError(
      `Not a checkpoint of the PostgreSQL event store ("<xid>:<position>"): ${JSON.stringify(checkpoint)}`,
    );
  }
  return { transactionId: BigInt(match[1] as string).toString(), globalPosition: Number(match[2]) };
};
