/** Loose accessors for parsed YAML: a manifest is data from outside, so nothing is assumed about its shape. */
export type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value if it is a mapping, else an empty one. */
export function obj(value: unknown): Obj {
  return isObj(value) ? value : {};
}

/** The value if it is a sequence, else an empty one. */
export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value if it is a non-empty string. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Follows a path of keys through nested mappings. */
export function get(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isObj(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** A mapping of string values (labels, selectors); non-string values are dropped. */
export function stringMap(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(obj(value))) {
    if (typeof entry === 'string') result[key] = entry;
  }
  return result;
}

/** True when every pair of `selector` is in `labels` (and the selector is not empty). */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const pairs = Object.entries(selector);
  return pairs.length > 0 && pairs.every(([key, value]) => labels[key] === value);
}

export function describeLabels(labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(([key, value]) => `${key}=${value}`);
  return pairs.length > 0 ? `{${pairs.join(', ')}}` : '{}';
}
