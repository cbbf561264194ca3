import type { RequestHandler } from 'express';
import { z } from 'zod';
import {
  createDocument,
  type ZodOpenApiObject,
  type ZodOpenApiOperationObject,
  type ZodOpenApiParameters,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
  type oas31,
} from 'zod-openapi';
import { isStateChanging } from './idempotency';
import { PROBLEM_CONTENT_TYPE } from './problem';

/** One entry of a problem's `errors` list. */
export const fieldErrorSchema = z
  .object({
    field: z.string().meta({ examples: ['body.category'] }),
    message: z.string(),
    code: z.string().optional(),
  })
  .meta({ id: 'FieldError' });

/** RFC 9457 problem details as this package writes them; extension members allowed. */
export const problemDetailsSchema = z
  .looseObject({
    type: z.string().meta({
      description: 'URI identifying the problem type',
      examples: ['urn:appeals:problem:validation'],
    }),
    title: z.string(),
    status: z.number().int().min(100).max(599),
    detail: z.string().optional(),
    instance: z.string().optional().meta({ description: 'Path of the request' }),
    errors: z.array(fieldErrorSchema).optional(),
    requestId: z.string().optional(),
  })
  .meta({ id: 'ProblemDetails', description: 'RFC 9457 problem details' });

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface ResponseSpec {
  description: string;
  /** JSON body; responses ≥ 400 without one refer to ProblemDetails */
  schema?: z.ZodType;
  /** defaults to application/json (application/problem+json for ≥ 400) */
  contentType?: string;
  /** response headers worth documenting (`ETag`, a custom one), by name */
  headers?: Record<string, { description: string; schema?: z.ZodType }>;
}

/** What a service says about one route, next to the route itself. */
export interface RouteSpec {
  method: HttpMethod | Uppercase<HttpMethod>;
  /** express style: `/api/v1/appeals/:id` */
  path: string;
  summary: string;
  description?: string;
  operationId?: string;
  tags?: string[];
  /** needs a bearer token (adds the 401 answer) */
  security?: boolean;
  /**
   * accepts an `Idempotency-Key` header (adds the header and the 409/422 answers); by default every POST, PUT, PATCH
   * and DELETE does, as guardedRouter makes them
   */
  idempotent?: boolean;
  deprecated?: boolean;
  /** the same schemas given to `validate` */
  request?: { body?: z.ZodType; params?: z.ZodType; query?: z.ZodType; headers?: z.ZodType };
  responses: Record<number | `${number}`, ResponseSpec>;
}

export interface ApiRegistryOptions {
  title: string;
  version: string;
  description?: string;
  servers?: Array<{ url: string; description?: string }>;
}

/** Collects route descriptions and renders them as one OpenAPI 3.1 document. */
export interface ApiRegistry {
  /** throws on a duplicate method + path or a path OpenAPI cannot express */
  register(route: RouteSpec): void;
  routes(): readonly RouteSpec[];
  /** the OpenAPI 3.1 document (rendered once, again after each register) */
  document(): oas31.OpenAPIObject;
}

export const BEARER_SCHEME = 'bearerAuth';

const PARAM = /:([A-Za-z_][A-Za-z0-9_]*)/g;

/** `/api/v1/appeals/:id` → `/api/v1/appeals/{id}`; optional segments and wildcards are refused. */
export const toOpenApiPath = (path: string): string => {
  if (!path.startsWith('/') || /[{}*?()]/.test(path)) {
    throw new Error(`Cannot document route path "${path}": use plain segments and :params only`);
  }
  return path.replace(PARAM, '{$1}');
};

export const pathParamNames = (path: string): string[] =>
  [...path.matchAll(PARAM)].map((m) => m[1] as string);

const DEFAULT_PROBLEMS: Record<number, string> = {
  400: 'Invalid request (problem details list each field)',
  401: 'Missing or invalid bearer token',
  409: 'A request with this Idempotency-Key is still in progress',
  413: 'Request body too large',
  415: 'Request body is not JSON',
  422: 'Idempotency-Key reused for a different request',
};

const idempotencyKeyParameter: oas31.ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Retry-safe key (1–128 visible ASCII); a repeat returns the first answer with Idempotent-Replayed: true',
  schema: { type: 'string', minLength: 1, maxLength: 128 },
};

const responseObject = (status: number, spec: ResponseSpec): ZodOpenApiResponseObject => {
  const schema = spec.schema ?? (status >= 400 ? problemDetailsSchema : undefined);
  const headers = spec.headers && {
    headers: z.object(
      Object.fromEntries(
        Object.entries(spec.headers).map(([name, h]) => [
          name,
          (h.schema ?? z.string()).optional().meta({ description: h.description }),
        ]),
      ),
    ),
  };
  if (!schema) return { description: spec.description, ...headers };
  const contentType = spec.contentType ?? (status >= 400 ? PROBLEM_CONTENT_TYPE : 'application/json');
  return { description: spec.description, ...headers, content: { [contentType]: { schema } } };
};

