import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, ApiProblem, useCatalog } from '../api/client';
import { countKey, type ItemsPage } from '../api/types';
import { DataTable } from '../components/DataTable';
import { ProblemAlert } from '../components/ProblemAlert';
import { useSession } from '../auth/session';
import { formatDate, formatInstant } from '../console/format';
import { SlaBadge } from '../components/SlaBadge';
import { AgencyName, StatusTag } from '../console/parts';
import { STATUSES, type AppealSummary } from '../console/types';
import { DEFAULT_OFFSET, Field, Select } from '../console/ui';

const KEYS = ['registrationNumber', 'agencyId', 'status', 'from', 'to'] as const;
type Criteria = Record<(typeof KEYS)[number], string>;

/** The appeals matching the search in the URL (`query`), read again when it changes. */
function useSearchResults(query: string, token: string | undefined) {
  const [page, setPage] = useState<ItemsPage<AppealSummary>>();
  const [problem, setProblem] = useState<ApiProblem>();
  useEffect(() => {
    const c = Object.fromEntries(new URLSearchParams(query)) as Partial<Criteria>;
    let live = true;
    api<ItemsPage<AppealSummary>>('/appeals', {
      token,
      query: {
        registrationNumber: c.registrationNumber?.trim(),
        agencyId: c.agencyId,
        status: c.status,
        // a date alone means that whole day in the jurisdiction's time (the API's rule)
        from: c.from,
        to: c.to,
        limit: 50,
      },
    }).then(
      (p) => {
        if (!live) return;
        setPage(p);
        setProblem(undefined);
      },
      (err: unknown) => {
        if (!live) return;
        setPage(undefined);
        setProblem(err instanceof ApiProblem ? err : new ApiProblem({ status: 0, title: String(err) }));
      },
    );
    return () => {
      live = false;
    };
  }, [query, token]);
  return { page, problem };
}

/** The auditor's search: by registration number, agency, status and registration period. */
export function SearchPage() {
  const { t, i18n } = useTranslation('audit');
  const { user } = useSession();
  const { catalog } = useCatalog();
  const [params, setParams] = useSearchParams();
  const criteria = Object.fromEntries(KEYS.map((k) => [k, params.get(k) ?? ''])) as Criteria;
  const [form, setForm] = useState<Criteria>(criteria);
  const lng = (i18n.resolvedLanguage ?? 'ru') as 'ru';
  const { page, problem } = useSearchResults(params.toString(), user?.token);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const k of KEYS) if (form[k].trim()) next.set(k, form[k].trim());
    setParams(next);
  };
  const set = (k: keyof Criteria) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });

  return (
    <section aria-labelledby="search-h">
      <h1 id="search-h">{t('search.title')}</h1>
      <form role="search" className="filters" onSubmit={submit} noValidate aria-labelledby="search-h">
        <Field label={t('search.number')} field="query.registrationNumber" problem={problem}>
          {(c) => <input {...c} value={form.registrationNumber} onChange={set('registrationNumber')} />}
        </Field>
        <Field label={t('search.agency')} field="query.agencyId" problem={problem}>
          {(c) => (
            <Select
              {...c}
              value={form.agencyId}
              onChange={set('agencyId')}
              empty={t('search.any')}
              options={(catalog?.agencies ?? []).map((a) => [a.id, a.name[lng] ?? a.name.ru ?? a.id])}
            />
          )}
        </Field>
        <Field label={t('search.status')} field="query.status" problem={problem}>
          {(c) => (
            <Select
              {...c}
              value={form.status}
              onChange={set('status')}
              empty={t('search.any')}
              options={STATUSES.map((s) => [s, t(`status.${s}`, { ns: 'console' })])}
            />
          )}
        </Field>
        <Field label={t('search.from')} field="query.from" problem={problem}>
          {(c) => <input {...c} type="date" value={form.from} onChange={set('from')} />}
        </Field>
        <Field label={t('search.to')} field="query.to" problem={problem}>
          {(c) => <input {...c} type="date" value={form.to} onChange={set('to')} />}
        </Field>
        <div className="buttons">
          <button type="submit" className="primary">
            {t('search.submit')}
          </button>
        </div>
      </form>
      <ProblemAlert problem={problem} />
      {page && (
        <>
          <p role="status">{t(countKey('search.count', page), { count: page.total })}</p>
          {page.items.length > 0 && <ResultsTable items={page.items} />}
        </>
      )}
    </section>
  );
}

/** One row per appeal found: number (to its case page), subject, status and SLA, agency, registration, due date. */
function ResultsTable({ items }: { items: AppealSummary[] }) {
  const { t, i18n } = useTranslation('audit');
  const lng = (i18n.resolvedLanguage ?? 'ru') as 'ru';
  return (
    <DataTable
      rows={items}
      rowKey={(a) => a.appealId}
      caption={t('search.caption')}
      hiddenCaption
      columns={[
        {
          header: t('search.number'),
          cell: (a) => <Link to={`/audit/appeals/${a.appealId}`}>{a.registrationNumber ?? a.appealId}</Link>,
        },
        { header: t('search.subject'), cell: (a) => a.subject },
        {
          header: t('search.status'),
          cell: (a) => (
            <>
              <StatusTag status={a.status} /> {a.open && <SlaBadge sla={a.sla} />}
            </>
          ),
        },
        {
          header: t('search.agency'),
          cell: (a) => (a.agencyId ? <AgencyName id={a.agencyId} /> : '—'),
        },
        {
          header: t('search.registered'),
          cell: (a) => (a.registeredAt ? formatInstant(a.registeredAt, lng, DEFAULT_OFFSET) : '—'),
        },
        { header: t('search.due'), cell: (a) => (a.dueOn ? formatDate(a.dueOn, lng) : '—') },
      ]}
    />
  );
}
