const APPEAL_STREAM_PREFIX = 'appeal-';

/** Stream id of one appeal: `appeal-<id>`. */
export const appealStream = (appealId: string): string => {
  if (appealId.length === 0) throw new TypeError('appealStream: appeal id must not be empty');
  return APPEAL_STREAM_PREFIX + appealId;
};

/** The appeal id inside an appeal stream id, or undefined for any other stream. */
export const streamIdToAppealId = (streamId: string): string | undefined =>
  streamId.startsWith(APPEAL_STREAM_PREFIX) && streamId.length > APPEAL_STREAM_PREFIX.length
    ? streamId.slice(APPEAL_STREAM_PREFIX.length)
    : undefined;

/** True for stream ids made by appealStream. */
export const isAppealStream = (streamId: string): boolean => streamIdToAppealId(streamId) !== undefined;
