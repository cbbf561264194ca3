import { appealStream } from '@appeals/contracts';
import { silentLogger } from '@appeals/http';
import request from 'supertest';
import { createEmbeddedSystem, type EmbeddedSystem } from './embedded';
import { filePortalAppeal, POTHOLE, startOpen311System, withdrawPortalAppeal } from './open311.fixture';

// Open311 GeoReport v2 at /open311/v2 on the embedded system (ADR "Open311"): the service list from the catalog,
// filing through the same path as POST /api/v1/appeals (idempotency, validation, sealing), public reads from the
// summary view with nothing personal in them, and errors as the array of { code, description } clients expect.

const KEY = 'city-app-secret-key';
let system: EmbeddedSystem;

beforeAll(async () => {
  system = await startOpen311System(KEY);
});
afterAll(() => system.stop());

const form = (fields: Record<string, string>) => new URLSearchParams({ api_key: KEY, ...fields }).toString();
const pothole = POTHOLE;
const post = (body: string, path = '/open311/v2/requests.json') =>
  request(system.app).post(path).type('form').send(body);

async function file(fields: Record<string, string> = pothole): Promise<{ id: string; token: string }> {
  const res = await post(form(fields));
  expect(res.status).toBe(201);
  const [created] = res.body as Array<{ service_request_id: string; token: string }>;
  await system.settled();
  return { id: created!.service_request_id, token: created!.token };
}

describe('the service list', () => {
  it('offers every category as a service with its definition', async () => {
    const res = await request(system.app).get('/open311/v2/services.json');
    expect(res.status).toBe(200);
    const codes = (res.body as Array<{ service_code: string; metadata: boolean }>).map((s) => s.service_code);
    expect(codes).toEqual(system.catalog.data.categories.map((c) => c.id));
    expect(res.body[1]).toMatchObject({
      service_name: 'Roads and transport',
      metadata: true,
      type: 'realtime',
    });

    const definition = await request(system.app).get('/open311/v2/services/roads_transport.json');
    expect(definition.body.service_code).toBe('roads_transport');
    const region = definition.body.attributes.find((a: { code: string }) => a.code === 'region');
    expect(region).toMatchObject({ datatype: 'singlevaluelist', required: false });
    expect(region.values).toContainEqual({ key: '750000000', name: 'Almaty city' });
  });

  it('answers in XML at .xml, and in Kazakh with ?locale=kk', async () => {
    const res = await request(system.app).get('/open311/v2/services.xml?locale=kk');
    expect(res.type).toBe('text/xml');
    expect(res.text).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><services><service><service_code>/);
    expect(res.text).toContain('<service_code>roads_transport</service_code>');
    const kazakh = system.catalog.data.categories[1]!.name.kk;
    expect(res.text).toContain(`<service_name>${kazakh}</service_name>`);
  });

  it('says 404 the Open311 way for a service that does not exist', async () => {
    const res = await request(system.app).get('/open311/v2/services/no_such.json');
    expect(res.status).toBe(404);
    expect(res.body).toEqual([{ code: 404, description: expect.stringContaining('no_such') }]);
  });
});

