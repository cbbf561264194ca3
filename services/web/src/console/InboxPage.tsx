import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, ApiProblem } from '../api/client';
import type { ItemsPage } from '../api/types';
import { ProblemAlert } from '../components/ProblemAlert';
import { useSession } from '../auth/session';
import { formatDate } from './format';
import { SlaBadge } from '../components/SlaBadge';
import { AgencyName, StatusTag } from './parts';
import { STATUSES, type AppealSummary } from './types';

const PAGE = 50;

/** The agency's inbox: its appeals (and its subtree's) sorted by deadline, with SLA state and filters. */
export function InboxPage() {
  const { t, i18n } = useTranslation('console');
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const overdue = params.get('overdue') ?? '';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const [page, setPage] = useState<ItemsPage<AppealSummary>>();
  const [problem, setProblem] = useState<ApiProblem>();
  const lng = i18n.resolvedLanguage ?? 'ru';
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
      <ProblemAlert problem={problem} />
      {page && (
        <>
          <p role="status">{t('inbox.count', { count: page.total })}</p>
          {page.items.length > 0 && (
            <div className="table-wrap">
              <table className="inbox">
                <caption className="visually-hidden">{t('inbox.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('inbox.number')}</th>
                    <th scope="col">{t('field.subject')}</th>
                    <th scope="col">{t('field.status')}</th>
                    <th scope="col">{t('field.agency')}</th>
                    <th scope="col">{t('inbox.dueOn')}</th>
                    <th scope="col">{t('inbox.sla')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((a) => (
                    <tr key={a.appealId}>
                      <td>
                        <Link to={`/console/appeals/${a.appealId}`}>
                          {a.registrationNumber ?? a.appealId}
                        </Link>
                      </td>
                      <td>{a.subject}</td>
                      <td>
                        <StatusTag status={a.status} />
                      </td>
                      <td>{a.agencyId ? <AgencyName id={a.agencyId} /> : '—'}</td>
                      <td>{a.dueOn ? formatDate(a.dueOn, lng) : '—'}</td>
                      <td>
                        <SlaBadge sla={a.sla} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <nav className="pager" aria-label={t('inbox.pages')}>
            {offset > 0 && (
              <Link to={`?${withOffset(params, Math.max(0, offset - PAGE))}`}>{t('inbox.prev')}</Link>
            )}
            {offset + PAGE < page.total && (
              <Link to={`?${withOffset(params, offset + PAGE)}`}>{t('inbox.next')}</Link>
            )}
          </nav>
        </>
      )}
    </section>
  );
}

function withOffset(params: URLSearchParams, offset: number): string {
  const next = new URLSearchParams(params);
  if (offset) next.set('offset', String(offset));
  else next.delete('offset');
  return next.toString();
}
