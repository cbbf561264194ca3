import { mapAppealError, type AppealCommands } from '@appeals/appeal-application';
import { createInProcessBus } from '@appeals/bus';
import { createCore } from '@appeals/core';
import {
  appealStream,
  createInMemoryCheckpointStore,
  createInMemoryEventStore,
  type StoredEvent,
  type Subscription,
} from '@appeals/eventstore';
import {
  authenticate,
  createDevTokenIssuer,
  createHttpApp,
  createInMemoryIdempotencyStore,
  createTokenVerifier,
  finalize,
  silentLogger,
  type DevTokenIssuer,
  type Principal,
} from '@appeals/http';
import { createInMemoryReadStore } from '@appeals/readstore';
import { demoCatalog } from '@appeals/reference-data';
import { startRelay } from '@appeals/relay';
import { Router, type Express } from 'express';
import request, { type Response, type Test } from 'supertest';
import {
  createInMemoryKeyStore,
  createPersonalDataVault,
  generateMasterKey,
  masterKeysFrom,
  type PersonalDataVault,
} from '@appeals/personal-data';
import {
  MONDAY_10AM,
  routeAppealCommand,
  sealedAppealCommand,
  type ClearSubmissionOverrides,
} from './builders';

/** Where {@link TestPlatform.mount} puts routers, as services/gateway does. */
export const API_BASE = '/api/v1';

export interface TestPlatformOptions {
  /** the clock's first reading, ISO 8601 (default {@link MONDAY_10AM}) */
  start?: string;
  /** the personal-data vault to seal with (default: a new one on an in-memory key store, random master key) */
  vault?: PersonalDataVault;
}

