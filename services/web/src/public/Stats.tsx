import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiProblem } from '../api/client';
import { localized } from '../api/catalog';
import type { AgencyStats } from '../api/types';
import { formatInstant } from '../components/deadline';
import { ProblemAlert } from '../components/ProblemAlert';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { localeOf } from '../i18n';

/** Public per-agency statistics (GET /stats/agencies, no sign-in): one row per agency. */
export function Stats() {
  const { t, i18n } = useTranslation('public');
  const lang = i18n.resolvedLanguage;
  const locale = localeOf(lang);
  useDocumentTitle(t('stats.title'));
  const [data, setData] = useState<{ generatedAt: string; items: AgencyStats[] }>();
  const [problem, setProblem] = useState<ApiProblem>();
  useEffect(() => {
    api<{ generatedAt: string; items: AgencyStats[] }>('/stats/agencies').then(setData, (err: unknown) => {
      if (err instanceof ApiProblem) setProblem(err);
    });
  }, []);
  // Browsers lack Kazakh number data ("1,234.5"); Kazakh writes numbers as Russian does ("1 234,5").
  const numberLocale = lang === 'kk' ? 'ru-RU' : locale;
  const num = (n: number | null, digits = 0) =>
    n === null ? t('stats.none') : n.toLocaleString(numberLocale, { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return (
    <section aria-labelledby="stats-title">
      <h1 id="stats-title">{t('stats.title')}</h1>
      <p className="lead">{t('stats.lead')}</p>
      <ProblemAlert problem={problem} />
      {!data && !problem ? <p role="status">{t('common:loading')}</p> : null}
      {data && data.items.length === 0 ? <p>{t('stats.empty')}</p> : null}
      {data && data.items.length > 0 ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="stats-caption">
          <table className="stats">
            <caption id="stats-caption">
              {t('stats.caption', { when: formatInstant(data.generatedAt, locale) })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('stats.agency')}</th>
                <th scope="col">{t('stats.received')}</th>
                <th scope="col">{t('stats.answered')}</th>
                <th scope="col">{t('stats.onTimePct')}</th>
                <th scope="col">{t('stats.avgDays')}</th>
                <th scope="col">{t('stats.overdueNow')}</th>
                <th scope="col">{t('stats.avgRating')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((row) => (
                <tr key={row.agencyId}>
                  <th scope="row">{localized(row.name, lang, row.agencyId)}</th>
                  <td>{num(row.received)}</td>
                  <td>{num(row.answered)}</td>
                  <td>{row.answeredOnTimePct === null ? t('stats.none') : `${num(row.answeredOnTimePct)} %`}</td>
                  <td>{num(row.avgAnswerDays, 1)}</td>
                  <td>{num(row.overdueNow)}</td>
                  <td>
                    {row.avgRating === null
                      ? t('stats.none')
                      : t('stats.rating', { value: num(row.avgRating, 1), count: row.ratings })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
