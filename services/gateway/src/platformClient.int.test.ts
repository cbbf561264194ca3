import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createPlatformClient, type PlatformSchemas } from '@appeals/agency-sdk';
import { silentLogger } from '@appeals/http';
import { HOUSING_APPEAL } from '@appeals/testkit';
import { createEmbeddedSystem } from './embedded';

// The agency SDK's typed HTTP client: its types are generated from the system's OpenAPI document (kept in
// packages/agency-sdk), and it talks to the embedded system as an agency's software would.

describe('the OpenAPI snapshot of the agency SDK', () => {
  it('is what the code documents now (else: pnpm --filter @appeals/gateway openapi:write)', () => {
    const check = spawnSync(
      process.execPath,
      [require.resolve('tsx/cli'), join(__dirname, 'openApiSnapshot.ts'), '--check'],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect({ status: check.status, stderr: check.stderr }).toEqual({ status: 0, stderr: '' });
  }, 130_000);
});

describe('the typed HTTP client against the embedded system', () => {
  const system = createEmbeddedSystem({ dataDir: ':memory:', logger: silentLogger });
  let server: Server;
  let baseUrl: string;
  beforeAll(async () => {
    await system.start();
    server = system.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await system.stop();
  });

  const tokenFor = async (body: PlatformSchemas['DevTokenRequest']): Promise<string> => {
    const { data, error } = await createPlatformClient({ baseUrl }).POST('/api/v1/auth/dev-token', { body });
    if (!data) throw new Error(JSON.stringify(error));
    return data.token;
  };

  it('files an appeal, reads it back, and gets problems typed', async () => {
    const api = createPlatformClient({
      baseUrl,
      token: () => tokenFor({ role: 'applicant', sub: 'citizen-1' }),
    });
    const filed = await api.POST('/api/v1/appeals', {
      body: HOUSING_APPEAL,
    });
    expect(filed.response.status).toBe(201);
    const appeal = filed.data!;
    expect(appeal.registrationNumber).toEqual(expect.any(String));

    const read = await api.GET('/api/v1/appeals/{id}', {
      params: { path: { id: appeal.id }, query: { minVersion: appeal.version, waitMs: 5_000 } },
    });
    expect(read.response.status).toBe(200);
    expect(read.response.headers.get('wait-condition')).toBe('met');

    const refused = await api.POST('/api/v1/appeals', {
      // a body the compiler refuses too: the test reaches the server's check on purpose
      body: { kind: 'application' } as never,
    });
    expect(refused.response.status).toBe(400);
    expect(refused.error?.errors?.map((e) => e.field)).toContain('body.categoryId');
  });
});
