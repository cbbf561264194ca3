import {
  actorOf,
  createFaqCommands,
  type AppealCommands,
  type FaqCommands,
} from '@appeals/appeal-application';
import type { FaqCommand } from '@appeals/appeal-domain';
import { FaqActionBodies, PublishFaqEntryBody } from '@appeals/contracts';
import type { EventStore } from '@appeals/eventstore';
import {
  guardedRouter,
  input,
  principal,
  validate,
  type ApiRegistry,
  type GuardedRouter,
  type IdempotencyStore,
} from '@appeals/http';
import type { Router } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { responsePolicy } from './response.policy';

export interface FaqRouterDeps {
  store: EventStore;
  commands: AppealCommands;
  clock: () => Date;
  registry: ApiRegistry;
  idempotency: IdempotencyStore;
}

const EntryParams = z.strictObject({ entryId: z.uuid() });
/** What a FAQ command answers: the entry, its version after the command and the events it appended. */
const FaqResult = z
  .object({ entryId: z.uuid(), status: z.string(), version: z.number().int(), events: z.array(z.string()) })
  .meta({ id: 'FaqResult' });

const ERRORS = {
  400: {
    description: 'Invalid input, wording with personal data, or an appeal of another category (fields named)',
  },
  403: { description: 'The press only' },
  409: {
    description:
      'Conflicts with the entry (`code`: FAQ.ALREADY_PUBLISHED, FAQ.WITHDRAWN, FAQ.APPEAL_NOT_ANSWERED)',
  },
};

type Command = FaqCommand['type'];
/** The press's actions on an existing entry: the command each runs, and what its body becomes. */
const ENTRY_ACTIONS = {
  revise: { command: 'ReviseFaqEntry', summary: 'Rewrite a FAQ entry’s public question and answer (press)' },
  link: {
    command: 'LinkFaqAppeals',
    summary: 'Link more appeals of the category a FAQ entry answers (press)',
  },
  withdraw: { command: 'WithdrawFaqEntry', summary: 'Take a FAQ entry off the public FAQ (press)' },
} as const satisfies Record<keyof typeof FaqActionBodies, { command: Command; summary: string }>;

/**
 * The press's commands on the public FAQ (docs/faq.md): publish an answered appeal's answer as a new entry in its
 * own words, rewrite it, link more appeals it answers, withdraw it. Each is a command on the entry's stream; the
 * appeals it names are read first (their status and category only: nothing of their text reaches the entry).
 */
export function faqRouter(deps: FaqRouterDeps): Router {
  const faq = createFaqCommands(deps.store, deps.commands);
  const routes = guardedRouter(responsePolicy, { idempotency: deps.idempotency });
  publishRoute(routes, deps, faq);
  entryActionRoutes(routes, deps, faq);
  return routes.router;
}

/** POST /faq/entries: a new entry from an answered appeal, its id chosen here. */
function publishRoute(routes: GuardedRouter, deps: FaqRouterDeps, faq: FaqCommands): void {
  deps.registry.register({
    method: 'post',
    path: '/api/v1/faq/entries',
    summary: 'Publish an answered appeal’s answer in the public FAQ, in the press’s own words (press)',
    tags: ['faq'],
    security: true,
    request: { body: PublishFaqEntryBody },
    responses: { 201: { description: 'Published', schema: FaqResult }, ...ERRORS },
  });
  routes.post('/faq/entries', validate({ body: PublishFaqEntryBody }), async (_req, res) => {
    const { body } = input<{ body: z.infer<typeof PublishFaqEntryBody> }>(res);
    const [source, ...more] = await faq.appealFacts([body.sourceAppealId, ...(body.appealIds ?? [])]);
    const entryId = randomUUID();
    const result = await faq.execute(
      entryId,
      {
        type: 'PublishFaqEntry',
        now: deps.clock(),
        actor: actorOf(principal(res)),
        data: { entryId, source: source!, more, question: body.question, answer: body.answer },
      },
      'response',
    );
    res.status(201).location(`/api/v1/faq#${entryId}`).json(resultOf(entryId, result));
  });
}

/** POST /faq/entries/{entryId}/{revise|link|withdraw}: one command each on the entry's stream. */
function entryActionRoutes(routes: GuardedRouter, deps: FaqRouterDeps, faq: FaqCommands): void {
  for (const [action, { command, summary }] of Object.entries(ENTRY_ACTIONS)) {
    const body = FaqActionBodies[action as keyof typeof FaqActionBodies];
    deps.registry.register({
      method: 'post',
      path: `/api/v1/faq/entries/:entryId/${action}`,
      summary,
      tags: ['faq'],
      security: true,
      request: { params: EntryParams, body },
      responses: {
        200: {
          description: 'Done; a repeat whose effect is there already appends nothing',
          schema: FaqResult,
        },
        ...ERRORS,
        404: { description: 'No such entry' },
      },
    });
    routes.post(
      `/faq/entries/:entryId/${action}`,
      validate({ params: EntryParams, body }),
      async (_req, res) => {
        const { params, body: data } = input<{ params: { entryId: string }; body: Record<string, unknown> }>(
          res,
        );
        const appeals = Array.isArray(data.appealIds)
          ? await faq.appealFacts(data.appealIds as string[])
          : [];
        const result = await faq.execute(
          params.entryId,
          {
            type: command,
            now: deps.clock(),
            actor: actorOf(principal(res)),
            data: command === 'LinkFaqAppeals' ? { appeals } : data,
          } as FaqCommand,
          'response',
        );
        res.json(resultOf(params.entryId, result));
      },
    );
  }
}

/** The answer of a FAQ command. */
const resultOf = (
  entryId: string,
  result: { state: { status: string }; version: number; appended: ReadonlyArray<{ type: string }> },
) => ({
  entryId,
  status: result.state.status,
  version: result.version,
  events: result.appended.map((e) => e.type),
});
