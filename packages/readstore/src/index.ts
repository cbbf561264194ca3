export * from './port';
export { ReadStoreError, isReadStoreError, type ReadStoreErrorCode } from './errors';
export {
  COLLECTION_NAME,
  FIELD_PATH,
  REVISION_FIELD,
  assertCollection,
  assertDocument,
  assertDocumentId,
  assertFieldPath,
  assertRevision,
  parseFindQuery,
  parseIndexFields,
  type Filter,
  type ParsedQuery,
  type RangeOperator,
} from './query';
export { createInMemoryReadStore } from './inMemoryReadStore';
export { compareStrings, compareValues, rowComparator, valueAt, type ViewRow } from './order';
