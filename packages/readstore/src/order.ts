import { REVISION_FIELD, type ParsedQuery } from './query';

/** A stored view as adapters hold it in memory: id, revision and body. */
export interface ViewRow {
  id: string;
  revision: number;
  doc: Record<string, unknown>;
}

/** The value at a dot path (`_revision` included); `undefined` when a step is missing, not an object, or an array. */
export function valueAt(row: ViewRow, field: string): unknown {
  if (field === REVISION_FIELD) return row.revision;
  let current: unknown = row.doc;
  for (const step of field.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, step)) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

/** Compares by Unicode code point: the order of UTF-8 bytes that SQLite and MongoDB use without collation. */
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

/** Compares two field values in the port's order. */
export function compareValues(a: unknown, b: unknown): number {
  const [rankA, keyA] = sortKey(a);
  const [rankB, keyB] = sortKey(b);
  if (rankA !== rankB) return rankA - rankB;
  if (typeof keyA === 'number' && typeof keyB === 'number') return keyA - keyB;
  return compareStrings(String(keyA), String(keyB));
}

/** Orders rows by the query's sort keys, ties by id ascending — the order every adapter must return. */
export function rowComparator(query: ParsedQuery): (a: ViewRow, b: ViewRow) => number {
  return (a, b) => {
    for (const { field, direction } of query.sort) {
      const order = compareValues(valueAt(a, field), valueAt(b, field));
      if (order !== 0) return direction === 'asc' ? order : -order;
    }
    return compareStrings(a.id, b.id);
  };
}
