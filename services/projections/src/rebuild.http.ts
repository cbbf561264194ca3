import {
  conflict,
  guardedRouter,
  input,
  notFound,
  validate,
  type ApiRegistry,
  type IdempotencyStore,
} from '@appeals/http';
import type { Router } from 'express';
import { z } from 'zod';
import { projectionsPolicy } from './projections.policy';
import { RebuildAlreadyRunning, RebuildNotResumable, type ViewRebuilder } from './rebuild';

const BASE = '/admin/projections/rebuild';

/** Operators rebuild the read views from the event log while the system runs, and follow the progress. */
export function rebuildRouter(deps: {
  rebuilder: ViewRebuilder;
  registry: ApiRegistry;
  idempotency: IdempotencyStore;
}): Router {
  const { rebuilder, registry } = deps;
  const routes = guardedRouter(projectionsPolicy, { idempotency: deps.idempotency });

  const body = z
    .strictObject({
      resume: z.uuid().optional().meta({
        description:
          'go on with this interrupted rebuild (the service stopped while it ran) where it stopped',
      }),
    })
    .optional();
  registry.register({
    method: 'post',
    path: `/api/v1${BASE}`,
    summary:
      'Rebuild the read views from the event log into a new generation, then switch to it; or resume an interrupted one (admin)',
    tags: ['admin'],
    security: true,
    request: { body },
    responses: {
      202: { description: 'Started (or resumed); follow it at the Location' },
      400: { description: 'The body names no rebuild id' },
      403: { description: 'Admins only' },
      409: { description: 'A rebuild is already running, or the one named cannot be resumed' },
    },
  });
  routes.post(BASE, validate({ body }), async (_req, res) => {
    const { body: b } = input<{ body: z.infer<typeof body> }>(res);
    try {
      const started = b?.resume ? await rebuilder.resume(b.resume) : rebuilder.start();
      res.status(202).location(`/api/v1${BASE}/${started.id}`).json(started);
    } catch (error) {
      if (error instanceof RebuildAlreadyRunning)
        throw conflict(error.message, { extra: { runningId: error.running.id } });
      if (error instanceof RebuildNotResumable)
        throw conflict(error.message, { errors: [{ field: 'body.resume', message: error.message }] });
      throw error;
    }
  });

  const params = z.strictObject({ id: z.uuid() });
  registry.register({
    method: 'get',
    path: `/api/v1${BASE}/:id`,
    summary:
      'The progress of a view rebuild: state, events processed of the total at start, percent, events/s, ETA (admin)',
    tags: ['admin'],
    security: true,
    request: { params },
    responses: {
      200: { description: 'The progress' },
      403: { description: 'Admins only' },
      404: { description: 'No such rebuild' },
    },
  });
  routes.get(`${BASE}/:id`, validate({ params }), async (_req, res) => {
    const { params: p } = input<{ params: z.infer<typeof params> }>(res);
    const progress = await rebuilder.progress(p.id);
    if (!progress) throw notFound('No such rebuild.');
    res.json(progress);
  });

  return routes.router;
}
