import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { EmbeddedSystem } from './embedded';
import { filePortalAppeal, POTHOLE, startOpen311System, withdrawPortalAppeal } from './open311.fixture';

// Every Open311 answer of the embedded system, JSON and XML, checked against JSON Schemas written from the GeoReport
// v2 specification (https://wiki.open311.org/GeoReport_v2; fixtures/open311/schemas, each naming its section). The
// XML is parsed by an independent parser and mapped to the JSON shape (the spec's Spark convention) before the same
// schemas check it. Where we deviate from the spec on purpose, docs/open311.md says so and DOCUMENTED cites it;
// any other deviation fails here.

const KINDS = [
  'services',
  'service-definition',
  'post-request-response',
  'service-requests',
  'token-response',
  'errors',
] as const;
type Kind = (typeof KINDS)[number];

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
addFormats(ajv);
const schemaDir = join(__dirname, 'fixtures', 'open311', 'schemas');
const validators = Object.fromEntries(
  KINDS.map((kind) => [
    kind,
    ajv.compile(JSON.parse(readFileSync(join(schemaDir, `${kind}.schema.json`), 'utf8')) as object),
  ]),
) as Record<Kind, ValidateFunction>;

/** A deviation docs/open311.md states as deliberate: the schema error it excuses, and the doc's words. */
interface Documented {
  kind: Kind;
  keyword: string;
  missingProperty?: string;
  doc: string;
}
const NEVER_SHOWN =
  'docs/open311.md "What is never shown": "The reads are public and hold no personal data: no description, ' +
  'address, point, media or applicant. Nor `address_id` or `zipcode`: the platform keeps no address register id and ' +
  'no postal code"';
const DOCUMENTED: readonly Documented[] = [
  ...['description', 'address', 'lat', 'long', 'media_url', 'address_id', 'zipcode'].map(
    (missingProperty) => ({
      kind: 'service-requests' as const,
      keyword: 'required',
      missingProperty,
      doc: NEVER_SHOWN,
    }),
  ),
  {
    // the spec: service_request_id "should not be returned if token is returned" (and the reverse)
    kind: 'post-request-response',
    keyword: 'not',
    doc:
      'docs/open311.md Reference, POST requests.json: "201 with service_request_id, token, service_notice" ' +
      '(the token is the registration number, docs/adr/0032-open311.md "Tokens")',
  },
];

const excused = (kind: Kind, error: ErrorObject): boolean =>
  DOCUMENTED.some(
    (d) =>
      d.kind === kind &&
      d.keyword === error.keyword &&
      (d.missingProperty === undefined ||
        (error.params as { missingProperty?: string }).missingProperty === d.missingProperty),
  );

/** What in `body` breaks the spec's schema of `kind`, leaving out the documented deviations. */
function violations(label: string, kind: Kind, body: unknown): string[] {
  const validate = validators[kind];
  if (validate(body)) return [];
  return (validate.errors ?? [])
    .filter((error) => !excused(kind, error))
    .map((error) => `${label}: ${error.instancePath || '/'} ${error.message} (${kind}${error.schemaPath})`);
}

// ---- XML: the spec's element names, parsed and mapped to the JSON shape ----

const ROOTS: Record<Kind, readonly [string, string | undefined]> = {
  services: ['services', 'service'],
  'service-definition': ['service_definition', undefined],
  'post-request-response': ['service_requests', 'request'],
  'service-requests': ['service_requests', 'request'],
  'token-response': ['service_requests', 'request'],
  errors: ['errors', 'error'],
};
const LIST_PATHS = new Set([
  'services.service',
  'service_requests.request',
  'errors.error',
  'service_definition.attributes.attribute',
  'service_definition.attributes.attribute.values.value',
]);
/** Lists inside an element: `<attributes><attribute>…` is `attributes: [ … ]` in JSON. */
const LIST_CHILD: Record<string, string> = { attributes: 'attribute', values: 'value' };
const BOOLEAN_FIELDS = new Set(['metadata', 'variable', 'required']);
const NUMBER_FIELDS = new Set(['order', 'lat', 'long']);

const parser = new XMLParser({
  ignoreAttributes: false, // the spec's XML has none: any attribute shows up as a foreign '@_' property
  parseTagValue: false,
  ignoreDeclaration: true,
  jPath: true,
  isArray: (_name, jPath) => LIST_PATHS.has(String(jPath)),
});

