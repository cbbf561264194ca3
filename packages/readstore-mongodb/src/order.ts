import { REVISION_FIELD, type ParsedQuery } from '@appeals/readstore';

/** What the in-process sort needs of a stored view: its id, revision and (key-restored) body. */
export interface SortRow {
  id: string;
  revision: number;
  doc: Record<string, unknown>;
}

/** The value at a dot path; `undefined` when a step is missing, not an object, or an array. */
function valueAt(row: SortRow, field: string): unknown {
  if (field === REVISION_FIELD) return row.revision;
  let current: unknown = row.doc;
  for (const step of field.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, step)) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

/** Compares by Unicode code point (UTF-8 byte order), as MongoDB compares strings without collation. */
export function compareStrings(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** The port's order: missing/null, then numbers (booleans as 0/1), then strings (objects as JSON text). */
function sortKey(value: unknown): [rank: number, key: number | string] {
  if (value === null || value === undefined) return [0, 0];
  if (typeof value === 'number') return [1, value];
  if (typeof value === 'boolean') return [1, value ? 1 : 0];
  if (typeof value === 'string') return [2, value];
  return [2, JSON.stringify(value)];
}

function compareValues(a: unknown, b: unknown): number {
  const [rankA, keyA] = sortKey(a);
  const [rankB, keyB] = sortKey(b);
  if (rankA !== rankB) return rankA - rankB;
  if (typeof keyA === 'number' && typeof keyB === 'number') return keyA - keyB;
  return compareStrings(String(keyA), String(keyB));
}

/**
 * Sorts rows in the port's order, for the pages MongoDB cannot order natively (see
 * `unportableSortValues`): the query's keys in turn, then id ascending.
 */
export function sortRows(rows: SortRow[], query: ParsedQuery): SortRow[] {
  return [...rows].sort((a, b) => {
    for (const { field, direction } of query.sort) {
      const order = compareValues(valueAt(a, field), valueAt(b, field));
      if (order !== 0) return direction === 'asc' ? order : -order;
    }
    return compareStrings(a.id, b.id);
  });
}