describe('filing a request', () => {
  it('files an appeal with a sealed location, and shows it publicly without anything personal', async () => {
    const { id, token } = await file();
    const events = await system.store.readStream(appealStream(id));
    const stored = JSON.stringify(events.map((e) => e.data));
    for (const secret of ['Kabanbay', '51.1283', 'pothole', 'Aigerim', 'aigerim@example.kz'])
      expect(stored).not.toContain(secret);
    const submitted = events[0]!.data as {
      location: Parameters<typeof system.vault.open>[0];
      subject: string;
    };
    expect(await system.vault.open(submitted.location, 'location')).toEqual({
      status: 'present',
      value: { lat: 51.1283, long: 71.4305, address: 'Kabanbay Batyr Ave 1, Astana' },
    });
    expect(submitted.subject).toBe('Roads and transport');
    expect(events[0]!.metadata.actor).toEqual({ id: 'open311:city-app', role: 'applicant' });

    const read = await request(system.app).get(`/open311/v2/requests/${id}.json`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual([
      expect.objectContaining({ service_request_id: id, status: 'open', service_code: 'roads_transport' }),
    ]);
    const shown = JSON.stringify(read.body);
    for (const secret of ['Kabanbay', '51.1283', 'pothole', 'Aigerim', 'aigerim'])
      expect(shown).not.toContain(secret);
    expect(read.body[0]).not.toHaveProperty('description');

    const byToken = await request(system.app).get(`/open311/v2/tokens/${token}.json`);
    expect(byToken.body).toEqual([{ service_request_id: id, token }]);

    // who may read the appeal itself (here an auditor) gets its location opened, like its text
    const auditor = await request(system.app).post('/api/v1/auth/dev-token').send({ role: 'auditor' });
    const detail = await request(system.app)
      .get(`/api/v1/appeals/${id}`)
      .set('authorization', `Bearer ${auditor.body.token}`);
    expect(detail.body).toMatchObject({
      text: pothole.description,
      location: { lat: 51.1283, long: 71.4305, address: 'Kabanbay Batyr Ave 1, Astana' },
    });
  });

  it('files once for one Idempotency-Key, and refuses the key with another body', async () => {
    const body = form({
      ...pothole,
      description: 'The street light at the corner has been dark for a week.',
    });
    const send = (b: string) => post(b).set('Idempotency-Key', 'open311-retry-1');
    const first = await send(body);
    const again = await send(body);
    expect(again.status).toBe(201);
    expect(again.body[0].service_request_id).toBe(first.body[0].service_request_id);
    const other = await send(form({ ...pothole, description: 'Another matter entirely, with other words.' }));
    expect(other.status).toBe(422);
    expect(other.body).toEqual([{ code: 422, description: expect.any(String) }]);
  });

  it('files an anonymous report without a name, with an address alone, in another region', async () => {
    const anonymous = {
      service_code: 'environment',
      address_string: 'Abay Ave 10',
      description: 'Rubbish dumped by the river bank.',
    };
    const { id } = await file({
      ...anonymous,
      'attribute[region]': '750000000',
      'attribute[kind]': 'report',
    });
    const [submitted] = await system.store.readStream(appealStream(id));
    expect(submitted!.data).toMatchObject({
      regionKato: '750000000',
      kind: 'report',
      applicant: { type: 'anonymous' },
    });
  });
});

describe('the region of a filing', () => {
  it('is a KATO jurisdiction_id when no attribute names one, else the default region', async () => {
    const { id: byJurisdiction } = await file({ ...pothole, jurisdiction_id: '790000000' });
    const { id: byDefault } = await file({ ...pothole, jurisdiction_id: 'kz.gov' });
    const regionOf = async (id: string) => (await system.store.readStream(appealStream(id)))[0]!.data;
    expect(await regionOf(byJurisdiction)).toMatchObject({ regionKato: '790000000' });
    expect(await regionOf(byDefault)).toMatchObject({ regionKato: '710000000' });
  });
});

describe('refusals', () => {
  const refused = async (body: string, status: number, path?: string) => {
    const res = await post(body, path);
    expect(res.status).toBe(status);
    return res;
  };

  it('names each bad field as the client sent it', async () => {
    // GeoReport v2: "403 - Missing or Invalid API Key"
    const noKey = await refused(new URLSearchParams(pothole).toString(), 403);
    expect(noKey.body).toEqual([{ code: 403, description: 'api_key: missing' }]);
    const emptyKey = await refused(form({ ...pothole, api_key: '' }), 403);
    expect(emptyKey.body).toEqual([{ code: 403, description: 'api_key: missing' }]);
    const wrongKey = await refused(form({ ...pothole, api_key: 'guess' }), 403);
    expect(wrongKey.body).toEqual([{ code: 403, description: 'api_key: unknown key' }]);
    const short = await refused(form({ ...pothole, description: 'hole' }), 400);
    expect(short.body).toEqual([{ code: 400, description: expect.stringMatching(/^description: /) }]);
    const unnamed = await refused(form({ ...pothole, first_name: '', last_name: '' }), 400);
    expect(unnamed.body[0].description).toMatch(/^last_name: required with an email or phone/);
    const half = await refused(form({ ...pothole, long: '' }), 400);
    expect(half.body[0].description).toMatch(/^long: lat and long come together/);
    const notANumber = await refused(form({ ...pothole, lat: 'north' }), 400);
    expect(notANumber.body[0].description).toMatch(/^lat: /);
    // GeoReport v2: "404 - service_code or jurisdiction_id was not found"
    const unknown = await refused(form({ ...pothole, service_code: 'no_such' }), 404);
    expect(unknown.body[0].description).toMatch(/^service_code: unknown service/);
    const region = await refused(form({ ...pothole, 'attribute[region]': '999999999' }), 400);
    expect(region.body[0].description).toMatch(/^attribute\[region\]: /);
    const kind = await refused(form({ ...pothole, 'attribute[kind]': 'petition' }), 400);
    expect(kind.body[0].description).toMatch(/^attribute\[kind\]: unknown kind/);
  });

  it('answers in XML on .xml paths, and never with problem+json, even for a body the parser refuses', async () => {
    const xml = await refused(form({ ...pothole, api_key: 'guess' }), 403, '/open311/v2/requests.xml');
    expect(xml.type).toBe('text/xml');
    expect(xml.text).toContain(
      '<errors><error><code>403</code><description>api_key: unknown key</description>',
    );
    const broken = await request(system.app)
      .post('/open311/v2/requests.json')
      .set('content-type', 'application/json')
      .send('{"api_key":');
    expect(broken.status).toBe(400);
    expect(broken.type).toBe('application/json');
    expect(broken.body).toEqual([{ code: 400, description: expect.any(String) }]);
    const elsewhere = await request(system.app).get('/open311/v2/nothing.json');
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body).toEqual([{ code: 404, description: expect.any(String) }]);
  });
});

