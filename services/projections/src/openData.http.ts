import { guardedRouter, input, validate } from '@appeals/http';
import type { Router } from 'express';
import { z } from 'zod';
import type { ViewNames } from './generations';
import { MIN_CELL, readOpenData, topRegionOf, type OpenDataRow } from './openData';
import { projectionsPolicy } from './projections.policy';
import type { ReadSideDeps } from './queries.http';
import { Views } from './views';

/** One column of the open data: its name, Table Schema type, title and meaning (the schema, CSV and JSON share it). */
interface Field {
  name: keyof OpenDataRow | 'agencyName' | 'categoryName' | 'regionName';
  type: 'yearmonth' | 'string' | 'integer' | 'number' | 'boolean';
  description: string;
  /** absent from a suppressed row */
  suppressible?: true;
}

/** The columns, in order (docs/open-data.md explains each). */
export const OPEN_DATA_FIELDS: readonly Field[] = [
  { name: 'month', type: 'yearmonth', description: 'Month of registration (UTC+05:00), YYYY-MM' },
  { name: 'agencyId', type: 'string', description: 'The agency that holds the appeals now (catalog id)' },
  { name: 'agencyName', type: 'string', description: 'Its name in the language asked (`lang`)' },
  { name: 'categoryId', type: 'string', description: 'Topic of the appeals (catalog id)' },
  { name: 'categoryName', type: 'string', description: 'Its name in the language asked' },
  {
    name: 'regionKato',
    type: 'string',
    description: 'Top region of the catalog the appeals are about (KATO code)',
  },
  { name: 'regionName', type: 'string', description: 'Its name in the language asked' },
  {
    name: 'suppressed',
    type: 'boolean',
    description: `true: fewer than ${MIN_CELL} appeals, or withheld so that a suppressed row cannot be worked out; its figures are empty`,
  },
  { name: 'filed', type: 'integer', description: 'Appeals registered', suppressible: true },
  {
    name: 'answered',
    type: 'integer',
    description: 'Of those, answered (an answer sent and not reopened)',
    suppressible: true,
  },
  {
    name: 'answeredOnTime',
    type: 'integer',
    description: 'Answered by the deadline in force',
    suppressible: true,
  },
  {
    name: 'answeredOnTimePct',
    type: 'number',
    description: 'answeredOnTime / answered × 100, one decimal',
    suppressible: true,
  },
  {
    name: 'avgAnswerDays',
    type: 'number',
    description: 'Mean days from registration to the answer, one decimal',
    suppressible: true,
  },
  {
    name: 'deemedRefused',
    type: 'integer',
    description: 'Deemed refused: no answer by the deadline',
    suppressible: true,
  },
  { name: 'ratings', type: 'integer', description: 'Answers the applicants rated (1–5)', suppressible: true },
  {
    name: 'avgRating',
    type: 'number',
    description: `Mean rating, two decimals; empty below ${MIN_CELL} ratings and as the suppression rule says`,
    suppressible: true,
  },
];

const SUPPRESSION_RULE =
  `A row of fewer than ${MIN_CELL} appeals shows no figure; within each agency's month, while the rows so suppressed ` +
  `hold fewer than ${MIN_CELL} appeals together, the next smallest row is suppressed too (the agency's monthly total ` +
  `is public). An average rating shows only over ${MIN_CELL} ratings or more, by the same rule on the ratings.`;

/** The Table Schema (Frictionless Data) of the CSV and of each JSON row. */
export const openDataTableSchema = () => ({
  $schema: 'https://specs.frictionlessdata.io/schemas/table-schema.json',
  name: 'appeals-monthly',
  title: 'Citizens’ appeals per agency, category, region and month (anonymised)',
  description: SUPPRESSION_RULE,
  fields: OPEN_DATA_FIELDS.map((f) => ({
    name: f.name,
    type: f.type,
    description: f.description,
    ...(f.type === 'integer' || f.type === 'number' ? { constraints: { minimum: 0 } } : {}),
    ...(f.suppressible ? {} : { constraints: { required: true } }),
  })),
  primaryKey: ['month', 'agencyId', 'categoryId', 'regionKato'],
  missingValues: [''],
});

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM');
const OpenDataQuery = z
  .strictObject({
    from: Month.optional().meta({ description: 'First month of registration, YYYY-MM (UTC+05:00)' }),
    to: Month.optional().meta({ description: 'Last month of registration, YYYY-MM' }),
    agencyId: z.string().min(1).max(64).optional().meta({ description: 'One agency only (catalog id)' }),
    lang: z.enum(['kk', 'ru', 'en']).default('ru').meta({ description: 'Language of the names' }),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    path: ['to'],
    message: '`to` is before `from`',
  });
type Query = z.infer<typeof OpenDataQuery>;

const nullableNumber = z.number().nullable();
const RowSchema = z.object({
  month: z.string(),
  agencyId: z.string(),
  agencyName: z.string(),
  categoryId: z.string(),
  categoryName: z.string(),
  regionKato: z.string(),
  regionName: z.string(),
  suppressed: z.boolean(),
  filed: nullableNumber,
  answered: nullableNumber,
  answeredOnTime: nullableNumber,
  answeredOnTimePct: nullableNumber,
  avgAnswerDays: nullableNumber,
  deemedRefused: nullableNumber,
  ratings: nullableNumber,
  avgRating: nullableNumber,
});
const OpenDataResponse = z
  .object({
    generatedAt: z.string(),
    suppression: z.object({ minCell: z.number().int(), rule: z.string() }),
    schema: z.string(),
    rows: z.array(RowSchema),
  })
  .meta({ id: 'OpenDataMonthly' });

