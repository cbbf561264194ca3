import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './api';

/** Every route of the platform's HTTP API, generated from its OpenAPI document (`./api.ts`). */
export type PlatformPaths = paths;
/** The named schemas of the API (`PlatformSchemas['ProblemDetails']`, …). */
export type PlatformSchemas = components['schemas'];
export type PlatformClient = Client<paths>;

export interface PlatformClientOptions {
  /** the gateway's origin, e.g. `https://appeals.example.kz` (paths start with /api/v1) */
  baseUrl: string;
  /** a bearer token (OIDC access token of your staff or service account), or a function giving a fresh one */
  token?: string | (() => string | Promise<string>);
  /** a fetch of your own (tests, proxies); the global fetch by default */
  fetch?: typeof fetch;
}

/**
 * A typed client of the platform's HTTP API (openapi-fetch over the generated types): paths, parameters, bodies,
 * answers and problem+json errors are checked by the compiler.
 *
 * @example
 * const api = createPlatformClient({ baseUrl, token });
 * const { data, error } = await api.GET('/api/v1/appeals/{id}', { params: { path: { id: appealId } } });
 */
export function createPlatformClient(options: PlatformClientOptions): PlatformClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const { token } = options;
  if (token !== undefined) {
    client.use({
      async onRequest({ request }) {
        const value = typeof token === 'function' ? await token() : token;
        request.headers.set('authorization', `Bearer ${value}`);
        return request;
      },
    });
  }
  return client;
}
