import request from 'supertest';
import { z } from 'zod';
import { createHttpApp, finalize } from './app';
import { createDevTokenIssuer, devTokenRouter } from './auth';
import { silentLogger } from './logger';
import { createApiRegistry, openApiRoute, toOpenApiPath } from './openapi';

// Example schemas under ids of their own: the contracts' schemas (roles come from there) are in zod's global registry.
const appealId = z.uuid().meta({ id: 'ExampleAppealId', description: 'Appeal identifier' });
const submitAppeal = z
  .strictObject({
    category: z.enum(['complaint', 'proposal', 'request']).meta({ description: 'Kind of appeal' }),
    text: z.string().min(10).max(10_000),
  })
  .meta({ id: 'ExampleSubmitAppeal', description: 'What an applicant sends' });
const appealCreated = z
  .object({ id: appealId, registrationNumber: z.string() })
  .meta({ id: 'AppealCreated' });
const appealView = z
  .object({ id: appealId, status: z.enum(['registered', 'routed', 'answered']) })
  .meta({ id: 'AppealView' });

const makeRegistry = () => {
  const api = createApiRegistry({ title: 'Appeals', version: '1.2.3', description: 'Citizens appeals API' });
  api.register({
    method: 'post',
    path: '/api/v1/appeals',
    summary: 'Submit an appeal',
    tags: ['appeals'],
    security: true,
    idempotent: true,
    request: { body: submitAppeal },
    responses: { 201: { description: 'Registered', schema: appealCreated } },
  });
  api.register({
    method: 'GET',
    path: '/api/v1/appeals/:id',
    summary: 'Read one appeal',
    tags: ['appeals'],
    security: true,
    request: { params: z.strictObject({ id: appealId }) },
    responses: {
      200: { description: 'The appeal', schema: appealView },
      404: { description: 'No such appeal' },
    },
  });
  api.register({
    method: 'get',
    path: '/api/v1/agencies/:agencyId/inbox',
    summary: 'Agency inbox',
    security: true,
    request: {
      query: z.strictObject({
        status: z.enum(['open', 'overdue']).optional(),
        limit: z.coerce.number().int().optional(),
      }),
    },
    responses: { 200: { description: 'Appeals waiting for the agency', schema: z.array(appealView) } },
  });
  api.register({
    method: 'get',
    path: '/health',
    summary: 'Liveness',
    responses: { 204: { description: 'Alive' } },
  });
  return api;
};

type Json = Record<string, any>;

describe('OpenAPI registry', () => {
  const doc = JSON.parse(JSON.stringify(makeRegistry().document())) as Json;

  it('produces an OpenAPI 3.1 document with info', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toEqual({ title: 'Appeals', version: '1.2.3', description: 'Citizens appeals API' });
  });

  it('converts express paths to OpenAPI templates', () => {
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/agencies/{agencyId}/inbox',
      '/api/v1/appeals',
      '/api/v1/appeals/{id}',
      '/health',
    ]);
    expect(doc.paths['/api/v1/appeals/{id}'].get.parameters).toEqual([
      expect.objectContaining({
        in: 'path',
        name: 'id',
        required: true,
        schema: { $ref: '#/components/schemas/ExampleAppealId' },
      }),
    ]);
  });

  it('declares path parameters the route did not describe', () => {
    expect(doc.paths['/api/v1/agencies/{agencyId}/inbox'].get.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ in: 'path', name: 'agencyId', required: true }),
        expect.objectContaining({ in: 'query', name: 'status' }),
        expect.objectContaining({ in: 'query', name: 'limit' }),
      ]),
    );
  });

  it('declares the bearer scheme and uses it on secured routes only', () => {
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    expect(doc.paths['/api/v1/appeals'].post.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/health'].get.security).toBeUndefined();
  });

  it('puts registered body schemas, with their meta, into components', () => {
    const post = doc.paths['/api/v1/appeals'].post;
    expect(post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ExampleSubmitAppeal',
    });
    expect(doc.components.schemas.ExampleSubmitAppeal).toMatchObject({
      type: 'object',
      description: 'What an applicant sends',
      required: ['category', 'text'],
      additionalProperties: false,
      properties: { category: { enum: ['complaint', 'proposal', 'request'], description: 'Kind of appeal' } },
    });
    expect(post.responses['201'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/AppealCreated',
    });
    expect(doc.components.schemas.ExampleAppealId).toMatchObject({
      type: 'string',
      format: 'uuid',
      description: 'Appeal identifier',
    });
  });

  it('answers problems with the shared ProblemDetails schema', () => {
    const post = doc.paths['/api/v1/appeals'].post;
    expect(Object.keys(post.responses).sort()).toEqual(['201', '400', '401', '409', '413', '415', '422']);
    for (const status of ['400', '401', '413', '415', '422']) {
      expect(post.responses[status].content['application/problem+json'].schema).toEqual({
        $ref: '#/components/schemas/ProblemDetails',
      });
    }
    expect(
      doc.paths['/api/v1/appeals/{id}'].get.responses['404'].content['application/problem+json'].schema,
    ).toEqual({
      $ref: '#/components/schemas/ProblemDetails',
    });
    expect(doc.components.schemas.ProblemDetails).toMatchObject({
      type: 'object',
      required: ['type', 'title', 'status'],
    });
    expect(post.parameters).toEqual([expect.objectContaining({ in: 'header', name: 'Idempotency-Key' })]);
  });

  it('leaves bodiless answers without content', () => {
    expect(doc.paths['/health'].get.responses['204']).toEqual({ description: 'Alive' });
  });

  it('documents response headers and a non-JSON content type a route names', () => {
    const api = createApiRegistry({ title: 'Appeals', version: '1' });
    api.register({
      method: 'get',
      path: '/api/v1/appeals/:id/events',
      summary: 'Changes of one appeal',
      responses: {
        200: {
          description: 'The stream',
          contentType: 'text/event-stream',
          schema: z.string(),
          headers: {
            ETag: { description: 'The version' },
            'Wait-Condition': { description: 'Met or not', schema: z.enum(['met', 'unmet']) },
          },
        },
      },
    });
    const ok = JSON.parse(JSON.stringify(api.document())).paths['/api/v1/appeals/{id}/events'].get.responses[
      '200'
    ];
    expect(ok.content).toEqual({ 'text/event-stream': { schema: { type: 'string' } } });
    expect(ok.headers).toMatchObject({
      ETag: { description: 'The version', schema: { type: 'string' } },
      'Wait-Condition': { description: 'Met or not', schema: { type: 'string', enum: ['met', 'unmet'] } },
    });
  });

  it('refuses duplicates and paths OpenAPI cannot express', () => {
    const api = makeRegistry();
    expect(() =>
      api.register({ method: 'post', path: '/api/v1/appeals', summary: 'again', responses: {} }),
    ).toThrow(/already registered/);
    expect(() => toOpenApiPath('/files/*rest')).toThrow();
    expect(() =>
      api.register({
        method: 'get',
        path: '/api/v1/x/:id',
        summary: 'x',
        request: { params: z.strictObject({ other: z.string() }) },
        responses: {},
      }),
    ).toThrow(/lacks id/);
  });

  it('is served as JSON, dev-token route included when registered', async () => {
    const api = makeRegistry();
    const app = createHttpApp({ logger: silentLogger });
    app.use(devTokenRouter(createDevTokenIssuer(), { registry: api }));
    app.get('/openapi.json', openApiRoute(api));
    finalize(app);
    const res = await request(app).get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.paths['/auth/dev-token'].post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/DevTokenRequest',
    });
    expect(res.body.components.schemas.Role.enum).toContain('press');
  });
});
