import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiGet, useCatalog } from '../api/client';
import { namesIn } from '../api/catalog';
import { countKey, type CaseSummary, type ItemsPage } from '../api/types';
import { useSession } from '../auth/session';
import { formatDay } from '../components/deadline';
import { DataTable } from '../components/DataTable';
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
  // the same URL as the query { limit: 100 }
  const { data: page, problem } = useApiGet<ItemsPage<CaseSummary>>('/me/appeals?limit=100', user?.token);
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
        <DataTable
          rows={page.items}
          rowKey={(a) => a.appealId}
          caption={t(countKey('my.caption', page), { count: page.total })}
          columns={[
            {
              header: t('my.number'),
              rowHeader: true,
              cell: (a) => (
                <Link to={`/appeals/${a.appealId}`}>{a.registrationNumber ?? t('my.pending')}</Link>
              ),
            },
            { header: t('my.subject'), cell: (a) => a.subject },
            { header: t('my.status'), cell: (a) => t(`common:status.${a.status}`) },
            { header: t('my.agency'), cell: (a) => (a.agencyId ? names.agency(a.agencyId) : '—') },
            { header: t('my.due'), cell: (a) => (a.dueAt ? formatDay(a.dueAt, locale, false) : '—') },
          ]}
        />
      ) : null}
    </section>
  );
}
