import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { assertJsonContent, FORM_MEDIA_TYPE } from './body';
import { type FieldError, validationProblem } from './problem';

/** Zod schemas for the parts of a request; callers pass strict objects (`z.strictObject`) so unknown fields are rejected. */
export interface RequestSchemas {
  body?: z.ZodType;
  params?: z.ZodType;
  query?: z.ZodType;
  headers?: z.ZodType;
}

/** The parsed parts, typed from the schemas given to {@link validate}. */
export type ValidatedInput<S extends RequestSchemas> = {
  [K in keyof S]: S[K] extends z.ZodType ? z.output<S[K]> : never;
};

/** A validating middleware that also knows how to read back what it parsed. */
export interface ValidateMiddleware<S extends RequestSchemas> extends RequestHandler {
  readonly schemas: S;
  /** the parsed input of the current request, typed */
  input(res: Response): ValidatedInput<S>;
}

const PARTS = ['params', 'query', 'headers', 'body'] as const;

/** Joins a zod path under a prefix: `['items', 0, 'text']` → `body.items.0.text`. */
export const fieldName = (prefix: string | undefined, path: readonly PropertyKey[]): string => {
  const parts = [...(prefix ? [prefix] : []), ...path.map(String)];
  return parts.length === 0 ? '(root)' : parts.join('.');
};

/**
 * One {@link FieldError} per zod issue; an unknown-keys issue yields one entry per key.
 * When a field has the wrong type, its other issues (zod still runs length checks on it) are dropped as noise.
 */
export const fieldErrorsFromZod = (issues: readonly z.core.$ZodIssue[], prefix?: string): FieldError[] => {
  const all = issues.flatMap((issue): FieldError[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          field: fieldName(prefix, [...issue.path, key]),
          message: 'Unknown field',
          code: 'unrecognized_key',
        }))
      : [{ field: fieldName(prefix, issue.path), message: issue.message, code: issue.code }],
  );
  const wrongType = new Set(all.filter((e) => e.code === 'invalid_type').map((e) => e.field));
  return all.filter((e) => e.code === 'invalid_type' || !wrongType.has(e.field));
};

/** Recognises zod errors, also from another copy of zod. */
export const isZodError = (err: unknown): err is z.core.$ZodError =>
  err instanceof z.core.$ZodError ||
  (err instanceof Error && err.name === 'ZodError' && Array.isArray((err as { issues?: unknown }).issues));

/** Headers are always full of other entries: a strict header schema sees only the headers it declares. */
const headersFor = (req: Request, schema: z.ZodType): Record<string, unknown> => {
  if (!(schema instanceof z.ZodObject)) return { ...req.headers };
  const picked: Record<string, unknown> = {};
  for (const name of Object.keys(schema.shape)) {
    const value = req.headers[name.toLowerCase()];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
};

const rawPart = (req: Request, part: (typeof PARTS)[number], schema: z.ZodType): unknown => {
  switch (part) {
    case 'params':
      return { ...req.params };
    case 'query':
      return { ...(req.query as Record<string, unknown>) };
    case 'headers':
      return headersFor(req, schema);
    case 'body':
      return req.body;
    default: {
      const never: never = part;
      return never;
    }
  }
};

/**
 * Parses the request's parts with zod and keeps the results on `res.locals.input`.
 * Every invalid field of every part is reported at once as a 400 problem; a non-JSON body is a 415 (unless `forms`
 * lets a form body in).
 *
 * @example
 * const v = validate({ params: z.strictObject({ id: z.uuid() }), body: withdrawBody });
 * router.post('/api/v1/appeals/:id/withdraw', v, async (req, res) => {
 *   const { params, body } = v.input(res);
 * });
 */
export const validate = <const S extends RequestSchemas>(
  schemas: S,
  /** `forms`: a form body (parsed by the app under its `formPaths`) is taken as well as JSON */
  { forms = false }: { forms?: boolean } = {},
): ValidateMiddleware<S> => {
  const middleware: RequestHandler = async (req, res, next) => {
    if (!(forms && req.is(FORM_MEDIA_TYPE))) assertJsonContent(req);
    const errors: FieldError[] = [];
    const parsed: Record<string, unknown> = {};
    for (const part of PARTS) {
      const schema = schemas[part];
      if (!schema) continue;
      const result = await schema.safeParseAsync(rawPart(req, part, schema));
      if (result.success) parsed[part] = result.data;
      else errors.push(...fieldErrorsFromZod(result.error.issues, part));
    }
    if (errors.length > 0) throw validationProblem(errors);
    res.locals.input = { ...(res.locals.input as Record<string, unknown> | undefined), ...parsed };
    next();
  };
  return Object.assign(middleware, {
    schemas,
    input: (res: Response) => input<ValidatedInput<S>>(res),
  });
};

/** The input parsed by {@link validate}; throws when no validate middleware ran (a wiring bug, hence a 500). */
export const input = <T>(res: Response): T => {
  const value = res.locals.input as T | undefined;
  if (value === undefined) throw new Error('input(res) called on a route without validate()');
  return value;
};
