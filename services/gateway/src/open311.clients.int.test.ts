import { hashApiKey, open311ApiKeys } from '@appeals/appeal-http';
import { silentLogger } from '@appeals/http';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createEmbeddedSystem, type EmbeddedSystem } from './embedded';

// The Open311 edge with GeoReport v2 clients we did not write, unchanged: civicbot's client (service list, the
// definition its payload is checked against, a form POST with api_key, the request, its token, a filtered list, a
// wrong key) and georeport (the reads in JSON and in XML). They come from PyPI (fixtures/open311/requirements.txt)
// into a virtual environment under node_modules/.cache, made once; fixtures/open311/clients.py drives them.

const run = promisify(execFile);
const fixtures = join(__dirname, 'fixtures', 'open311');
const venv = join(__dirname, '..', 'node_modules', '.cache', 'open311-clients');
const python = join(venv, 'bin', 'python');
const KEY = 'integration-test-key';

const installed = async () =>
  existsSync(python) &&
  (await run(python, ['-c', 'import civicbot, georeport']).then(
    () => true,
    () => false,
  ));

/** The clients' environment: made with python3 and pip the first time, reused after. */
async function installClients(): Promise<void> {
  if (await installed()) return;
  await run('python3', ['-m', 'venv', '--clear', venv]);
  const requirements = join(fixtures, 'requirements.txt');
  await run(python, ['-m', 'pip', 'install', '-q', '--disable-pip-version-check', '-r', requirements], {
    timeout: 240_000,
  });
}

/** python3 is on every machine of this project's kind; where it is missing the suite says so (and fails in CI). */
const pythonThere = (): boolean => {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI) throw new Error('python3 is missing: the Open311 client suite cannot run in CI');
    process.stderr.write('!!! SKIPPING the Open311 client suite: python3 is not on PATH\n');
    return false;
  }
};

interface ClientsReport {
  civicbot_services: string[];
  civicbot_refused_bad_region: string[] | false;
  civicbot_filed: Array<{ service_request_id: string; token: string; service_notice: string }>;
  civicbot_request: Record<string, unknown>;
  civicbot_token: Array<{ service_request_id: string; token: string }>;
  civicbot_open_roads: string[];
  civicbot_wrong_key: { status: number; body: unknown } | null;
  georeport_json: GeoreportReport;
  georeport_xml: GeoreportReport;
}
interface GeoreportReport {
  services: string[];
  definition_attributes: string[];
  open_roads: string[];
  request: { service_request_id: string; status: string; service_code: string };
}

(pythonThere() ? describe : describe.skip)('published GeoReport v2 clients against the system', () => {
  let system: EmbeddedSystem;
  let server: Server;
  let report: ClientsReport;

  beforeAll(async () => {
    await installClients();
    system = createEmbeddedSystem({
      dataDir: ':memory:',
      logger: silentLogger,
      open311: {
        apiKeys: open311ApiKeys(`it:${hashApiKey(KEY)}`),
        defaultKind: 'application',
        language: 'en',
      },
    });
    await system.start();
    server = await new Promise<Server>((resolve) => {
      const listening = system.app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/open311/v2`;
    // the clients talk to this process on loopback, never through a proxy the environment may name
    const env = { ...process.env, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost' };
    const { stdout } = await run(python, [join(fixtures, 'clients.py'), base, KEY], {
      timeout: 120_000,
      env,
    });
    report = JSON.parse(stdout) as ClientsReport;
  }, 400_000);
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await system?.stop();
  });

  it('lists every category as a service, and the definition lets a client check its attributes', () => {
    const codes = system.catalog.data.categories.map((c) => c.id);
    expect(report.civicbot_services).toEqual(codes);
    expect(report.civicbot_refused_bad_region).toEqual([expect.stringContaining("attribute 'region'")]);
  });

  it('files through a form POST with api_key, and reads the request and its token back', async () => {
    const [filed] = report.civicbot_filed;
    expect(filed!.service_request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(report.civicbot_request).toMatchObject({
      service_request_id: filed!.service_request_id,
      status: 'open',
      service_code: 'roads_transport',
    });
    expect(report.civicbot_token).toEqual([
      { service_request_id: filed!.service_request_id, token: filed!.token },
    ]);
    expect(report.civicbot_open_roads).toContain(filed!.service_request_id);
    const [submitted] = await system.store.readStream(`appeal-${filed!.service_request_id}`);
    expect(submitted!.data).toMatchObject({ kind: 'report', regionKato: '710000000', language: 'en' });
    expect(JSON.stringify(submitted!.data)).not.toContain('Kabanbay');
  });

  it('refuses a wrong api key with the error array clients expect', () => {
    expect(report.civicbot_wrong_key).toEqual({
      status: 403,
      body: [{ code: 403, description: 'api_key: unknown key' }],
    });
  });

  it('answers georeport the same in JSON and in XML', () => {
    const id = report.civicbot_filed[0]!.service_request_id;
    for (const answer of [report.georeport_json, report.georeport_xml]) {
      expect(answer.services).toEqual(report.civicbot_services);
      expect(answer.definition_attributes).toEqual(['region', 'kind', 'language']);
      expect(answer.open_roads).toEqual([id]);
      expect(answer.request).toEqual({
        service_request_id: id,
        status: 'open',
        service_code: 'roads_transport',
      });
    }
  });
});
