import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiProblem, useCatalog } from '../api/client';
import { namesIn } from '../api/catalog';
import type { CaseSummary, ItemsPage } from '../api/types';
import { useSession } from '../auth/session';
import { formatDay } from '../components/deadline';
import { ProblemAlert } from '../components/ProblemAlert';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { localeOf } from '../i18n';

/** The applicant's cabinet: every appeal they filed, newest first. */
export function MyAppeals() {
  const { t, i18n } = useTranslation('citizen');
  const { user } = useSession();
  const { catalog } = useCatalog();
  const names = namesIn(catalog, i18n.resolvedLanguage);
  const locale = localeOf(i18n.resolvedLanguage);
  useDocumentTitle(t('my.title'));
  const [page, setPage] = useState<ItemsPage<CaseSummary>>();
  const [problem, setProblem] = useState<ApiProblem>();
  useEffect(() => {
    api<ItemsPage<CaseSummary>>('/me/appeals', { token: user?.token, query: { limit: 100 } }).then(setPage, (err: unknown) => {
      if (err instanceof ApiProblem) setProblem(err);
    });
  }, [user?.token]);
  return (
    <section aria-labelledby="my-title">
      <h1 id="my-title">{t('my.title')}</h1>
      <p>
        <Link to="/appeals/new" className="button-link primary">
          {t('my.new')}
        </Link>
      </p>
      <ProblemAlert problem={problem} />
      {!page && !problem ? <p role="status">{t('common:loading')}</p> : null}
      {page && page.items.length === 0 ? <p>{t('my.empty')}</p> : null}
      {page && page.items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption>{t('my.caption', { count: page.total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('my.number')}</th>
                <th scope="col">{t('my.subject')}</th>
                <th scope="col">{t('my.status')}</th>
                <th scope="col">{t('my.agency')}</th>
                <th scope="col">{t('my.due')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((a) => (
                <tr key={a.appealId}>
                  <th scope="row">
                    <Link to={`/appeals/${a.appealId}`}>{a.registrationNumber ?? t('my.pending')}</Link>
                  </th>
                  <td>{a.subject}</td>
                  <td>{t(`common:status.${a.status}`)}</td>
                  <td>{a.agencyId ? names.agency(a.agencyId) : '—'}</td>
                  <td>{a.dueAt ? formatDay(a.dueAt, locale, false) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
