import {
  actorOf,
  hashTrackingCode,
  sealSubmission,
  type AppealCommands,
  type DuplicateCheck,
  type DuplicateFinder,
  type DuplicateQuery,
  type Jurisdictions,
} from '@appeals/appeal-application';
import { VERSION_HEADERS, versionTag } from '@appeals/appeal-http';
import type { Appeal } from '@appeals/appeal-domain';
import { SubmitAppealBody, type Actor } from '@appeals/contracts';
import {
  forbidden,
  guardedRouter,
  input,
  optionalPrincipal,
  validate,
  validationProblem,
  type ApiRegistry,
  type FieldError,
  firstAttemptPlan,
  type IdempotencyStore,
} from '@appeals/http';
import { isConcurrencyError } from '@appeals/eventstore';
import type { Catalog } from '@appeals/reference-data';
import type { Response, Router } from 'express';
import { randomInt, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { intakePolicy } from './intake.policy';

/** Crockford base32 without look-alike letters: easy to read over the phone. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const randomCode = (length: number) =>
  Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

export const SubmitAppealResponse = z
  .object({
    id: z.uuid(),
    registrationNumber: z.string(),
    trackingCode: z.string(),
    registeredAt: z.string(),
    deadline: z.object({ dueOn: z.string(), dueAt: z.string(), termDays: z.number(), regime: z.string() }),
    version: z
      .number()
      .int()
      .meta({ description: 'The appeal’s version after filing: read it back with GET …?minVersion=' }),
  })
  .meta({ id: 'SubmitAppealResponse' });

export interface IntakeDeps {
  commands: AppealCommands;
  jurisdictions: Jurisdictions;
  profileId: string;
  catalog: Catalog;
  clock: () => Date;
  registry: ApiRegistry;
  idempotency: IdempotencyStore;
  /** finds earlier appeals a new one may repeat, and keeps each filed appeal in its index (docs/duplicates.md) */
  duplicates: DuplicateFinder;
  /** told of a failure that does not fail the filing (an index entry not written) */
  onError?: ((error: unknown, context: string) => void) | undefined;
}

type Body = z.infer<typeof SubmitAppealBody>;

/** Refuses, naming each field, a kind, category, region or agency the profile and the catalog do not know. */
function checkReferences(deps: IntakeDeps, body: Body, addressed: string | undefined): void {
  const { jurisdictions, profileId, catalog } = deps;
  const errors: FieldError[] = [];
  if (!jurisdictions.profile(profileId).kinds.some((k) => k.code === body.kind))
    errors.push({
      field: 'body.kind',
      message: `unknown kind of appeal "${body.kind}"; see GET /api/v1/catalog`,
    });
  if (!catalog.hasCategory(body.categoryId))
    errors.push({ field: 'body.categoryId', message: `unknown category "${body.categoryId}"` });
  if (!catalog.hasRegion(body.regionKato))
    errors.push({ field: 'body.regionKato', message: `unknown region ${body.regionKato}` });
  if (addressed !== undefined && !catalog.agency(addressed))
    errors.push({ field: 'body.addressedAgencyId', message: `unknown agency "${addressed}"` });
  if (errors.length) throw validationProblem(errors);
}

/**
 * The search for earlier appeals a filing may repeat (docs/duplicates.md): it runs while the personal data is
 * sealed, what it found is decided on the new appeal and appended with it, and the appeal joins the index once filed.
 */
function duplicateSearch(deps: IntakeDeps, query: DuplicateQuery, actor: Actor) {
  let check: DuplicateCheck | undefined;
  return {
    followUps: async () => {
      check = await deps.duplicates.check(query);
      const data = { matches: check.matches, threshold: check.threshold };
      return [{ type: 'RecordPossibleDuplicates' as const, now: query.now, actor, data }];
    },
    remember: async (
      appealId: string,
      appeal: Pick<Appeal, 'registrationNumber' | 'registeredAt' | 'subjectId'>,
    ) => {
      if (!check) return;
      const { registrationNumber, registeredAt, subjectId } = appeal;
      // a lost entry only means a later repeat of this appeal is not flagged: it does not fail the filing
      await deps.duplicates
        .remember(check.entry({ appealId, registrationNumber, registeredAt, subjectId }))
        .catch((error: unknown) => deps.onError?.(error, 'duplicate index entry not written'));
    },
  };
}

/**
 * What a filing chooses: the appeal's id, tracking code, registration serial and moment. A retry with the same
 * Idempotency-Key whose first attempt died unanswered goes on with the first attempt's choices, so the appeal is
 * filed once: its id names its stream, and a second append there is refused ({@link filedEarlier}).
 */
const planFiling = (res: Response, clock: () => Date) =>
  firstAttemptPlan(res, {
    appealId: randomUUID() as string,
    trackingCode: randomCode(10),
    serial: randomCode(6),
    at: clock().toISOString(),
  });