/** A CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
const csvField = (value: unknown): string => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The named rows of a query, each query's kept `cacheMs` (the statistics' cache rule). */
function openDataSource(deps: ReadSideDeps, cacheMs: number) {
  const { views, catalog } = deps;
  const cache = new Map<string, { at: number; rows: Promise<OpenDataRow[]> }>();
  const topRegion = topRegionOf(catalog);
  const regions = new Map(catalog.data.regions.map((r) => [r.kato, r.name]));
  const rows = (query: Query) => {
    const names: ViewNames = deps.generations?.current() ?? Views;
    const key = JSON.stringify([names.stats, query.from, query.to, query.agencyId]);
    const at = Date.now();
    let entry = cache.get(key);
    if (!entry || at - entry.at >= cacheMs) {
      for (const [k, v] of cache) if (at - v.at >= cacheMs) cache.delete(k);
      entry = { at, rows: readOpenData(views, names, catalog, query) };
      cache.set(key, entry);
      entry.rows.catch(() => cache.delete(key));
    }
    return entry.rows;
  };
  const name = (n: { kk: string; ru: string; en: string } | undefined, id: string, lang: Query['lang']) =>
    n?.[lang] ?? id;
  return {
    /** the rows of `query`, with the names of agency, category and region in its language */
    async rowsFor(query: Query) {
      return (await rows(query)).map((row) => ({
        ...row,
        agencyName: name(catalog.agency(row.agencyId)?.name, row.agencyId, query.lang),
        categoryName: name(
          catalog.data.categories.find((c) => c.id === row.categoryId)?.name,
          row.categoryId,
          query.lang,
        ),
        regionName: name(regions.get(topRegion(row.regionKato)), row.regionKato, query.lang),
      }));
    },
  };
}

/**
 * Open data (docs/open-data.md): monthly figures per agency, category and region as JSON and CSV, and their Table
 * Schema; public, from the statistics month buckets, small cells suppressed. Kept `cacheMs` per query, as the
 * statistics are.
 */
export function openDataRouter(deps: ReadSideDeps & { cacheMs?: number }): Router {
  const { registry, clock } = deps;
  const cacheMs = deps.cacheMs ?? 10_000;
  const { rowsFor } = openDataSource(deps, cacheMs);
  const routes = guardedRouter(projectionsPolicy);
  const cacheHeader = `public, max-age=${Math.floor(cacheMs / 1000)}`;

  registry.register({
    method: 'get',
    path: '/api/v1/open-data/monthly.json',
    summary: 'Open data: appeals per agency, category, region and month, small cells suppressed (no sign-in)',
    tags: ['open data'],
    request: { query: OpenDataQuery },
    responses: {
      200: {
        description: 'The rows, the suppression rule and the schema’s address',
        schema: OpenDataResponse,
      },
    },
  });
  routes.get('/open-data/monthly.json', validate({ query: OpenDataQuery }), async (_req, res) => {
    const { query } = input<{ query: Query }>(res);
    const rows = await rowsFor(query);
    res.set('Cache-Control', cacheHeader).json({
      generatedAt: clock().toISOString(),
      suppression: { minCell: MIN_CELL, rule: SUPPRESSION_RULE },
      schema: '/api/v1/open-data/monthly.schema.json',
      rows,
    });
  });

  registry.register({
    method: 'get',
    path: '/api/v1/open-data/monthly.csv',
    summary:
      'Open data as CSV (UTF-8, a header row; the columns of monthly.schema.json; suppressed figures empty)',
    tags: ['open data'],
    request: { query: OpenDataQuery },
    responses: { 200: { description: 'RFC 4180 CSV', contentType: 'text/csv' } },
  });
  routes.get('/open-data/monthly.csv', validate({ query: OpenDataQuery }), async (_req, res) => {
    const { query } = input<{ query: Query }>(res);
    const rows = await rowsFor(query);
    const lines = [
      OPEN_DATA_FIELDS.map((f) => f.name).join(','),
      ...rows.map((row) => OPEN_DATA_FIELDS.map((f) => csvField(row[f.name])).join(',')),
    ];
    res
      .set('Cache-Control', cacheHeader)
      .set('Content-Disposition', 'inline; filename="appeals-monthly.csv"')
      .type('text/csv; charset=utf-8')
      .send(`${lines.join('\r\n')}\r\n`);
  });

  registry.register({
    method: 'get',
    path: '/api/v1/open-data/monthly.schema.json',
    summary: 'The Table Schema (Frictionless Data) of the open data’s rows',
    tags: ['open data'],
    responses: { 200: { description: 'Table Schema', contentType: 'application/schema+json' } },
  });
  routes.get('/open-data/monthly.schema.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('application/json').json(openDataTableSchema());
  });
  return routes.router;
}