const pathParamsSchema = (route: RouteSpec, names: string[]): z.ZodType | undefined => {
  const given = route.request?.params;
  if (given) {
    if (given instanceof z.ZodObject) {
      const missing = names.filter((name) => !(name in given.shape));
      if (missing.length > 0)
        throw new Error(`Route ${route.path}: params schema lacks ${missing.join(', ')}`);
    }
    return given;
  }
  if (names.length === 0) return undefined;
  return z.object(Object.fromEntries(names.map((name) => [name, z.string()])));
};

const operationFor = (route: RouteSpec): ZodOpenApiOperationObject => {
  const { request } = route;
  const idempotent = route.idempotent ?? isStateChanging(route.method);
  const params = pathParamsSchema(route, pathParamNames(route.path));
  const requestParams: ZodOpenApiParameters = {};
  if (params) requestParams.path = params as ZodOpenApiParameters['path'];
  if (request?.query) requestParams.query = request.query as ZodOpenApiParameters['query'];
  if (request?.headers) requestParams.header = request.headers as ZodOpenApiParameters['header'];

  const declared = new Map(
    Object.entries(route.responses).map(([status, spec]) => [Number(status), spec as ResponseSpec]),
  );
  const implied: number[] = [];
  if (request) implied.push(400);
  if (route.security) implied.push(401);
  if (request?.body) implied.push(413, 415);
  if (idempotent) implied.push(400, 409, 422);
  for (const status of implied) {
    if (!declared.has(status)) declared.set(status, { description: DEFAULT_PROBLEMS[status] ?? 'Problem' });
  }
  const responses: ZodOpenApiOperationObject['responses'] = {};
  for (const [status, spec] of [...declared].sort(([a], [b]) => a - b)) {
    responses[`${status}` as `${1 | 2 | 3 | 4 | 5}${string}`] = responseObject(status, spec);
  }

  return {
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    ...(route.operationId === undefined ? {} : { operationId: route.operationId }),
    ...(route.tags === undefined ? {} : { tags: route.tags }),
    ...(route.deprecated ? { deprecated: true } : {}),
    ...(Object.keys(requestParams).length > 0 ? { requestParams } : {}),
    ...(idempotent ? { parameters: [idempotencyKeyParameter] } : {}),
    ...(request?.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: request.body } } } }
      : {}),
    ...(route.security ? { security: [{ [BEARER_SCHEME]: [] }] } : {}),
    responses,
  };
};

/**
 * Creates a registry services fill route by route, so the document cannot drift from the code.
 *
 * @example
 * const api = createApiRegistry({ title: 'Intake', version: '1.0.0' });
 * api.register({ method: 'post', path: '/api/v1/appeals', summary: 'Submit an appeal', security: true,
 *   request: { body: submitAppealBody }, responses: { 201: { description: 'Registered', schema: appealCreated } } });
 * app.get('/openapi.json', openApiRoute(api));
 */
export const createApiRegistry = (options: ApiRegistryOptions): ApiRegistry => {
  const routes: RouteSpec[] = [];
  let rendered: oas31.OpenAPIObject | undefined;

  const render = (): oas31.OpenAPIObject => {
    const paths: ZodOpenApiPathsObject = {};
    for (const route of routes) {
      const item = (paths[toOpenApiPath(route.path)] ??= {});
      item[route.method.toLowerCase() as HttpMethod] = operationFor(route);
    }
    const document: ZodOpenApiObject = {
      openapi: '3.1.0',
      info: {
        title: options.title,
        version: options.version,
        ...(options.description === undefined ? {} : { description: options.description }),
      },
      ...(options.servers ? { servers: options.servers } : {}),
      paths,
      components: {
        securitySchemes: {
          [BEARER_SCHEME]: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'OIDC access token (JWT)',
          },
        },
      },
    };
    return createDocument(document);
  };

  return {
    register(route) {
      const method = route.method.toLowerCase() as HttpMethod;
      if (!HTTP_METHODS.includes(method)) throw new Error(`Unsupported method ${route.method}`);
      const path = toOpenApiPath(route.path);
      if (routes.some((r) => r.method.toLowerCase() === method && toOpenApiPath(r.path) === path)) {
        throw new Error(`Route ${method.toUpperCase()} ${route.path} is already registered`);
      }
      operationFor(route);
      routes.push(route);
      rendered = undefined;
    },
    routes: () => [...routes],
    document() {
      rendered ??= render();
      return rendered;
    },
  };
};

/** Serves the registry's document as JSON. */
export const openApiRoute =
  (registry: ApiRegistry): RequestHandler =>
  (_req, res) => {
    res.json(registry.document());
  };
