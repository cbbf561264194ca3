import {
  formFieldOf,
  OPEN311_BASE,
  OPEN311_FORMATS,
  Open311RequestForm,
  open311Definition,
  open311Services,
  sendOpen311,
  submissionOf,
  type Open311Format,
  type Open311Language,
  type Open311Settings,
} from '@appeals/appeal-http';
import { LANGUAGES, SubmitAppealBody } from '@appeals/contracts';
import {
  fieldErrorsFromZod,
  forbidden,
  guardedRouter,
  input,
  isHttpProblem,
  notFound,
  validate,
  validationProblem,
  type GuardedRouter,
} from '@appeals/http';
import type { Request, Router } from 'express';
import { intakeOpen311Policy } from './intake.policy';
import { fileAppeal, type IntakeDeps } from './submitAppeal.http';

export interface Open311IntakeDeps extends IntakeDeps {
  open311: Open311Settings;
}

/** The language of names in an answer: `?locale=kk|ru|en` when given, else the deployment's. */
const languageOf = (req: Request, settings: Open311Settings): Open311Language => {
  const asked = req.query.locale;
  return typeof asked === 'string' && (LANGUAGES as readonly string[]).includes(asked)
    ? (asked as Open311Language)
    : settings.language;
};

/** A refusal of the filing's fields, renamed to the fields of the Open311 form the client sent. */
const inFormTerms = (error: unknown): never => {
  if (isHttpProblem(error) && error.errors?.length)
    throw validationProblem(error.errors.map((e) => ({ ...e, field: formFieldOf(e.field) })));
  throw error;
};

function serviceRoutes(routes: GuardedRouter, deps: Open311IntakeDeps, format: Open311Format): void {
  const { catalog, open311 } = deps;
  routes.get(`/services.${format}`, (req, res) => {
    res.set('Cache-Control', 'public, max-age=300');
    sendOpen311(res, format, 'services', open311Services(catalog, languageOf(req, open311)));
  });
  routes.get(`/services/:serviceCode.${format}`, (req, res) => {
    const code = String(req.params.serviceCode);
    if (!catalog.hasCategory(code)) throw notFound(`No service "${code}"; see services.${format}.`);
    const kinds = deps.jurisdictions.profile(deps.profileId).kinds;
    res.set('Cache-Control', 'public, max-age=300');
    sendOpen311(res, format, 'definition', open311Definition(catalog, kinds, code, languageOf(req, open311)));
  });
}

/** POST requests: the api key names the client; the form becomes a filing through the one filing path. */
function filingRoute(routes: GuardedRouter, deps: Open311IntakeDeps, format: Open311Format): void {
  const { catalog, open311 } = deps;
  routes.post(
    `/requests.${format}`,
    // the key first: GeoReport v2 answers a missing or invalid api_key with 403, whatever else the form holds
    (req, res, next) => {
      const key = (req.body as Record<string, unknown> | undefined)?.api_key;
      const client = typeof key === 'string' && key !== '' ? open311.apiKeys.clientOf(key) : undefined;
      if (client === undefined)
        throw key
          ? forbidden('The api_key is not registered for this endpoint.', {
              errors: [{ field: 'api_key', message: 'unknown key' }],
            })
          : forbidden('Filing a request takes an api_key.', {
              errors: [{ field: 'api_key', message: 'missing' }],
            });
      res.locals.open311Client = client;
      next();
    },
    validate({ body: Open311RequestForm }, { forms: true }),
    async (_req, res) => {
      const { body: form } = input<{ body: Open311RequestForm }>(res);
      const client = res.locals.open311Client as string;
      const parsed = SubmitAppealBody.safeParse(submissionOf(form, catalog, open311));
      if (!parsed.success) inFormTerms(validationProblem(fieldErrorsFromZod(parsed.error.issues, 'body')));
      const filed = await fileAppeal(deps, res, parsed.data!, `open311:${client}`).catch(inFormTerms);
      const notice = `Registered as ${filed.registrationNumber}; answer due by ${filed.deadline.dueOn}.`;
      sendOpen311(
        res,
        format,
        'requests',
        [
          {
            service_request_id: filed.id,
            token: filed.registrationNumber,
            service_notice: notice,
            account_id: null,
          },
        ],
        201,
      );
    },
  );
}

/**
 * The intake half of Open311 GeoReport v2 at /open311/v2 (ADR "Open311"): the service list and definitions from the
 * catalog, and filing — the same filing path as POST /api/v1/appeals (validation, idempotency, sealing).
 */
export function open311IntakeRouter(deps: Open311IntakeDeps): Router {
  const routes = guardedRouter(intakeOpen311Policy, {
    mountedAt: OPEN311_BASE,
    idempotency: deps.idempotency,
  });
  for (const format of OPEN311_FORMATS) {
    serviceRoutes(routes, deps, format);
    filingRoute(routes, deps, format);
  }
  return routes.router;
}
