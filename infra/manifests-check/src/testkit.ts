/**
 * One property, tested both ways: it holds for the committed manifests, and each listed way of breaking a copy
 * of them makes the check report a message containing the expected text (so the check can fail).
 */
export type Breaker<T> = [
  /** what is broken, read as "fails when …" */
  description: string,
  /** mutates the copy in place, or returns a replacement (for text) */
  mutate: (copy: T) => T | void,
  /** text the reported problem must contain */
  message: string,
];

export function property<T>(
  title: string,
  subject: () => T,
  check: (subject: NoInfer<T>) => string[],
  breakers: Breaker<NoInfer<T>>[],
): void {
  describe(title, () => {
    it('holds for the committed manifests', () => {
      expect(check(subject())).toEqual([]);
    });
    it.each(breakers)('fails when %s', (_description, mutate, message) => {
      const copy = structuredClone(subject());
      const replaced = mutate(copy);
      const problems = check(replaced === undefined ? copy : replaced);
      expect(problems).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
    });
  });
}