describe('the request list', () => {
  let open: string;
  beforeAll(async () => {
    open = (
      await file({ ...pothole, service_code: 'education', description: 'The school heating is off again.' })
    ).id;
  });
  const list = (query: string) => request(system.app).get(`/open311/v2/requests.json?${query}`);
  const ids = (body: Array<{ service_request_id: string }>) => body.map((r) => r.service_request_id);

  it('filters by service, status, id list and period', async () => {
    expect(ids((await list('service_code=education')).body)).toEqual([open]);
    expect(ids((await list('service_code=education&status=closed')).body)).toEqual([]);
    expect(ids((await list('service_code=education,taxes&status=open,closed')).body)).toEqual([open]);
    const all = ids((await list('')).body);
    expect(all.length).toBeGreaterThanOrEqual(4);
    expect(ids((await list(`service_request_id=${all[1]},${all[0]}`)).body)).toEqual([all[1], all[0]]);
    expect(ids((await list('start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z')).body)).toEqual(
      [],
    );
  });

  it('shows an appeal filed on the portal too, closed once the applicant withdrew it', async () => {
    const filed = await filePortalAppeal(system, { location: { address: 'Абая 10' } });
    expect((await list('service_code=taxes&status=open')).body).toEqual([
      expect.objectContaining({ service_request_id: filed.id, status: 'open' }),
    ]);
    await withdrawPortalAppeal(system, filed);
    expect(ids((await list('service_code=taxes&status=open')).body)).toEqual([]);
    expect((await list('service_code=taxes&status=closed')).body).toEqual([
      expect.objectContaining({
        service_request_id: filed.id,
        status: 'closed',
        status_notes: 'withdrawn',
      }),
    ]);
  });

  it('refuses a period over 90 days, an unknown status and a malformed id, naming the parameter', async () => {
    const long = await list('start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z');
    expect(long.status).toBe(400);
    expect(long.body).toEqual([{ code: 400, description: 'end_date: at most 90 days after start_date' }]);
    expect((await list('status=pending')).body[0].description).toMatch(/^status/);
    expect((await list('service_request_id=42')).body[0].description).toMatch(/^service_request_id/);
    expect((await request(system.app).get('/open311/v2/requests/42.json')).status).toBe(400);
  });
});

