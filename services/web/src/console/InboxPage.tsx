import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, ApiProblem } from '../api/client';
import { countKey, type ItemsPage } from '../api/types';
import { DataTable } from '../components/DataTable';
import { Pager } from '../components/Pager';
import { ProblemAlert } from '../components/ProblemAlert';
import { useSession } from '../auth/session';
import { formatDate } from './format';
import { SlaBadge } from '../components/SlaBadge';
import { AgencyName, StatusTag } from './parts';
import { STATUSES, type AppealSummary } from './types';

const PAGE = 50;

/** The agency's inbox: its appeals (and its subtree's) sorted by deadline, with SLA state and filters. */
export function InboxPage() {
  const { t } = useTranslation('console');
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const overdue = params.get('overdue') ?? '';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const [page, setPage] = useState<ItemsPage<AppealSummary>>();
  const [problem, setProblem] = useState<ApiProblem>();
  const agencyId = user?.agencyId;

  useEffect(() => {
    if (!agencyId) return;
    let live = true;
    api<ItemsPage<AppealSummary>>(`/agencies/${encodeURIComponent(agencyId)}/inbox`, {
      token: user?.token,
      query: { status, overdue, limit: PAGE, offset },
    }).then(
      (p) => {
        if (!live) return;
        setPage(p);
        setProblem(undefined);
      },
      (err: unknown) => live && setProblem(err instanceof ApiProblem ? err : undefined),
    );
    return () => {
      live = false;
    };
  }, [agencyId, user?.token, status, overdue, offset]);

  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete('offset');
    setParams(next);
  };

  return (
    <section aria-labelledby="inbox-h">
      <h1 id="inbox-h">{t('inbox.title')}</h1>
      {agencyId && (
        <p>
          {t('inbox.of')}: <AgencyName id={agencyId} />
        </p>
      )}
      <InboxFilters status={status} overdue={overdue} set={set} />
      <ProblemAlert problem={problem} />
      {page && (
        <>
          <p role="status">{t(countKey('inbox.count', page), { count: page.total })}</p>
          {page.items.length > 0 && <InboxTable items={page.items} />}
          <Pager
            offset={offset}
            pageSize={PAGE}
            total={page.total}
            label={t('inbox.pages')}
            prev={t('inbox.prev')}
            next={t('inbox.next')}
          />
        </>
      )}
    </section>
  );
}

/** One row per appeal: number (to its case page), subject, status, agency, due date and SLA. */
function InboxTable({ items }: { items: AppealSummary[] }) {
  const { t, i18n } = useTranslation('console');
  const lng = i18n.resolvedLanguage ?? 'ru';
  return (
    <DataTable
      className="inbox"
      rows={items}
      rowKey={(a) => a.appealId}
      caption={t('inbox.caption')}
      hiddenCaption
      columns={[
        {
          header: t('inbox.number'),
          cell: (a) => (
            <Link to={`/console/appeals/${a.appealId}`}>{a.registrationNumber ?? a.appealId}</Link>
          ),
        },
        { header: t('field.subject'), cell: (a) => a.subject },
        { header: t('field.status'), cell: (a) => <StatusTag status={a.status} /> },
        {
          header: t('field.agency'),
          cell: (a) => (a.agencyId ? <AgencyName id={a.agencyId} /> : '—'),
        },
        { header: t('inbox.dueOn'), cell: (a) => (a.dueOn ? formatDate(a.dueOn, lng) : '—') },
        { header: t('inbox.sla'), cell: (a) => <SlaBadge sla={a.sla} /> },
      ]}
    />
  );
}

/** The inbox's filters (status, overdue or not), kept in the URL by `set`. */
function InboxFilters(props: { status: string; overdue: string; set: (key: string, value: string) => void }) {
  const { t } = useTranslation('console');
  const { status, overdue, set } = props;
  return (
    <form
      className="filters"
      role="search"
      aria-label={t('inbox.filters')}
      onSubmit={(e) => e.preventDefault()}
    >
      <div className="field">
        <label htmlFor="f-status">{t('field.status')}</label>
        <select id="f-status" value={status} onChange={(e) => set('status', e.target.value)}>
          <option value="">{t('inbox.any')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-overdue">{t('inbox.deadline')}</label>
        <select id="f-overdue" value={overdue} onChange={(e) => set('overdue', e.target.value)}>
          <option value="">{t('inbox.any')}</option>
          <option value="true">{t('inbox.overdueOnly')}</option>
          <option value="false">{t('inbox.notOverdue')}</option>
        </select>
      </div>
    </form>
  );
}
