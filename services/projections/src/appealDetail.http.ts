import { canSee, readsCaseWork } from '@appeals/appeal-application';
import { versionTag } from '@appeals/appeal-http';
import { AppealId, AppealStatus, isOpenStatus } from '@appeals/contracts';
import {
  input,
  notFound,
  optionalPrincipal,
  serviceUnavailable,
  validate,
  type ApiRegistry,
  type GuardedRouter,
  type Principal,
} from '@appeals/http';
import type { PersonalDataVault } from '@appeals/personal-data';
import type { ReadStore } from '@appeals/readstore';
import type { Catalog } from '@appeals/reference-data';
import type { Response } from 'express';
import { z } from 'zod';
import type { ViewNames } from './generations';
import { appealEventStream } from './appealEvents.sse';
import { duplicateLinks, type DuplicateReader } from './duplicateLinks';
import { readWhen, TooManyWatches, type ViewChanges, type ViewWatch } from './viewChanges';
import { openDetail } from './openDetail';
import type { AppealDetail } from './views';

/** The longest a read may wait for its condition (ms); the cluster gateway's upstream timeout is well above it. */
export const MAX_WAIT_MS = 10_000;
/**
 * An open event stream re-reads at most this often when another process may write the views (a stream lives for
 * minutes; the writes of this process still reach it at once).
 */
const STREAM_RECHECK_MIN_MS = 1_000;
/** The response header that says whether a read's wait condition held. */
export const WAIT_HEADER = 'Wait-Condition';

const DUE_SOON_MS = 3 * 86_400_000;

/** On time / due soon / overdue as of `now`. */
export const slaState = (a: { open: boolean; dueAt: string | null }, now: Date) => {
  if (!a.open || !a.dueAt) return 'closed';
  const left = Date.parse(a.dueAt) - now.getTime();
  return left < 0 ? 'overdue' : left < DUE_SOON_MS ? 'due_soon' : 'on_time';
};

/** A detail document as the read store gives it. */
export type StoredDetail = AppealDetail & { _revision: number };

/** What the detail routes need. */
export interface AppealDetailDeps {
  views: ReadStore;
  /** opens the sealed personal data and remarks the views hold, for a reader allowed to see them */
  vault: PersonalDataVault;
  catalog: Catalog;
  clock: () => Date;
  registry: ApiRegistry;
  /** the active generation's collections (looked up per request: a rebuild switches them) */
  names: () => ViewNames;
  /** tells a waiting reader that the view changed (without it, a waiting reader re-reads every `recheckMs`) */
  changes: ViewChanges;
  /** re-read a waited-on view this often too (another process may write it); absent: wait for `changes` alone */
  recheckMs?: number | undefined;
  /** a comment line goes down an idle event stream this often (ms; 15 s by default) */
  heartbeatMs?: number | undefined;
}

/**
 * The appeal as a reader allowed to see it gets it, its sealed personal data and remarks opened (the caller checked
 * access): clear, `'erased'` after an erasure, or — for a detail written before the views held it sealed —
 * `'pending'` for the moment before the projector opened it. `version` is the stream position of the last event the
 * view holds: the `version` a command answered.
 */
export async function presentAppeal(
  deps: { views: ReadStore; vault: PersonalDataVault },
  names: ViewNames,
  doc: StoredDetail,
  reader: DuplicateReader,
): Promise<Record<string, unknown>> {
  const {
    trackingCodeHash: _t,
    drafts,
    _revision,
    possibleDuplicates: _p,
    mergedDuplicates: _m,
    sealed: _s,
    ...rest
  } = doc;
  const [opened, links] = await Promise.all([
    openDetail(deps, names, doc),
    duplicateLinks(deps.views, names, doc, reader),
  ]);
  return {
    ...rest,
    ...opened,
    version: _revision,
    ...(reader.caseWork ? { drafts } : {}),
    ...links,
  };
}