/** A clock the test moves: its reading, and the moves that set it or advance it. */
function testClock(start: string) {
  let now = new Date(start);
  return {
    clock: () => now,
    setNow: (iso: string) => {
      now = new Date(iso);
    },
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

/** The in-memory adapters: event store, read views, a bus that records its problems, the personal-data vault. */
function inMemoryAdapters(clock: () => Date, givenVault: PersonalDataVault | undefined) {
  const store = createInMemoryEventStore({ now: clock });
  const views = createInMemoryReadStore();
  const busProblems: string[] = [];
  const bus = createInProcessBus({
    partitions: 4,
    retryBackoffMs: [1],
    logger: { warn: (_d, m) => busProblems.push(m), error: (_d, m) => busProblems.push(m) },
  });
  const keys = createInMemoryKeyStore();
  const vault =
    givenVault ??
    createPersonalDataVault({ keys, masterKeys: masterKeysFrom({ key: generateMasterKey() }), clock });
  return { store, views, busProblems, bus, keys, vault };
}

type Adapters = ReturnType<typeof inMemoryAdapters>;

/** The HTTP app: the API router (where tests mount theirs) authenticating dev tokens, then problem+json answers. */
function testApp(issuer: DevTokenIssuer) {
  const api = Router();
  api.use(authenticate(createTokenVerifier(issuer), { optional: true }));
  const app = createHttpApp({ logger: silentLogger });
  app.use(API_BASE, api);
  finalize(app, { mapError: mapAppealError, logger: silentLogger });
  return { app, api };
}

/** GET and POST under {@link API_BASE} as a caller: with the caller's dev token, or anonymous. */
function callerRequests(app: Express, token: (who: Principal) => Promise<string>) {
  const send = async (
    req: Test,
    who?: Principal,
    headers: Record<string, string> = {},
  ): Promise<Response> => {
    req.set(headers);
    if (who) req.set('authorization', await token(who));
    return req;
  };
  return {
    get: (path: string, who?: Principal, headers?: Record<string, string>) =>
      send(request(app).get(`${API_BASE}${path}`), who, headers),
    post: (path: string, who?: Principal, body?: object, headers?: Record<string, string>) => {
      const req = request(app).post(`${API_BASE}${path}`);
      return send(body === undefined ? req : req.send(body), who, headers);
    },
  };
}

/** Appeals filed and routed straight through the commands at the clock, as intake and routing would. */
function appealSteps(commands: AppealCommands, vault: PersonalDataVault, clock: () => Date) {
  const submitAppeal = async (over: ClearSubmissionOverrides = {}): Promise<string> => {
    const command = await sealedAppealCommand(vault, { now: clock(), ...over });
    await commands.execute(command.data.appealId, command, { service: 'intake' });
    return command.data.appealId;
  };
  const route = (appealId: string, agencyId?: string) =>
    commands.execute(appealId, routeAppealCommand({ now: clock(), ...(agencyId ? { agencyId } : {}) }), {
      service: 'routing',
    });
  const routedAppeal = async (over: ClearSubmissionOverrides = {}): Promise<string> => {
    const appealId = await submitAppeal(over);
    await route(appealId);
    return appealId;
  };
  return { submitAppeal, route, routedAppeal };
}

/** The relay from the store to the bus (started on first use): waiting until all is handled, and stopping it all. */
function relayControl({ store, bus, views }: Pick<Adapters, 'store' | 'bus' | 'views'>) {
  let relay: Subscription | undefined;
  const logSize = async () => (await store.readAll()).length;
  const settled = async () => {
    relay ??= startRelay({
      store,
      checkpoints: createInMemoryCheckpointStore(),
      bus,
      onError: () => undefined,
    });
    for (;;) {
      const before = await logSize();
      await relay.caughtUp();
      await bus.idle?.();
      if ((await logSize()) === before) return;
    }
  };
  const stop = async () => {
    await relay?.stop();
    await bus.close();
    await views.close();
    await store.close();
  };
  return { logSize, settled, stop };
}

/**
 * The platform on in-memory adapters, wired as services/gateway/src/embedded.ts wires it, with a clock the test moves:
 * event store → relay → in-process bus → consumers, views, and an HTTP app that authenticates dev tokens and answers
 * problem+json. A service's test mounts its routers and starts its consumers on it.
 *
 * @example
 * const p = createTestPlatform();
 * p.mount(routingRouter({ ...p, service: 'routing' }));
 * await startRoutingConsumer(p);
 */
export function createTestPlatform({ start = MONDAY_10AM, ...options }: TestPlatformOptions = {}) {
  const { clock, setNow, advance } = testClock(start);
  const adapters = inMemoryAdapters(clock, options.vault);
  const { store, views, bus, keys, vault, busProblems } = adapters;
  // the same core as the embedded system and every service process, on in-memory adapters
  const core = createCore({
    catalog: demoCatalog(),
    api: { title: 'appeals (test)', version: '0.0.0' },
    store,
    vault,
  });
  const issuer = createDevTokenIssuer();
  const { app, api } = testApp(issuer);
  const token = async (who: Principal) => `Bearer ${(await issuer.issue(who)).token}`;
  const { get, post } = callerRequests(app, token);
  const { submitAppeal, route, routedAppeal } = appealSteps(core.commands, vault, clock);
  const { logSize, settled, stop } = relayControl(adapters);

  return {
    app,
    store,
    views,
    bus,
    /** the core every composition shares: catalog, jurisdictions, commands, registry, profile ids */
    ...core,
    /** the personal-data vault (in-memory key store, a random master key) the commands seal with */
    vault,
    /** the key store of the default vault (unused when a vault was given) */
    keys,
    /** first answers by `Idempotency-Key`, for every state-changing route the test mounts */
    idempotency: createInMemoryIdempotencyStore(),
    issuer,
    clock,
    /** What the bus logged: handler failures (warn) and dead-lettered messages (error). */
    busProblems,
    /** Sets the clock to an ISO 8601 moment. */
    setNow,
    /** Moves the clock forward by `ms` milliseconds. */
    advance,
    /** Adds a router under {@link API_BASE}, behind authentication and before the problem+json handlers. */
    mount(router: Router) {
      api.use(router);
    },
    /** The `Authorization` header value (`Bearer <dev token>`) for a caller. */
    token,
    /** GET {@link API_BASE}`+path` as `who` (anonymous when undefined). */
    get,
    /** POST {@link API_BASE}`+path` with a JSON body as `who` (anonymous when undefined). */
    post,
    /** Every event of one appeal, in stream order. */
    events: (appealId: string): Promise<StoredEvent[]> => store.readStream(appealStream(appealId)),
    /** How many events the store holds. */
    logSize,
    /** How many appeals the store holds (a forwarded part or a complaint is one more). */
    appealCount: async (): Promise<number> =>
      new Set((await store.readAll()).map((e) => (e.data as { appealId: string }).appealId)).size,
    /** Files the standard appeal as intake would, at the clock; returns its id. */
    submitAppeal,
    /** Routes an appeal as the routing rules would, at the clock (to the Bostandyk akimat by default). */
    route,
    /** Files the standard appeal and routes it to the Bostandyk akimat; returns its id. */
    routedAppeal,
    /** Relays every event to the bus (starting the relay on first use) until no consumer appends more. */
    settled,
    /** Stops the relay and every consumer on the bus, and closes the stores. */
    stop,
  };
}

/** What {@link createTestPlatform} returns. */
export type TestPlatform = ReturnType<typeof createTestPlatform>;
