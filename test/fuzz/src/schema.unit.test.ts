import fc from 'fast-check';
import { mutateValue } from './bodies';
import { arbitraryOf, type JsonSchema, type SchemaContext } from './schema';

const ctx: SchemaContext = {
  components: {
    Language: { type: 'string', enum: ['kk', 'ru', 'en'] },
    Applicant: {
      oneOf: [
        {
          type: 'object',
          properties: { type: { const: 'individual' }, iin: { type: 'string', pattern: '^\\d{12}$' } },
          required: ['type'],
          additionalProperties: false,
        },
        { type: 'object', properties: { type: { const: 'anonymous' } }, required: ['type'] },
      ],
    },
  },
  hints: { categoryId: ['housing_utilities'] },
};

const submit: JsonSchema = {
  type: 'object',
  properties: {
    categoryId: { type: 'string', minLength: 1, maxLength: 64 },
    language: { $ref: '#/components/schemas/Language' },
    subject: { type: 'string', minLength: 3, maxLength: 300 },
    score: { type: 'integer', minimum: 1, maximum: 5 },
    tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 3 },
    applicant: { $ref: '#/components/schemas/Applicant' },
    email: { type: 'string', format: 'email', pattern: '^(?!\\.)[a-z]+@[a-z]+\\.kz$' },
  },
  required: ['categoryId', 'language', 'subject', 'applicant'],
  additionalProperties: false,
};

describe('arbitraryOf', () => {
  it('generates what the schema asks for: required members, enums through $ref, bounds, oneOf arms, patterns', () => {
    fc.assert(
      fc.property(arbitraryOf(submit, ctx), (value) => {
        const v = value as Record<string, any>;
        expect(Object.keys(v)).toEqual(
          expect.arrayContaining(['categoryId', 'language', 'subject', 'applicant']),
        );
        expect(['kk', 'ru', 'en']).toContain(v.language);
        expect(v.subject.length).toBeGreaterThanOrEqual(3);
        expect(v.subject.length).toBeLessThanOrEqual(300);
        if (v.score !== undefined)
          expect(v.score >= 1 && v.score <= 5 && Number.isInteger(v.score)).toBe(true);
        if (v.tags !== undefined) expect(v.tags.length >= 1 && v.tags.length <= 3).toBe(true);
        expect(['individual', 'anonymous']).toContain(v.applicant.type);
        if (v.applicant.iin !== undefined) expect(v.applicant.iin).toMatch(/^\d{12}$/);
      }),
      { numRuns: 300 },
    );
  });

  it('mixes in the hinted values (catalog ids) and, sometimes, Unicode edge cases', () => {
    const categories = fc
      .sample(arbitraryOf(submit, ctx), { numRuns: 400, seed: 1 })
      .map((v) => (v as { categoryId: string }).categoryId);
    expect(categories.filter((c) => c === 'housing_utilities').length).toBeGreaterThan(100);
    expect(
      categories.some((c) => /[\ud800-\udfff\u202e\u200b]/.test(c) || c.includes(String.fromCharCode(0))),
    ).toBe(true);
  });
});

describe('mutateValue', () => {
  const value = { a: 1, b: { c: 'x' } };
  const places = 4; // root, a, b, b.c

  it('drops, retypes, wraps, extends a member, without touching the original', () => {
    const texts = (mutation: 'drop' | 'retype' | 'extra' | 'wrap') =>
      Array.from({ length: places }, (_, pick) => mutateValue(value, mutation, pick, null).bytes.toString());
    expect(texts('drop')).toContain('{"b":{"c":"x"}}');
    expect(texts('retype')).toContain('{"a":1,"b":{"c":null}}');
    expect(texts('wrap')).toContain('{"a":[1],"b":{"c":"x"}}');
    expect(texts('extra')).toContain('{"a":1,"b":{"c":"x","x-c":null}}');
    expect(value).toEqual({ a: 1, b: { c: 'x' } });
  });

  it('injects prototype keys as JSON text (an object literal would set the prototype instead)', () => {
    const text = mutateValue(value, 'proto', 0, null).bytes.toString();
    expect(JSON.parse(text)).toHaveProperty(['__proto__', 'isAdmin'], true);
    expect(text).toContain('"a":1');
  });
});
