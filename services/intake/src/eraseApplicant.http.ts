import { actorOf, type DuplicateFinder } from '@appeals/appeal-application';
import type { PersonalDataVault } from '@appeals/personal-data';
import { applicantStream, decodePayload, stampVersion } from '@appeals/contracts';
import { isConcurrencyError, type EventStore } from '@appeals/eventstore';
import {
  guardedRouter,
  input,
  notFound,
  principal,
  validate,
  type ApiRegistry,
  type IdempotencyStore,
} from '@appeals/http';
import type { Router } from 'express';
import { intakePolicy } from './intake.policy';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

export const EraseApplicantResponse = z
  .object({
    subjectId: z.uuid(),
    personalData: z.literal('erased'),
    erasedAt: z.string(),
    /** false when an earlier call had erased it already (the call is idempotent) */
    erasedNow: z.boolean(),
  })
  .meta({ id: 'EraseApplicantResponse' });

/**
 * `POST /admin/applicants/{subjectId}/erase`: crypto-shredding (ADR 0006). Deletes the subject's data key, so every
 * sealed value of theirs in the log, on the bus and in backups becomes unreadable, then records
 * `ApplicantDataErased` (no personal data) in stream `applicant-<subjectId>`, which the projections follow to scrub
 * the read views. Idempotent: a repeat finds the key gone and the event recorded, and answers the first erasure.
 */
export function eraseApplicantRouter(deps: {
  store: EventStore;
  vault: PersonalDataVault;
  clock: () => Date;
  registry: ApiRegistry;
  idempotency: IdempotencyStore;
  duplicates: DuplicateFinder;
}): Router {
  const routes = guardedRouter(intakePolicy, { idempotency: deps.idempotency });
  const Params = z.strictObject({ subjectId: z.uuid() });
  deps.registry.register({
    method: 'post',
    path: '/api/v1/admin/applicants/:subjectId/erase',
    summary:
      "Erase an applicant's personal data for good (admin): deletes their data key; views show it erased",
    tags: ['personal data'],
    security: true,
    request: { params: Params },
    responses: {
      200: { description: 'Erased (now or by an earlier call)', schema: EraseApplicantResponse },
      400: { description: 'The subject id is not a UUID' },
      403: { description: 'Admins only' },
      404: { description: 'No such data subject' },
    },
  });

  routes.post('/admin/applicants/:subjectId/erase', validate({ params: Params }), async (_req, res) => {
    const who = principal(res);
    const { subjectId } = input<{ params: z.infer<typeof Params> }>(res).params;
    const stream = applicantStream(subjectId);
    const recorded = async () => {
      const event = (await deps.store.readStream(stream)).find((e) => e.type === 'ApplicantDataErased');
      return event && decodePayload('ApplicantDataErased', event);
    };
    const now = deps.clock();
    const outcome = await deps.vault.erase(subjectId, now);
    if (outcome === 'unknown') throw notFound(`No data subject ${subjectId}.`);
    // the duplicate index keeps keyed hashes of the subject's IIN and text: they go with the key (a retry redoes it)
    await deps.duplicates.forget(subjectId);
    // the key is gone first (that is the erasure); the event records it, and a retry records it if this failed
    let event = await recorded();
    const erasedNow = outcome === 'erased';
    if (!event) {
      event = { subjectId, erasedAt: now.toISOString() };
      try {
        await deps.store.append(
          stream,
          [
            {
              id: randomUUID(),
              type: 'ApplicantDataErased',
              data: event,
              metadata: stampVersion('ApplicantDataErased', { actor: actorOf(who), service: 'intake' }),
            },
          ],
          { expectedVersion: 'no_stream' },
        );
      } catch (error) {
        if (!isConcurrencyError(error)) throw error;
        event = (await recorded()) ?? event; // a concurrent call recorded it
      }
    }
    res.json({ subjectId, personalData: 'erased', erasedAt: event.erasedAt, erasedNow });
  });
  return routes.router;
}
