import type { Principal } from '@appeals/http';
import {
  checkpointSignatureValid,
  createChainSealer,
  createCheckpointSigner,
  createInMemoryChainStore,
  generateSigningKey,
  readPublicKey,
  type ChainStore,
} from '@appeals/chain';
import { appealStream, type EventStore, type StoredEvent } from '@appeals/eventstore';
import {
  createTestPlatform,
  submitAppealCommand,
  routeAppealCommand,
  type TestPlatform,
} from '@appeals/testkit';
import { createApiRegistry } from '@appeals/http';
import { randomUUID } from 'node:crypto';
import { auditRouter } from './audit.http';

// GET /audit/appeals/{id}/verify on the test platform (in-memory store, wired as the embedded gateway wires it).
// The in-memory store cannot be edited behind its back, so tampering is shown through a store whose reads return
// what an attacker left in the rows; the same checks run on real rows in the SQLite and PostgreSQL tamper suites.

const AUDITOR: Principal = { sub: 'prosecutor-1', role: 'auditor' };

let s: TestPlatform;
let chain: ChainStore;
let appealId: string;

/** The platform's store with one stream's reads altered: `alter(events)` is what the rows now hold. */
const tampered = (store: EventStore, alter: (events: StoredEvent[]) => StoredEvent[]): EventStore => ({
  ...store,
  readStream: async (streamId, options) => alter(await store.readStream(streamId, options)),
});

/** A second app on the same platform whose audit routes read through `store`. */
const mountOn = (store: EventStore) => {
  const other = createTestPlatform();
  other.mount(
    auditRouter({
      store,
      commands: s.commands,
      registry: createApiRegistry({ title: 't', version: '0' }),
      chainStore: chain,
    }),
  );
  return other;
};

beforeEach(async () => {
  s = createTestPlatform();
  chain = createInMemoryChainStore();
  s.mount(auditRouter({ ...s, chainStore: chain }));
  appealId = randomUUID();
  const submitted = await s.commands.execute(
    appealId,
    submitAppealCommand({ appealId, now: s.clock(), numbering: { type: 'dated', serial: 'ABC123' } }),
    { service: 'intake' },
  );
  await s.commands.execute(appealId, routeAppealCommand({ now: s.clock(), ruleId: 'r-housing-bostandyk' }), {
    service: 'routing',
    causationId: submitted.appended[1]!.id,
  });
});

const verify = (who: Principal | undefined, id = appealId, platform = s) =>
  platform.get(`/audit/appeals/${id}/verify`, who);

describe('GET /audit/appeals/{id}/verify', () => {
  it('answers ok for an untouched history, and counts what the global chain has sealed', async () => {
    expect((await verify(AUDITOR)).body).toEqual({ appealId, ok: true, events: 3, sealed: 0 });
    await createChainSealer({ store: s.store, chain }).sealNow();
    const reply = await verify({ sub: 'admin-1', role: 'admin' });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ appealId, ok: true, events: 3, sealed: 3 });
  });

  it('names the first event whose content no longer matches its hash', async () => {
    const events = await s.store.readStream(appealStream(appealId));
    const other = mountOn(
      tampered(s.store, (read) =>
        read.map((e) =>
          e.streamPosition === 2 ? { ...e, data: { ...(e.data as object), agencyId: 'akimat-x' } } : e,
        ),
      ),
    );
    const reply = await verify(AUDITOR, appealId, other);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      ok: false,
      events: 3,
      firstBad: {
        position: 2,
        eventId: events[2]!.id,
        reason: expect.stringMatching(/does not match its hash/),
      },
    });
  });

  it('names a sealed event that was deleted, even when the whole stream is gone', async () => {
    const events = await s.store.readStream(appealStream(appealId));
    await createChainSealer({ store: s.store, chain }).sealNow();
    const lastGone = await verify(AUDITOR, appealId, mountOn(tampered(s.store, (read) => read.slice(0, 2))));
    expect(lastGone.body).toMatchObject({ ok: false, firstBad: { position: 2, eventId: events[2]!.id } });
    const allGone = await verify(AUDITOR, appealId, mountOn(tampered(s.store, () => [])));
    expect(allGone.status).toBe(200);
    expect(allGone.body).toMatchObject({
      ok: false,
      events: 0,
      sealed: 3,
      firstBad: { position: 0, eventId: events[0]!.id },
    });
  });

  it.each<[string, Principal | undefined, number]>([
    ['the applicant', { sub: 'citizen-1', role: 'applicant' }, 403],
    [
      'the head of the agency handling it',
      { sub: 'head-b', role: 'head', agencyId: 'akimat-almaty-bostandyk' },
      403,
    ],
    ['an anonymous caller', undefined, 401],
  ])('refuses %s with %i problem+json', async (_who, who, status) => {
    const reply = await verify(who);
    expect(reply.status).toBe(status);
    expect(reply.type).toBe('application/problem+json');
  });

  it('answers 404 for an appeal that does not exist and 400 naming a malformed id', async () => {
    const unknown = await verify(AUDITOR, randomUUID());
    expect(unknown.status).toBe(404);
    expect(unknown.type).toBe('application/problem+json');
    const bad = await verify(AUDITOR, 'not-an-id');
    expect(bad.status).toBe(400);
    expect(bad.type).toBe('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['params.id']);
  });

  it('is documented in OpenAPI', () => {
    expect(Object.keys(s.registry.document().paths ?? {})).toEqual(
      expect.arrayContaining(['/api/v1/audit/appeals/{id}/verify', '/api/v1/audit/chain']),
    );
  });
});

describe('GET /audit/chain', () => {
  it('exports the head, the last signed checkpoint and the public key that verifies it', async () => {
    const signer = createCheckpointSigner(generateSigningKey().privateKeyPem);
    const other = createTestPlatform();
    other.mount(
      auditRouter({
        store: s.store,
        commands: s.commands,
        registry: createApiRegistry({ title: 't', version: '0' }),
        chainStore: chain,
        chainSigner: signer,
      }),
    );
    await createChainSealer({ store: s.store, chain, signer }).sealNow({ checkpoint: true });
    const reply = await other.get('/audit/chain', AUDITOR);
    expect(reply.status).toBe(200);
    expect(reply.body.head).toMatchObject({ seq: 3 });
    const key = readPublicKey(reply.body.signingKey.publicKeyPem);
    expect(reply.body.signingKey.keyId).toBe(signer.keyId);
    expect(checkpointSignatureValid(reply.body.lastCheckpoint, key)).toBe(true);
    expect((await other.get('/audit/chain', { sub: 'citizen-1', role: 'applicant' })).status).toBe(403);
  });
});
