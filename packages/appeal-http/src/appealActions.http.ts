import {
  ACTION_ROLES,
  actorOf,
  authorizeAction,
  fileLinkedAppeals,
  LINKING_EVENT_TYPES,
  type AppealCommands,
  type ServiceName,
} from '@appeals/appeal-application';
import type { AppealCommand, AppealState } from '@appeals/appeal-domain';
import { ActionBodies, AppealId, type Actor, type AppealAction } from '@appeals/contracts';
import {
  guardedRouter,
  input,
  optionalPrincipal,
  validate,
  type ApiRegistry,
  type IdempotencyStore,
  type PolicyTable,
  type Principal,
} from '@appeals/http';
import type { Catalog } from '@appeals/reference-data';
import type { Request, Router } from 'express';
import { z } from 'zod';

export interface ActionContext<A extends AppealAction> {
  appealId: string;
  body: z.infer<(typeof ActionBodies)[A]>;
  now: Date;
  actor: Actor;
  principal: Principal | undefined;
  /** the appeal as it is now (authorized) */
  state: Exclude<AppealState, { status: 'none' }>;
}

export interface ActionSpec<A extends AppealAction> {
  action: A;
  summary: string;
  /**
   * builds the domain command (a forwarded part's or complaint's linked appeal is filed from its recorded event,
   * after it). `undefined`: the command is already done (a repeat found before it could be built), answered with
   * the current version
   */
  toCommand(ctx: ActionContext<A>): AppealCommand | undefined | Promise<AppealCommand | undefined>;
}

/** Declares one action with its body typed from the contract (keeps the per-action type inside a mixed list). */
export const defineAction = <A extends AppealAction>(spec: ActionSpec<A>): ActionSpec<AppealAction> =>
  spec as unknown as ActionSpec<AppealAction>;

export interface ActionRouterDeps {
  service: ServiceName;
  commands: AppealCommands;
  catalog: Catalog;
  clock: () => Date;
  registry: ApiRegistry;
  /** first answers by `Idempotency-Key`: every action honours it */
  idempotency: IdempotencyStore;
  /** told when a linked appeal could not be filed at once (the process manager files it later) */
  onError?: ((error: unknown, context: string) => void) | undefined;
}

/**
 * Files the linked appeals the command's events call for (a forwarded part, a complaint) at once, so the caller
 * finds them when the answer comes (ADR 0028). The command is recorded already and stays done: when this fails,
 * the linked appeals process files them from the log, and the answer is the command's all the same.
 */
async function fileLinkedAt(
  deps: ActionRouterDeps,
  appealId: string,
  appended: ReadonlyArray<{ id: string; type: string }>,
) {
  const linking = appended.filter((e) => LINKING_EVENT_TYPES.has(e.type));
  if (linking.length === 0) return;
  try {
    await fileLinkedAppeals(deps.commands, appealId, {
      service: deps.service,
      eventIds: new Set(linking.map((e) => e.id)),
    });
  } catch (error) {
    deps.onError?.(error, `linked appeal of ${appealId} left to the linked appeals process`);
  }
}

const Params = z.strictObject({ id: AppealId });
/** Applicants without an account act with the tracking code from their registration slip. */
const trackingCodeOf = (req: Request) => req.get('X-Tracking-Code') ?? undefined;

export const ActionResult = z
  .object({
    id: z.uuid(),
    status: z.string(),
    version: z.number().int().meta({
      description: 'The appeal’s version after the command: read it back with GET /appeals/{id}?minVersion=',
    }),
    events: z.array(z.string()),
  })
  .meta({ id: 'ActionResult' });

/** The weak entity tag of an appeal's version (`W/"5"`): command answers and reads carry it. */
export const versionTag = (version: number) => `W/"${version}"`;

/** The answer header that carries the version, as documented on every command. */
export const VERSION_HEADERS = {
  ETag: { description: 'The appeal’s version after the command as a weak tag: `W/"5"`' },
} as const;

/**
 * Registers POST /appeals/{id}/{action} for each spec: policy row (roles) → params → load → appeal check (404/403)
 * → body → decide → append. The appeal check comes before the body, so a caller who may not act learns nothing
 * from validation messages.
 */
export function appealActionsRouter(
  deps: ActionRouterDeps,
  specs: Array<ActionSpec<AppealAction>>,
  policy: PolicyTable,
): Router {
  const routes = guardedRouter(policy, { idempotency: deps.idempotency });
  for (const spec of specs) {
    const bodySchema = ActionBodies[spec.action];
    deps.registry.register({
      method: 'post',
      path: `/api/v1/appeals/:id/${spec.action}`,
      summary: `${spec.summary} (${ACTION_ROLES[spec.action].join(', ')})`,
      tags: [deps.service],
      security: true,
      request: { params: Params, body: bodySchema },
      responses: {
        200: {
          description:
            'Done. A repeat whose effect is already in the appeal is a no-op: `events` is empty and `version` is ' +
            'the current one. With the same `Idempotency-Key` and body, the first answer is replayed ' +
            '(`Idempotent-Replayed: true`), whatever happened since.',
          schema: ActionResult,
          headers: VERSION_HEADERS,
        },
        400: { description: 'Invalid input (fields named)' },
        403: { description: 'Your role may not do this' },
        404: { description: 'No such appeal (or not visible to you)' },
        409: {
          description:
            'Conflicts with the current state (`code`: APPEAL.ALREADY_ROUTED, APPEAL.ALREADY_ANSWERED, ' +
            'APPEAL.DRAFT_SUPERSEDED, APPEAL.CLOSED …), a concurrent change, or the same Idempotency-Key in flight',
        },
        422: { description: 'The Idempotency-Key was used for a different request (the header is named)' },
      },
    });
    routes.post(
      `/appeals/:id/${spec.action}`,
      validate({ params: Params }),
      async (req, res, next) => {
        const { params } = input<{ params: { id: string } }>(res);
        const { state, events } = await deps.commands.load(params.id);
        authorizeAction(deps.catalog, spec.action, optionalPrincipal(res), state, trackingCodeOf(req));
        res.locals.appealState = state;
        res.locals.appealVersion = events.length - 1;
        next();
      },
      validate({ body: bodySchema }),
      async (req, res) => {
        const { params, body } = input<{ params: { id: string }; body: never }>(res);
        const principal = optionalPrincipal(res);
        const trackingCode = trackingCodeOf(req);
        const state = res.locals.appealState as AppealState;
        const actor = actorOf(principal, 'tracking-code-holder');
        const now = deps.clock();
        const command = await spec.toCommand({
          appealId: params.id,
          body,
          now,
          actor,
          principal,
          state: state as ActionContext<AppealAction>['state'],
        });
        const result = command
          ? await deps.commands.execute(params.id, command, {
              service: deps.service,
              authorize: (s) => authorizeAction(deps.catalog, spec.action, principal, s, trackingCode),
            })
          : { state, version: res.locals.appealVersion as number, appended: [] };
        await fileLinkedAt(deps, params.id, result.appended);
        res.set('ETag', versionTag(result.version)).json({
          id: params.id,
          status: result.state.status,
          version: result.version,
          events: result.appended.map((e) => e.type),
        });
      },
    );
  }
  return routes.router;
}