describe('the edge in front of Open311', () => {
  it('answers a client over its rate limit the Open311 way, with Retry-After', async () => {
    const limited = createEmbeddedSystem({
      dataDir: ':memory:',
      logger: silentLogger,
      edge: { rateLimit: { limit: 1, windowMs: 60_000 } },
    });
    expect((await request(limited.app).get('/open311/v2/services.json')).status).toBe(200);
    const refused = await request(limited.app).get('/open311/v2/services.xml');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.text).toContain('<errors><error><code>429</code>');
    await limited.stop();
  });
});

// Bad input is a 4xx in the Open311 format, never a 500: forms and queries made of the spec's field names with values
// of every kind (repeated keys make arrays, brackets, huge and odd text), from a fixed seed so a failure replays.
describe('garbage in', () => {
  const FIELDS = [
    'api_key',
    'service_code',
    'lat',
    'long',
    'address_string',
    'description',
    'first_name',
    'last_name',
    'email',
    'phone',
    'jurisdiction_id',
    'attribute[region]',
    'attribute[kind]',
    'attribute[language]',
    'service_request_id',
    'start_date',
    'end_date',
    'status',
    'locale',
    'attribute[]',
    '__proto__',
    'constructor',
  ];
  const VALUES = [
    '',
    ' ',
    KEY,
    'roads_transport',
    '91',
    '-180.5',
    '1e309',
    'NaN',
    '0x10',
    '710000000',
    '2026-13-45T99:00:00Z',
    'open,closed,',
    ',,,',
    'x'.repeat(30_000),
    '\u0000',
    '\ud800',
    '👍'.repeat(50),
    '<b>&amp;</b>',
    '%E0%A4%A',
    '00000000-0000-0000-0000-000000000000',
    '[object Object]',
    'true',
  ];
  let seed = 311;
  const pick = <T>(items: readonly T[]): T => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return items[seed % items.length]!;
  };
  const garbage = () =>
    Array.from(
      { length: 1 + (seed % 7) },
      () => `${encodeURIComponent(pick(FIELDS))}=${encodeURIComponent(pick(VALUES))}`,
    ).join('&');

  it('answers 150 odd forms and queries with a 2xx or an Open311 error, never a 5xx', async () => {
    const seen = new Set<number>();
    for (let i = 0; i < 150; i++) {
      const path = pick([
        'requests.json',
        'requests.xml',
        'services.json',
        `requests/${pick(VALUES)}.json`,
        'tokens/%ZZ.json',
      ]);
      const res =
        i % 2 === 0
          ? await request(system.app).post(`/open311/v2/${path}`).type('form').send(garbage())
          : await request(system.app).get(`/open311/v2/${path}?${garbage()}`);
      seen.add(res.status);
      expect(res.status).toBeLessThan(500);
      // a URL over Node's 16 KB header limit is refused by the HTTP server itself, before any middleware
      if (res.status === 431) continue;
      if (res.status >= 400 && res.type === 'application/json')
        expect((res.body as unknown[]).length > 0 && res.body).toEqual(
          (res.body as unknown[]).map(() => ({ code: res.status, description: expect.any(String) })),
        );
      if (res.status >= 400 && res.type !== 'application/json')
        expect(res.text).toContain(`<code>${res.status}</code>`);
    }
    expect([...seen].some((status) => status >= 400)).toBe(true);
  });
});
