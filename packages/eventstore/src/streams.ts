// Stream ids are vocabulary: one definition, in @appeals/contracts (streams.ts), re-exported for the store's users.
export { appealStream, isAppealStream, streamIdToAppealId } from '@appeals/contracts';