/** The answer to a filing whose plan an earlier attempt appended before it died: what that attempt filed. */
const filedEarlier =
  (commands: AppealCommands, appealId: string) =>
  async (error: unknown): Promise<{ appeal: Appeal; version: number }> => {
    if (!isConcurrencyError(error)) throw error;
    const { state, events } = await commands.load(appealId);
    if (state.status === 'none') throw error;
    return { appeal: state, version: events.length - 1 };
  };

/** A filed appeal as its filer is answered: ids, registration, deadline and the stream's version. */
export type FiledAppeal = z.infer<typeof SubmitAppealResponse>;

/**
 * Files one appeal: the registrar-only fields, the catalog references, the filing's plan (kept per Idempotency-Key),
 * the decider, then the sealing of personal data and the duplicate search (ADR 0010, 0027). Every way in goes
 * through it: POST /appeals and the Open311 edge (`standIn` names the Open311 client for a caller without a token).
 */
export async function fileAppeal(
  deps: IntakeDeps,
  res: Response,
  body: Body,
  standIn?: `open311:${string}`,
): Promise<FiledAppeal> {
  const { commands, profileId, clock } = deps;
  const who = optionalPrincipal(res);
  const isRegistrar = who?.role === 'registrar';
  if (!isRegistrar && (body.channel !== undefined || body.receivedAt !== undefined)) {
    const fields = (['channel', 'receivedAt'] as const).filter((f) => body[f] !== undefined);
    throw forbidden('Only a registrar records the channel and the moment an appeal was received.', {
      errors: fields.map((f) => ({ field: `body.${f}`, message: 'only a registrar may set this' })),
    });
  }

  const addressed = body.addressedAgencyId ?? (isRegistrar ? who?.agencyId : undefined);
  checkReferences(deps, body, addressed);

  const plan = await planFiling(res, clock);
  const { appealId, trackingCode } = plan;
  const now = new Date(plan.at);
  const accountId = who?.role === 'applicant' ? who.sub : undefined;
  const actor = actorOf(who, standIn);
  const search = duplicateSearch(deps, { ...body, accountId, now }, actor);
  // the decider registers it (day, number, deadline) or refuses it; only then is personal data sealed (ADR 0010)
  const filed = await commands
    .submit(
      {
        type: 'SubmitAppeal',
        now,
        actor,
        data: {
          appealId,
          profileId,
          numbering: { type: 'dated', serial: plan.serial },
          trackingCodeHash: hashTrackingCode(trackingCode),
          kind: body.kind,
          categoryId: body.categoryId,
          regionKato: body.regionKato,
          language: body.language,
          subject: body.subject,
          applicantAccountId: accountId,
          addressedAgencyId: addressed,
          isAboutCrimeOrThreat: body.isAboutCrimeOrThreat,
          channel: body.channel ?? 'portal',
          receivedAt: body.receivedAt ? new Date(body.receivedAt) : now,
        },
      },
      () => sealSubmission(commands.vault, { ...body, accountId, trackingCode }), // applicant, text, location
      { service: 'intake' },
      search.followUps,
    )
    .catch(filedEarlier(commands, appealId));
  const { appeal, version } = filed;
  await search.remember(appealId, appeal);
  return {
    id: appealId,
    registrationNumber: appeal.registrationNumber,
    trackingCode,
    registeredAt: appeal.registeredAt,
    deadline: appeal.deadline,
    version,
  };
}

/** POST /appeals: file an appeal (portal) or register a paper/oral one (registrar). */
export function submitAppealRouter(deps: IntakeDeps): Router {
  const { registry } = deps;
  const routes = guardedRouter(intakePolicy, { idempotency: deps.idempotency });
  registry.register({
    method: 'post',
    path: '/api/v1/appeals',
    summary: 'File an appeal; a registrar may give the channel and the moment it was received',
    tags: ['appeals'],
    security: true,
    request: { body: SubmitAppealBody },
    responses: {
      201: { description: 'Registered', schema: SubmitAppealResponse, headers: VERSION_HEADERS },
      400: { description: 'Invalid input (the failing fields are named)' },
      403: { description: 'Only registrars record channel and receipt time' },
    },
  });

  routes.post(
    '/appeals',
    validate({ body: SubmitAppealBody }),
    // Idempotency-Key: the guarded router honours it (keys per caller, or per client address without an account)
    async (_req, res) => {
      const { body } = input<{ body: Body }>(res);
      const filed = await fileAppeal(deps, res, body);
      res
        .status(201)
        .location(`/api/v1/appeals/${filed.id}`)
        .set('ETag', versionTag(filed.version))
        .json(filed);
    },
  );
  return routes.router;
}