/** Text of the XML as JSON values, field by field (Spark convention): empty is null, true/false and numbers typed. */
function typed(value: unknown, field: string, inErrors: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => typed(item, field, inErrors));
  const child = LIST_CHILD[field];
  if (
    child !== undefined &&
    value !== null &&
    typeof value === 'object' &&
    Object.keys(value).join() === child
  )
    return typed((value as Record<string, unknown>)[child], child, inErrors);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, child]) => [
        key,
        typed(child, key, inErrors),
      ]),
    );
  if (value === '') return child !== undefined ? [] : null;
  const text = String(value);
  if (BOOLEAN_FIELDS.has(field) && (text === 'true' || text === 'false')) return text === 'true';
  const numeric = NUMBER_FIELDS.has(field) || (inErrors && field === 'code');
  return numeric && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

/** An XML answer as the JSON the schemas read; problems with the document itself are pushed to `problems`. */
function xmlAsJson(label: string, kind: Kind, text: string, problems: string[]): unknown {
  // "the root element must be preceded with the XML declaration including the encoding="UTF-8" attribute"
  if (!/^<\?xml version="1\.0" encoding="utf-8"\?>/i.test(text))
    problems.push(`${label}: no XML declaration`);
  const wellFormed = XMLValidator.validate(text);
  if (wellFormed !== true) problems.push(`${label}: not well-formed: ${wellFormed.err.msg}`);
  const doc = parser.parse(text) as Record<string, unknown>;
  const [root, item] = ROOTS[kind];
  if (Object.keys(doc).join() !== root)
    problems.push(`${label}: root ${Object.keys(doc).join()}, not ${root}`);
  const top = doc[root];
  if (item === undefined) return typed(top, root, false);
  if (top === '') return [];
  const children = Object.keys(top as object);
  if (children.join() !== item) problems.push(`${label}: <${root}> holds ${children.join()}, not <${item}>`);
  return typed((top as Record<string, unknown>)[item], item, kind === 'errors');
}

/** JSON with empty text and nulls dropped: what the XML rendering (which leaves out null) must equal. */
const comparable = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(comparable);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, child]) => child !== null && child !== '')
      .map(([key, child]) => [key, comparable(child)]),
  );
};

// ---- the system ----

const KEY = 'schema-test-key';
let system: EmbeddedSystem;
const filed: Array<{ id: string; token: string }> = [];
const posted: Array<{ label: string; kind: Kind; status: number; body: unknown; text: string }> = [];

const pothole = { api_key: KEY, ...POTHOLE };
const anonymous = {
  api_key: KEY,
  service_code: 'environment',
  address_string: 'Abay Ave 10',
  description: 'Rubbish dumped by the river bank.',
  'attribute[region]': '750000000',
  'attribute[kind]': 'report',
};

const get = (path: string) => request(system.app).get(`/open311/v2/${path}`);
const postForm = (path: string, fields: Record<string, string>) =>
  request(system.app).post(`/open311/v2/${path}`).type('form').send(new URLSearchParams(fields).toString());

/** Files through Open311 (JSON and XML) and through /api/v1 (then withdrawn: a closed request). */
async function fileAppeals(): Promise<void> {
  for (const [path, fields] of [
    ['requests.json', pothole],
    ['requests.xml', anonymous],
  ] as const) {
    const res = await postForm(path, fields);
    posted.push({
      label: `POST ${path}`,
      kind: 'post-request-response',
      status: res.status,
      body: res.body,
      text: res.text,
    });
  }
  const portal = await filePortalAppeal(system);
  await withdrawPortalAppeal(system, portal);
  const [created] = posted[0]!.body as Array<{ service_request_id: string; token: string }>;
  filed.push({ id: created!.service_request_id, token: created!.token });
  filed.push({ id: portal.id, token: portal.registrationNumber });
}

beforeAll(async () => {
  system = await startOpen311System(KEY);
  await fileAppeals();
});
afterAll(() => system.stop());

/** GETs `path` in JSON and XML, checks both against the schema of `kind` and each other; returns the JSON. */
async function checkBoth(path: string, kind: Kind, problems: string[], status = 200): Promise<unknown> {
  const json = await get(`${path}.json`);
  const xml = await get(`${path}.xml`);
  for (const res of [json, xml])
    if (res.status !== status) problems.push(`GET ${path}: status ${res.status}, expected ${status}`);
  problems.push(...violations(`GET ${path}.json`, kind, json.body));
  const fromXml = xmlAsJson(`GET ${path}.xml`, kind, xml.text, problems);
  problems.push(...violations(`GET ${path}.xml`, kind, fromXml));
  // an error's description may name the asked format (see services.json / services.xml), so errors are left out
  if (kind !== 'errors' && JSON.stringify(comparable(fromXml)) !== JSON.stringify(comparable(json.body)))
    problems.push(`GET ${path}: the XML does not say what the JSON says`);
  return json.body;
}

