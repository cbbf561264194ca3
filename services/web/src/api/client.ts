import { useEffect, useState } from 'react';
import type { Catalog } from './types';

/** One field named by the API's problem+json (`body.text`, `query.trackingCode`, ...). */
export interface FieldProblem {
  field: string;
  message: string;
  code?: string;
}

/** An RFC 9457 problem answered by the API, or a network failure (status 0). */
export class ApiProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldProblem[];
  readonly type: string;
  readonly code: string | undefined;

  constructor(p: {
    status: number;
    title: string;
    detail?: string;
    errors?: FieldProblem[];
    type?: string;
    code?: string;
  }) {
    super(p.detail ?? p.title);
    this.name = 'ApiProblem';
    this.status = p.status;
    this.title = p.title;
    this.detail = p.detail;
    this.errors = p.errors ?? [];
    this.type = p.type ?? 'about:blank';
    this.code = p.code;
  }

  /** The message for one field; `body.text` also matches a nested `body.text.x`. */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.field === field || e.field.startsWith(`${field}.`))?.message;
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface ApiOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  token?: string;
  idempotencyKey?: string;
  /** an applicant without an account acts with the tracking code from the registration slip */
  trackingCode?: string;
  query?: Query;
  signal?: AbortSignal;
}

let baseUrl = '';
/** The API is served at the same origin as the app; tests and tools may point elsewhere. */
export function setApiBase(url: string): void {
  baseUrl = url.replace(/\/$/, '');
}

/** `/api/v1` + path + the defined query parameters. */
export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `${baseUrl}/api/v1${path}${qs ? `?${qs}` : ''}`;
}

function isFieldProblem(x: unknown): x is FieldProblem {
  return typeof x === 'object' && x !== null && typeof (x as FieldProblem).field === 'string';
}

/** Turns any error reply into an ApiProblem, whether or not the body is problem+json. */
export function toProblem(status: number, statusText: string, body: unknown): ApiProblem {
  if (typeof body === 'object' && body !== null) {
    const b = body as Record<string, unknown>;
    return new ApiProblem({
      status: typeof b.status === 'number' ? b.status : status,
      title: typeof b.title === 'string' ? b.title : statusText || `HTTP ${status}`,
      ...(typeof b.detail === 'string' ? { detail: b.detail } : {}),
      ...(typeof b.type === 'string' ? { type: b.type } : {}),
      ...(typeof b.code === 'string' ? { code: b.code } : {}),
      errors: Array.isArray(b.errors)
        ? b.errors.filter(isFieldProblem).map((e) => ({
            field: e.field,
            message: typeof e.message === 'string' ? e.message : '',
            ...(typeof e.code === 'string' ? { code: e.code } : {}),
          }))
        : [],
    });
  }
  return new ApiProblem({
    status,
    title: statusText || `HTTP ${status}`,
    ...(typeof body === 'string' && body ? { detail: body.slice(0, 300) } : {}),
  });
}

/** Calls the API; resolves the JSON reply or throws an ApiProblem. */
export async function api<T>(path: string, opts: ApiOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  if (opts.trackingCode) headers['x-tracking-code'] = opts.trackingCode;
  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.query), {
      method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
      headers,
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiProblem({ status: 0, title: 'Network error', detail: (err as Error).message });
  }
  const text = await res.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  if (!res.ok) throw toProblem(res.status, res.statusText, body);
  return body as T;
}

/** A fresh key for one user action, so a retried POST is applied once. */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

let catalogPromise: Promise<Catalog> | undefined;
/** The catalog (kinds with terms, categories, regions, agencies); fetched once per page load. */
export function loadCatalog(): Promise<Catalog> {
  catalogPromise ??= api<Catalog>('/catalog').catch((err: unknown) => {
    catalogPromise = undefined;
    throw err;
  });
  return catalogPromise;
}

export function useCatalog(): { catalog?: Catalog; error?: ApiProblem } {
  const [state, setState] = useState<{ catalog?: Catalog; error?: ApiProblem }>({});
  useEffect(() => {
    let live = true;
    loadCatalog().then(
      (catalog) => live && setState({ catalog }),
      (error: unknown) => live && setState({ error: error instanceof ApiProblem ? error : toProblem(0, String(error), undefined) }),
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}

/** GETs `path` (again when it or the token changes): the reply, or the API's problem (other failures are dropped). */
export function useApiGet<T>(path: string, token?: string): { data?: T; problem?: ApiProblem } {
  const [data, setData] = useState<T>();
  const [problem, setProblem] = useState<ApiProblem>();
  useEffect(() => {
    api<T>(path, { token }).then(setData, (err: unknown) => {
      if (err instanceof ApiProblem) setProblem(err);
    });
  }, [path, token]);
  return { data, problem };
}
