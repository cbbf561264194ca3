import fc from 'fast-check';
import { edgeString } from './unicode';

/** The part of JSON Schema the OpenAPI document uses (zod-openapi output). */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
}

/** Values worth trying for a property of this name (catalog ids, demo users, IINs), mixed in with generated ones. */
export type Hints = Record<string, readonly unknown[]>;

export interface SchemaContext {
  /** `#/components/schemas/X` → schema */
  components: Record<string, JsonSchema>;
  hints: Hints;
}

const REF = '#/components/schemas/';

/** Follows `$ref`s into the components. */
export const resolve = (schema: JsonSchema, ctx: SchemaContext): JsonSchema => {
  let current = schema;
  for (let hops = 0; current.$ref !== undefined && hops < 20; hops++) {
    const name = current.$ref.startsWith(REF) ? current.$ref.slice(REF.length) : current.$ref;
    const target = ctx.components[name];
    if (!target) throw new Error(`unresolvable $ref ${current.$ref}`);
    current = { ...target, ...Object.fromEntries(Object.entries(current).filter(([k]) => k !== '$ref')) };
  }
  return current;
};

const localDate = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2035-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const instant = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2035-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString());

/** A regex fast-check cannot generate from (lookarounds) yields plain strings instead. */
const matching = (pattern: string): fc.Arbitrary<string> | undefined => {
  try {
    return fc.stringMatching(new RegExp(pattern));
  } catch {
    return undefined;
  }
};

const stringArb = (schema: JsonSchema): fc.Arbitrary<string> => {
  const bounds = {
    minLength: schema.minLength ?? 0,
    maxLength: Math.min(schema.maxLength ?? 60, (schema.minLength ?? 0) + 60),
  };
  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    case 'email':
      return fc.emailAddress();
    case 'date':
      return localDate;
    case 'date-time':
      return instant;
  }
  if (schema.pattern !== undefined) {
    if (schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return localDate;
    const generated = matching(schema.pattern);
    if (generated) return generated;
  }
  return fc.oneof(
    { weight: 6, arbitrary: fc.string({ ...bounds, unit: 'grapheme' }) },
    { weight: 1, arbitrary: fc.string({ ...bounds, unit: 'binary' }) },
  );
};

const numberArb = (schema: JsonSchema, integer: boolean): fc.Arbitrary<number> => {
  const min = schema.minimum ?? -1e9;
  const max = schema.maximum ?? 1e9;
  if (integer)
    return fc.integer({
      min: Math.max(min, Number.MIN_SAFE_INTEGER),
      max: Math.min(max, Number.MAX_SAFE_INTEGER),
    });
  return fc.double({ min, max, noNaN: true });
};

const objectArb = (schema: JsonSchema, ctx: SchemaContext, depth: number): fc.Arbitrary<unknown> => {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) {
    const base = arbitraryOf(property, ctx, depth + 1);
    const hinted = ctx.hints[name];
    record[name] = hinted?.length
      ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...hinted) }, { weight: 1, arbitrary: base })
      : base;
  }
  const requiredKeys = Object.keys(properties).filter((name) => required.has(name));
  return fc.record(record, { requiredKeys });
};

const byType = (
  type: string,
  schema: JsonSchema,
  ctx: SchemaContext,
  depth: number,
): fc.Arbitrary<unknown> => {
  switch (type) {
    case 'string':
      return stringArb(schema);
    case 'integer':
      return numberArb(schema, true);
    case 'number':
      return numberArb(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schema.items ? arbitraryOf(schema.items, ctx, depth + 1) : fc.jsonValue(), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 5, (schema.minItems ?? 0) + 5),
      });
    case 'object':
      return objectArb(schema, ctx, depth);
    default:
      return fc.jsonValue();
  }
};

/**
 * Values that (mostly) conform to `schema`: what a well-meaning client sends. Strings sometimes carry Unicode edge
 * cases (see {@link edgeString}) within their length bounds, so valid requests also test text handling.
 */
export function arbitraryOf(schema: JsonSchema, ctx: SchemaContext, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, ctx);
  if (depth > 12) return fc.constant(null);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum !== undefined) return fc.constantFrom(...s.enum);
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives?.length) {
    const rest = { ...s, oneOf: undefined, anyOf: undefined };
    return fc.oneof(...alternatives.map((alt) => arbitraryOf({ ...rest, ...alt }, ctx, depth + 1)));
  }
  if (s.allOf?.length) return arbitraryOf(Object.assign({}, ...s.allOf) as JsonSchema, ctx, depth + 1);
  const types = Array.isArray(s.type) ? s.type : s.type === undefined ? [] : [s.type];
  if (types.length === 0) return s.properties ? objectArb(s, ctx, depth) : fc.jsonValue({ maxDepth: 2 });
  const arbs = types.map((type) => byType(type, s, ctx, depth));
  const plain = arbs.length === 1 ? arbs[0]! : fc.oneof(...arbs);
  if (!types.includes('string') || s.format !== undefined || s.pattern !== undefined) return plain;
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? 100_000;
  // padded or cut to the bounds, so the edge cases reach the code behind validation too
  const edge = edgeString.map((text) => (text.length < min ? text.padEnd(min, 'ә') : text.slice(0, max)));
  return fc.oneof({ weight: 4, arbitrary: plain }, { weight: 1, arbitrary: edge });
}
