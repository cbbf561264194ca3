import { OPEN_STATUSES, isClosedStatus, type PossibleDuplicate } from '@appeals/contracts';
import { existing, iso, requireStatus, type Decisions } from './appeal.guards';
import { AppealError, AppealErrorCodes as E } from './errors';

/** One entry per earlier appeal (reasons joined, the higher score), never the appeal itself, most similar first. */
function distinctMatches(appealId: string, matches: readonly PossibleDuplicate[]): PossibleDuplicate[] {
  const byId = new Map<string, PossibleDuplicate>();
  for (const m of matches) {
    if (m.appealId === appealId) continue;
    const seen = byId.get(m.appealId);
    byId.set(
      m.appealId,
      seen
        ? {
            ...seen,
            reasons: [...new Set([...seen.reasons, ...m.reasons])],
            score: Math.max(seen.score, m.score),
          }
        : { ...m, reasons: [...new Set(m.reasons)] },
    );
  }
  return [...byId.values()].sort((x, y) => y.score - x.score);
}

/** Possible duplicates found at intake, and merging a duplicate into the appeal whose answer answers both. */
export const duplicateDecisions: Decisions<
  'RecordPossibleDuplicates' | 'MergeAppeal' | 'RecordMergedDuplicate'
> = {
  RecordPossibleDuplicates: (command, state) => {
    const a = existing(state);
    if (a.duplicatesChecked) return []; // recorded once, at intake: a retry changes nothing
    const matches = distinctMatches(a.appealId, command.data.matches);
    if (matches.length === 0) return [];
    return [
      {
        type: 'AppealPossibleDuplicatesFound',
        data: {
          appealId: a.appealId,
          matches,
          threshold: command.data.threshold,
          checkedAt: iso(command.now),
        },
      },
    ];
  },

  MergeAppeal: (command, state) => {
    const into = command.data.into;
    if (state.status === 'merged' && state.mergedInto === into.appealId) return [];
    const b = existing(state);
    requireStatus(b, OPEN_STATUSES, 'merge');
    const field = 'intoAppealId';
    if (into.appealId === b.appealId)
      throw new AppealError(E.MERGE_INTO_SELF, 'An appeal cannot be merged into itself', field);
    if (into.status === 'none')
      throw new AppealError(E.LINKED_APPEAL_NOT_FOUND, `No appeal ${into.appealId} that you may see`, field);
    if (isClosedStatus(into.status))
      throw new AppealError(E.MERGE_TARGET_CLOSED, `The appeal ${into.appealId} is ${into.status}`, field);
    if (b.mergedDuplicates.length > 0)
      throw new AppealError(
        E.MERGE_HAS_DUPLICATES,
        'Other appeals are merged into this one; merge the others into the target instead',
      );
    return [
      {
        type: 'AppealMerged',
        data: {
          appealId: b.appealId,
          intoAppealId: into.appealId,
          intoRegistrationNumber: into.registrationNumber ?? '',
          mergedAt: iso(command.now),
        },
      },
    ];
  },

  RecordMergedDuplicate: (command, state) => {
    const a = existing(state);
    const { appealId, registrationNumber } = command.data.duplicate;
    if (a.mergedDuplicates.includes(appealId)) return [];
    if (appealId === a.appealId)
      throw new AppealError(E.MERGE_INTO_SELF, 'An appeal cannot be merged into itself', 'intoAppealId');
    return [
      {
        type: 'DuplicateAppealMerged',
        data: {
          appealId: a.appealId,
          duplicateAppealId: appealId,
          duplicateRegistrationNumber: registrationNumber,
          mergedAt: iso(command.now),
        },
      },
    ];
  },
};