const statusList = z
  .string()
  .max(200)
  .refine((value) => value.split(',').every((s) => AppealStatus.safeParse(s.trim()).success), {
    message: `expected statuses separated by commas, of: ${AppealStatus.options.join(', ')}`,
  });

const detailParams = z.strictObject({ id: AppealId });
const trackingCode = z.string().min(6).max(32).optional();
const detailQuery = z.strictObject({
  trackingCode,
  minVersion: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().meta({
    description: 'Wait until the view holds this version (a command answer’s `version`) or a later one',
  }),
  waitFor: statusList.optional().meta({
    description:
      'Wait until the status is one of these (comma-separated), for effects whose version the caller cannot know: `routed` after filing',
    examples: ['routed,needs_triage'],
  }),
  waitMs: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_WAIT_MS)
    .default(0)
    .meta({
      description: `How long to wait for the condition (ms, at most ${MAX_WAIT_MS}; 0 = answer at once). Without minVersion and waitFor the condition is that the appeal is there`,
    }),
});
const eventsQuery = z.strictObject({ trackingCode });

/** The wait condition of a read: the appeal is visible, at `minVersion` or later, in one of `statuses`. */
const conditionOf = (query: z.infer<typeof detailQuery>) => {
  const statuses = query.waitFor?.split(',').map((s) => s.trim());
  return (doc: StoredDetail) =>
    doc._revision >= (query.minVersion ?? 0) && (statuses === undefined || statuses.includes(doc.status));
};

/** Aborts when the client goes away before the answer is finished (a closed tab ends its wait). */
const abortOnClose = (res: Response): AbortSignal => {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
};

/** Opens a watch, or answers 503 when too many readers wait already. */
export const watchOr503 = (changes: ViewChanges, appealId: string): ViewWatch => {
  try {
    return changes.watch(appealId);
  } catch (error) {
    if (!(error instanceof TooManyWatches)) throw error;
    throw serviceUnavailable('Too many readers are waiting for changes; try again shortly.', {
      type: 'too-many-waiters',
      headers: { 'Retry-After': '1' },
    });
  }
};

/** What both routes read with: the appeal if the caller may see it, and the body it is answered with. */
function readerOf(deps: AppealDetailDeps) {
  const { views, vault, catalog, clock, names } = deps;
  return {
    /** the appeal if the caller may see it; null for "not there" and "not yours" alike */
    readVisible:
      (id: string, who: Principal | undefined, code: string | undefined) =>
      async (): Promise<StoredDetail | null> => {
        const doc = await views.get<AppealDetail>(names().detail, id);
        return doc && canSee(catalog, who, doc, code) ? doc : null;
      },
    /** the body GET /appeals/{id} answers (and each event of the stream carries) */
    bodyOf: async (doc: StoredDetail, who: Principal | undefined) => ({
      ...(await presentAppeal({ views, vault }, names(), doc, {
        caseWork: readsCaseWork(who),
        sees: (other) => canSee(catalog, who, other),
      })),
      sla: slaState({ open: isOpenStatus(doc.status), dueAt: doc.deadline?.dueAt ?? null }, clock()),
    }),
  };
}

/**
 * GET /appeals/{id} (with its read-your-writes wait condition) and GET /appeals/{id}/events (the same document as
 * server-sent events each time it changes), registered on the projections router.
 */
export function appealDetailRoutes(routes: GuardedRouter, deps: AppealDetailDeps): void {
  detailRoute(routes, deps);
  eventsRoute(routes, deps);
}

