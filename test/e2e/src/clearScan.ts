/** The forms a value may take in stored bytes: UTF-8, UTF-16 (LE and BE), and JSON with \u escapes (either case). */
export function encodings(value: string): Buffer[] {
  const escaped = (upper: boolean) =>
    value.replace(/[^\x20-\x7e]/g, (c) => {
      const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
      return `\\u${upper ? hex.toUpperCase() : hex}`;
    });
  const utf16le = Buffer.from(value, 'utf16le');
  return [
    Buffer.from(value, 'utf8'),
    utf16le,
    Buffer.from(utf16le).swap16(),
    Buffer.from(escaped(false), 'utf8'),
    Buffer.from(escaped(true), 'utf8'),
  ];
}

/** Whether `bytes` hold `value` in any of its {@link encodings}. */
export const holds = (bytes: Buffer, value: string): boolean =>
  encodings(value).some((form) => bytes.includes(form));

/**
 * The labels of the clear values found in `bytes`, each as `LABEL in WHERE` (an empty list is what a test wants).
 *
 * @example
 * expect(clearValuesIn(readFileSync('views.db'), { NAME, IIN }, 'views.db')).toEqual([]);
 */
export const clearValuesIn = (bytes: Buffer, values: Record<string, string>, where: string): string[] =>
  Object.entries(values)
    .filter(([, value]) => holds(bytes, value))
    .map(([label]) => `${label} in ${where}`);