describe('the service list and definitions', () => {
  it('match "GET Service List" and "GET Service Definition", in JSON and XML', async () => {
    const problems: string[] = [];
    const services = (await checkBoth('services', 'services', problems)) as Array<{ service_code: string }>;
    await checkBoth('services', 'services', problems); // the cached answer is the same document
    expect(services.length).toBeGreaterThan(0);
    for (const { service_code } of services) {
      const definition = (await checkBoth(`services/${service_code}`, 'service-definition', problems)) as {
        attributes: Array<{ order: number }>;
      };
      const orders = definition.attributes.map((a) => a.order);
      // "Any positive integer not used for other attributes in the same service_code"
      if (new Set(orders).size !== orders.length) problems.push(`services/${service_code}: repeated order`);
    }
    expect(problems).toEqual([]);
  });
});

describe('filing', () => {
  it('answers POST requests.json and .xml as "POST Service Request > Response"', () => {
    const problems: string[] = [];
    for (const { label, kind, status, body, text } of posted) {
      expect(status).toBe(201);
      const shape = label.endsWith('.xml') ? xmlAsJson(label, kind, text, problems) : body;
      problems.push(...violations(label, kind, shape));
      // every service is type "realtime": "The service request ID will be returned immediately"
      for (const entry of shape as Array<Record<string, unknown>>)
        if (!entry.service_request_id) problems.push(`${label}: realtime service without service_request_id`);
    }
    expect(problems).toEqual([]);
  });
});

describe('the request reads', () => {
  it('match "GET Service Requests" with and without filters, and "GET Service Request"', async () => {
    const problems: string[] = [];
    const ids = filed.map((f) => f.id).join(',');
    const queries = [
      '',
      'status=open',
      'status=closed',
      'service_code=roads_transport,taxes',
      `service_request_id=${ids}`,
      'start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z',
    ];
    let all: unknown[] = [];
    for (const query of queries) {
      const path = `requests?${query}`;
      const res = await get(`requests.json?${query}`);
      if (res.status !== 200) problems.push(`GET ${path}: status ${res.status}`);
      problems.push(...violations(`GET ${path}`, 'service-requests', res.body));
      const xml = await get(`requests.xml?${query}`);
      const fromXml = xmlAsJson(`GET ${path} (xml)`, 'service-requests', xml.text, problems);
      problems.push(...violations(`GET ${path} (xml)`, 'service-requests', fromXml));
      if (query === '') all = res.body as unknown[];
    }
    expect(all.length).toBeGreaterThanOrEqual(3);
    for (const { id } of filed) await checkBoth(`requests/${id}`, 'service-requests', problems);
    expect(problems).toEqual([]);
  });

  it('match "GET service_request_id from a token"', async () => {
    const problems: string[] = [];
    for (const { id, token } of filed) {
      const body = await checkBoth(`tokens/${token}`, 'token-response', problems);
      expect(body).toEqual([{ service_request_id: id, token }]);
    }
    expect(problems).toEqual([]);
  });
});

// "HTTP error codes should always be 404 for resources that don't exist, 403 for errors because of wrong or missing
// api_key and basically 400 for any other error" (section Errors).
describe('errors', () => {
  it('answer unknown services, requests and tokens 404 and a wrong api_key 403, as "Errors > Response"', async () => {
    const problems: string[] = [];
    await checkBoth('services/no_such_service', 'errors', problems, 404);
    await checkBoth('requests/00000000-0000-4000-8000-000000000000', 'errors', problems, 404);
    await checkBoth('tokens/19990101-NOSUCH', 'errors', problems, 404);
    for (const path of ['requests.json', 'requests.xml']) {
      const res = await postForm(path, { ...pothole, api_key: 'not-a-key' });
      if (res.status !== 403) problems.push(`POST ${path} with a wrong api_key: status ${res.status}`);
      const body = path.endsWith('.xml') ? xmlAsJson(path, 'errors', res.text, problems) : res.body;
      problems.push(...violations(`POST ${path} wrong api_key`, 'errors', body));
    }
    expect(problems).toEqual([]);
  });

  it.each([
    ['a missing api_key', 403, { ...pothole, api_key: '' }],
    [
      'an unknown service_code ("404 - service_code ... was not found")',
      404,
      { ...pothole, service_code: 'nope' },
    ],
    ['a too short description (any other error)', 400, { ...pothole, description: 'hole' }],
  ])('answer a POST with %s with the spec status %i', async (_what, status, fields) => {
    const res = await postForm('requests.json', fields);
    expect(violations('POST requests.json', 'errors', res.body)).toEqual([]);
    expect(res.status).toBe(status);
  });
});

describe('the XML format', () => {
  // "Format Support": "XML: Content-Type: text/xml; charset=utf-8", "XML for the API should be Content-Type: text/xml"
  it('is sent as text/xml; charset=utf-8', async () => {
    const res = await get('services.xml');
    expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
  });
});