function detailRoute(routes: GuardedRouter, deps: AppealDetailDeps): void {
  const { readVisible, bodyOf } = readerOf(deps);
  deps.registry.register({
    method: 'get',
    path: '/api/v1/appeals/:id',
    summary: 'One appeal (applicant: own or with tracking code; staff: their agency; auditor: all)',
    description: `Read your writes without polling: give the \`version\` a command answered as \`minVersion\` (or the statuses to wait for as \`waitFor\`) and \`waitMs\`, and the answer comes as soon as the view holds it, or with the current state when the wait ends. The \`${WAIT_HEADER}\` header says which (\`met\` or \`unmet\`); \`ETag\` carries the version. An appeal the caller may not see is waited on like one that is not there, and answers 404 when the wait ends.`,
    tags: ['appeals'],
    security: true,
    request: { params: detailParams, query: detailQuery },
    responses: {
      200: {
        description:
          'The appeal: at once when the condition holds, else its current state when the wait ends',
        headers: {
          [WAIT_HEADER]: {
            description: '`met` when the view met the wait condition, `unmet` when the wait ended first',
            schema: z.enum(['met', 'unmet']),
          },
          ETag: { description: 'The appeal’s version as a weak tag: `W/"5"`', schema: z.string() },
        },
      },
      404: { description: 'No such appeal (or not visible to you), still so when the wait ended' },
      503: { description: 'Too many readers wait already; retry (Retry-After)' },
    },
  });
  routes.get('/appeals/:id', validate({ params: detailParams, query: detailQuery }), async (_req, res) => {
    const { params, query } = input<{
      params: z.infer<typeof detailParams>;
      query: z.infer<typeof detailQuery>;
    }>(res);
    const who = optionalPrincipal(res);
    const read = readVisible(params.id, who, query.trackingCode);
    const watch = query.waitMs > 0 ? watchOr503(deps.changes, params.id) : undefined;
    const waited = await readWhen(read, conditionOf(query), {
      watch,
      waitMs: query.waitMs,
      recheckMs: deps.recheckMs,
      signal: abortOnClose(res),
    }).finally(() => watch?.close());
    if (!waited.doc) throw notFound('No such appeal.');
    const waits = query.waitMs > 0 || query.minVersion !== undefined || query.waitFor !== undefined;
    if (waits) res.set(WAIT_HEADER, waited.met ? 'met' : 'unmet');
    res.set('ETag', versionTag(waited.doc._revision)).json(await bodyOf(waited.doc, who));
  });
}

function eventsRoute(routes: GuardedRouter, deps: AppealDetailDeps): void {
  const { readVisible, bodyOf } = readerOf(deps);
  deps.registry.register({
    method: 'get',
    path: '/api/v1/appeals/:id/events',
    summary: 'One appeal’s changes as server-sent events (who may read the appeal may follow it)',
    description:
      'A `text/event-stream`: an `appeal` event with the whole appeal (as GET /appeals/{id} answers it, `id:` its version) at once and after each change, a comment line as heartbeat, and a `gone` event before it ends when the appeal is no longer visible to the caller. A reconnect with `Last-Event-ID` gets the appeal again only once it is newer.',
    tags: ['appeals'],
    security: true,
    request: { params: detailParams, query: eventsQuery },
    responses: {
      200: { description: 'The event stream', contentType: 'text/event-stream', schema: z.string() },
      404: { description: 'No such appeal (or not visible to you)' },
      503: { description: 'Too many readers wait already; retry (Retry-After)' },
    },
  });
  routes.get(
    '/appeals/:id/events',
    validate({ params: detailParams, query: eventsQuery }),
    async (req, res) => {
      const { params, query } = input<{
        params: z.infer<typeof detailParams>;
        query: z.infer<typeof eventsQuery>;
      }>(res);
      const who = optionalPrincipal(res);
      await appealEventStream(req, res, {
        watch: watchOr503(deps.changes, params.id),
        read: readVisible(params.id, who, query.trackingCode),
        bodyOf: (doc) => bodyOf(doc, who),
        signal: abortOnClose(res),
        recheckMs: deps.recheckMs === undefined ? undefined : Math.max(deps.recheckMs, STREAM_RECHECK_MIN_MS),
        heartbeatMs: deps.heartbeatMs ?? 15_000,
        notFound: () => notFound('No such appeal.'),
      });
    },
  );
}
