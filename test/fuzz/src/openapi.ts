import type { JsonSchema } from './schema';

/** One operation of the OpenAPI document, as the fuzzer needs it. */
export interface Operation {
  method: string;
  /** templated, e.g. `/api/v1/appeals/{id}` */
  path: string;
  pathParams: Array<{ name: string; schema: JsonSchema }>;
  query: Array<{ name: string; schema: JsonSchema }>;
  headers: Array<{ name: string; schema: JsonSchema }>;
  /** the application/json request body, when the operation takes one */
  body?: JsonSchema;
  secured: boolean;
}

interface OpenApiParameter {
  name: string;
  in: string;
  schema?: JsonSchema;
}

interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  security?: unknown[];
}

/** The parts of an OpenAPI 3.1 document read here. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const METHODS = new Set(['get', 'put', 'post', 'patch', 'delete', 'head', 'options']);

/** Every operation of the document. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const params = (where: string) =>
        (op.parameters ?? [])
          .filter((p) => p.in === where)
          .map((p) => ({ name: p.name, schema: p.schema ?? { type: 'string' } }));
      const body = op.requestBody?.content?.['application/json']?.schema;
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: params('path'),
        query: params('query'),
        headers: params('header'),
        ...(body ? { body } : {}),
        secured: (op.security ?? []).length > 0,
      });
    }
  }
  return operations;
}

export /** Percent-encodes every UTF-8 byte outside the unreserved set (a lone surrogate becomes U+FFFD's bytes). */
const pct = (text: string): string =>
  [...Buffer.from(text, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).padStart(2, '0').toUpperCase()}`,
    )
    .join('');

/** `/appeals/{id}` with `{ id: 'x y' }` → `/appeals/x%20y`; raw segments (already encoded garbage) are kept. */
export function fillPath(template: string, values: Record<string, { value: string; raw?: boolean }>): string {
  return template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const given = values[name];
    if (!given) return 'missing';
    return given.raw ? given.value : pct(given.value);
  });
}
