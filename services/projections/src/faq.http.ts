import { guardedRouter, input, validate } from '@appeals/http';
import type { Router } from 'express';
import { z } from 'zod';
import { readFaq, type FaqEntryView } from './faqView';
import type { ViewNames } from './generations';
import { projectionsPolicy } from './projections.policy';
import type { ReadSideDeps } from './queries.http';
import { Views, type AppealDetail, type toSummary } from './views';

const Lang = z.enum(['kk', 'ru', 'en']);
const InLanguages = z.object({
  kk: z.string().optional(),
  ru: z.string().optional(),
  en: z.string().optional(),
});

const FaqQuery = z.strictObject({
  lang: Lang.optional().meta({ description: 'Only the entries written in this language' }),
  categoryId: z.string().min(1).max(64).optional().meta({ description: 'One category only (catalog id)' }),
  limit: z.coerce.number().int().min(1).max(100).default(10).meta({ description: 'Entries per category' }),
});
const FaqResponse = z
  .object({
    generatedAt: z.string(),
    order: z.string(),
    categories: z.array(
      z.object({
        categoryId: z.string(),
        name: z.object({ kk: z.string(), ru: z.string(), en: z.string() }),
        total: z.number().int(),
        entries: z.array(
          z.object({
            entryId: z.string(),
            question: InLanguages,
            answer: InLanguages,
            appealCount: z.number().int(),
            publishedAt: z.string(),
            updatedAt: z.string(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'Faq' });

/** The FAQ's order in words, as the public route states it (docs/faq.md). */
export const FAQ_ORDER =
  'Within a category, the entries that answer more appeals come first (the appeals the press linked to the entry); of as many, the one published first.';

const CandidatesQuery = z.strictObject({
  categoryId: z.string().min(1).max(64),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});
const CandidatesResponse = z
  .object({
    items: z.array(
      z.object({
        appealId: z.string(),
        subject: z.string(),
        registeredAt: z.string().nullable(),
        answeredAt: z.string().nullable(),
        answer: z.object({ text: z.string(), language: z.string() }).nullable(),
        entryId: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'FaqCandidates' });

type Summary = ReturnType<typeof toSummary>;

/**
 * The public FAQ (docs/faq.md): `GET /faq`, each category's most frequent published questions with their answers,
 * in the press's words only; and the press's desk, `GET /faq/candidates`: a category's answered appeals, with the
 * subject and the answer the agency sent (staff-written, ADR 0006) and the entry each is linked to — never the
 * applicant, the appeal's text or any remark, which stay sealed.
 */
export function faqReadRouter(deps: ReadSideDeps): Router {
  const { views, catalog, registry, clock } = deps;
  const routes = guardedRouter(projectionsPolicy);
  const names = (): ViewNames => deps.generations?.current() ?? Views;

  registry.register({
    method: 'get',
    path: '/api/v1/faq',
    summary:
      'The public FAQ: each category’s most frequent questions and their published answers (no sign-in)',
    tags: ['faq'],
    request: { query: FaqQuery },
    responses: {
      200: {
        description: 'Categories in the catalog’s order, entries most frequent first',
        schema: FaqResponse,
      },
    },
  });
  routes.get('/faq', validate({ query: FaqQuery }), async (_req, res) => {
    const { query } = input<{ query: z.infer<typeof FaqQuery> }>(res);
    const categories = await readFaq(views, names(), catalog, query);
    res
      .set('Cache-Control', 'public, max-age=10')
      .json({ generatedAt: clock().toISOString(), order: FAQ_ORDER, categories });
  });

  registry.register({
    method: 'get',
    path: '/api/v1/faq/candidates',
    summary:
      'A category’s answered appeals the press may publish in the FAQ: subject, answer sent, linked entry (press)',
    tags: ['faq'],
    security: true,
    request: { query: CandidatesQuery },
    responses: {
      200: { description: 'Newest registration first', schema: CandidatesResponse },
      403: { description: 'The press only' },
    },
  });
  routes.get('/faq/candidates', validate({ query: CandidatesQuery }), async (_req, res) => {
    const { query } = input<{ query: z.infer<typeof CandidatesQuery> }>(res);
    const current = names();
    const [summaries, entries] = await Promise.all([
      views.findItems<Summary>(current.summary, {
        where: { categoryId: query.categoryId, status: 'answered' },
        sort: [['registeredAt', 'desc']],
        limit: query.limit,
        offset: query.offset,
      }),
      views.findItems<FaqEntryView>(current.faq, {
        where: { status: 'published', categoryId: query.categoryId },
      }),
    ]);
    const entryOf = new Map(entries.flatMap((e) => e.appealIds.map((id) => [id, e.entryId] as const)));
    const details = await Promise.all(
      summaries.map((s) => views.get<AppealDetail>(current.detail, s.appealId)),
    );
    res.json({
      items: summaries.map((s, i) => {
        const answer = details[i]?.answer;
        return {
          appealId: s.appealId,
          subject: s.subject,
          registeredAt: s.registeredAt,
          answeredAt: s.answeredAt,
          answer: answer
            ? { text: String(answer.text ?? ''), language: String(answer.language ?? '') }
            : null,
          entryId: entryOf.get(s.appealId) ?? null,
        };
      }),
    });
  });
  return routes.router;
}
