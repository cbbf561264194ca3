import {
  erasureEntry,
  historyEntry,
  readAppealHistory,
  type AppealCommands,
} from '@appeals/appeal-application';
import { AppealId, Instant } from '@appeals/contracts';
import { publicKeyPem, verifyStreamHistory, type ChainStore, type CheckpointSigner } from '@appeals/chain';
import { appealStream, type EventStore } from '@appeals/eventstore';
import {
  guardedRouter,
  input,
  notFound,
  validate,
  type ApiRegistry,
  type GuardedRouter,
} from '@appeals/http';
import type { Router } from 'express';
import { z } from 'zod';
import { auditPolicy } from './audit.policy';

const Params = z.strictObject({ id: AppealId });
const StateQuery = z.strictObject({ at: Instant });

/** What the audit routes read with. */
interface AuditDeps {
  store: EventStore;
  commands: AppealCommands;
  registry: ApiRegistry;
  /** the global chain the verify route checks sealed events against (stream chains only without it) */
  chainStore?: ChainStore | undefined;
  /** whose public key the chain route exports for verifiers */
  chainSigner?: CheckpointSigner | undefined;
}

/** Auditor's read side straight from the event store: every event, and the state replayed as of any moment. */
export function auditRouter(deps: AuditDeps): Router {
  const routes = guardedRouter(auditPolicy);
  historyRoute(routes, deps);
  stateRoute(routes, deps);
  verifyRoute(routes, deps);
  chainRoute(routes, deps);
  return routes.router;
}

/** GET /audit/appeals/{id}/history: every event of the appeal, and the erasures of its applicant's personal data. */
function historyRoute(routes: GuardedRouter, deps: AuditDeps): void {
  deps.registry.register({
    method: 'get',
    path: '/api/v1/audit/appeals/:id/history',
    summary: 'Every event of an appeal with who, when and which service (auditor)',
    tags: ['audit'],
    security: true,
    request: { params: Params },
    responses: {
      200: { description: 'The history' },
      403: { description: 'Auditors only' },
      404: { description: 'No such appeal' },
    },
  });
  routes.get('/audit/appeals/:id/history', validate({ params: Params }), async (_req, res) => {
    const { params } = input<{ params: { id: string } }>(res);
    const history = await readAppealHistory(deps.store, params.id);
    if (!history) throw notFound('No such appeal.');
    const { subjectId, erasures, events } = history;
    res.json({
      appealId: params.id,
      personalData: subjectId ? { subjectId, erasures: erasures.map(erasureEntry) } : null,
      events: events.map(historyEntry),
    });
  });
}

/** GET /audit/appeals/{id}/state?at=: the appeal replayed from its events as of a moment. */
function stateRoute(routes: GuardedRouter, deps: AuditDeps): void {
  deps.registry.register({
    method: 'get',
    path: '/api/v1/audit/appeals/:id/state',
    summary: 'The state of an appeal replayed from its events as of a moment (auditor)',
    tags: ['audit'],
    security: true,
    request: { params: Params, query: StateQuery },
    responses: {
      200: { description: 'The state then' },
      403: { description: 'Auditors only' },
      404: { description: 'No such appeal then' },
    },
  });
  routes.get(
    '/audit/appeals/:id/state',
    validate({ params: Params, query: StateQuery }),
    async (_req, res) => {
      const { params, query } = input<{ params: { id: string }; query: { at: string } }>(res);
      const at = new Date(query.at);
      const { state, events } = await deps.commands.load(params.id, at);
      if (state.status === 'none') throw notFound('The appeal did not exist at that moment.');
      const last = events[events.length - 1];
      res.json({
        appealId: params.id,
        at: at.toISOString(),
        eventsApplied: events.length,
        lastEvent: last ? { type: last.type, time: last.time } : null,
        state,
      });
    },
  );
}

/** GET /audit/appeals/{id}/verify: the appeal's history checked against its hashes and the sealed global chain. */
function verifyRoute(routes: GuardedRouter, deps: AuditDeps): void {
  deps.registry.register({
    method: 'get',
    path: '/api/v1/audit/appeals/:id/verify',
    summary:
      'Verifies an appeal history: each event against its hash, its stream predecessor and the sealed global chain (auditor)',
    tags: ['audit'],
    security: true,
    request: { params: Params },
    responses: {
      200: { description: '{ok, events, sealed, firstBad?: {position, eventId, reason}}' },
      403: { description: 'Auditors only' },
      404: { description: 'No such appeal' },
    },
  });
  routes.get('/audit/appeals/:id/verify', validate({ params: Params }), async (_req, res) => {
    const { params } = input<{ params: { id: string } }>(res);
    const report = await verifyStreamHistory(deps.store, deps.chainStore, appealStream(params.id));
    if (report === undefined) throw notFound('No such appeal.');
    const { firstBad, ...summary } = report;
    res.json({
      appealId: params.id,
      ...summary,
      ...(firstBad
        ? { firstBad: { position: firstBad.position, eventId: firstBad.eventId, reason: firstBad.reason } }
        : {}),
    });
  });
}

/** GET /audit/chain: the global chain's head, its last signed checkpoint and the verifiers' public key. */
function chainRoute(routes: GuardedRouter, deps: AuditDeps): void {
  deps.registry.register({
    method: 'get',
    path: '/api/v1/audit/chain',
    summary:
      'The global chain: its head, the last signed checkpoint (keep a copy outside the system) and the public key verifiers need (auditor)',
    tags: ['audit'],
    security: true,
    responses: {
      200: { description: '{head, lastCheckpoint, signingKey: {keyId, publicKeyPem} | null}' },
      403: { description: 'Auditors only' },
    },
  });
  routes.get('/audit/chain', async (_req, res) => {
    const [head, lastCheckpoint] = deps.chainStore
      ? await Promise.all([deps.chainStore.head(), deps.chainStore.lastCheckpoint()])
      : [undefined, undefined];
    res.json({
      head: head ? { seq: head.seq, chainHash: head.chainHash, eventId: head.eventId } : null,
      lastCheckpoint: lastCheckpoint ?? null,
      signingKey: deps.chainSigner
        ? { keyId: deps.chainSigner.keyId, publicKeyPem: publicKeyPem(deps.chainSigner.publicKey) }
        : null,
    });
  });
}
