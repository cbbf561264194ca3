import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { type ApiProblem, useCatalog } from '../api/client';
import { useApiGet } from '../api/useApiGet';
import { namesIn } from '../api/catalog';
import { useSession } from '../auth/session';
import { DataTable } from '../components/DataTable';
import { ProblemAlert } from '../components/ProblemAlert';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { localeOf } from '../i18n';
import { TopicsChart } from './TopicsChart';
import type { SurgesReply, TopicsReply } from './types';
import './press.css';

/** What society is asking about: the topics of a week or month and the week's surges (press, heads, admins). */
export function AnalyticsPage() {
  const { t, i18n } = useTranslation('press');
  useDocumentTitle(t('title'));
  const { user } = useSession();
  // the period shown is in the address (?period=month&date=2026-11-16), so a view can be shared and reloaded
  const [params, setParams] = useSearchParams();
  const applied = {
    period: params.get('period') === 'month' ? 'month' : 'week',
    date: params.get('date') ?? '',
  };
  const [form, setForm] = useState(applied);
  const query = { period: applied.period, ...(applied.date ? { date: applied.date } : {}) };
  const topics = useApiGet<TopicsReply>('/analytics/topics', query, user?.token);
  const surges = useApiGet<SurgesReply>(
    '/analytics/surges',
    applied.date ? { date: applied.date } : {},
    user?.token,
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParams(form.date ? { period: form.period, date: form.date } : { period: form.period });
  };
  return (
    <section aria-labelledby="analytics-title">
      <h1 id="analytics-title">{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      <form className="filters" onSubmit={submit} aria-label={t('form.label')}>
        <label>
          {t('form.period')}
          <select value={form.period} onChange={(e) => setForm({ ...form, period: e.target.value })}>
            <option value="week">{t('form.week')}</option>
            <option value="month">{t('form.month')}</option>
          </select>
        </label>
        <label>
          {t('form.date')}
          <input type="date" value={form.date} onChange={(e) => setForm({ ...form, date: e.target.value })} />
        </label>
        <div className="buttons">
          <button type="submit" className="primary">
            {t('form.apply')}
          </button>
        </div>
      </form>
      <TopicsSection reply={topics.data} problem={topics.problem} locale={localeOf(i18n.resolvedLanguage)} />
      <SurgesSection reply={surges.data} problem={surges.problem} />
    </section>
  );
}

/** The largest topics the table lists (the API answers them all). */
const SHOWN_TOPICS = 15;

const TREND_MARK = { up: '▲', down: '▼', steady: '→', new: '★' } as const;

function TopicsSection({
  reply,
  problem,
  locale,
}: {
  reply?: TopicsReply;
  problem?: ApiProblem;
  locale: string;
}) {
  const { t } = useTranslation('press');
  const num = (n: number) => n.toLocaleString(locale === 'kk-KZ' ? 'ru-RU' : locale);
  return (
    <section aria-labelledby="topics-title" className="analytics-section">
      <h2 id="topics-title">{t('topics.title')}</h2>
      <ProblemAlert problem={problem} />
      {!reply && !problem ? <p role="status">{t('common:loading')}</p> : null}
      {reply ? (
        <>
          <p>
            {t('topics.summary', {
              period: reply.period.label,
              start: reply.period.start,
              end: reply.period.end,
              count: reply.appeals,
              previous: reply.previousAppeals,
            })}
          </p>
          {reply.topics.length === 0 ? <p>{t('topics.none')}</p> : null}
          {reply.topics.length > 0 ? (
            <>
              <TopicsChart topics={reply.topics} label={reply.period.label} previous={reply.previous.label} />
              <TopicsTable reply={reply} num={num} />
              {reply.topics.length > SHOWN_TOPICS ? (
                <p className="hint">
                  {t('topics.shown', { shown: SHOWN_TOPICS, count: reply.topics.length })}
                </p>
              ) : null}
              <p className="hint">{t('topics.privacy')}</p>
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function TopicsTable({ reply, num }: { reply: TopicsReply; num: (n: number) => string }) {
  const { t, i18n } = useTranslation('press');
  const { catalog } = useCatalog();
  const names = namesIn(catalog, i18n.resolvedLanguage);
  return (
    <DataTable
      className="topics"
      captionId="topics-caption"
      caption={t('topics.caption', { period: reply.period.label, previous: reply.previous.label })}
      rows={reply.topics.slice(0, SHOWN_TOPICS)}
      rowKey={(row) => row.id}
      columns={[
        { header: t('topics.terms'), rowHeader: true, cell: (row) => row.terms.join(', ') },
        { header: t('topics.language'), cell: (row) => t(`languages.${row.language}`) },
        { header: t('topics.count'), cell: (row) => num(row.count) },
        { header: t('topics.previous'), cell: (row) => num(row.previousCount) },
        {
          header: t('topics.trend'),
          cell: (row) => (
            <span className={`trend trend-${row.trend}`}>
              <span aria-hidden="true">{TREND_MARK[row.trend]} </span>
              {t(`trend.${row.trend}`)}
              {row.changePct !== null ? ` (${row.changePct > 0 ? '+' : ''}${num(row.changePct)} %)` : ''}
            </span>
          ),
        },
        {
          header: t('topics.categories'),
          cell: (row) =>
            row.categories
              .slice(0, 2)
              .map((c) => `${names.category(c.categoryId)} (${num(c.count)})`)
              .join('; '),
        },
        {
          header: t('topics.examples'),
          cell: (row) => (
            <ul className="examples">
              {row.examples.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          ),
        },
      ]}
    />
  );
}

function SurgesSection({ reply, problem }: { reply?: SurgesReply; problem?: ApiProblem }) {
  const { t, i18n } = useTranslation('press');
  const { catalog } = useCatalog();
  const names = namesIn(catalog, i18n.resolvedLanguage);
  return (
    <section aria-labelledby="surges-title" className="analytics-section">
      <h2 id="surges-title">{t('surges.title')}</h2>
      <ProblemAlert problem={problem} />
      {!reply && !problem ? <p role="status">{t('common:loading')}</p> : null}
      {reply ? (
        <>
          <p>
            {t(reply.week.complete ? 'surges.summary' : 'surges.summaryRunning', {
              week: reply.week.label,
              start: reply.week.start,
              end: reply.week.end,
              cells: reply.cells,
              weeks: reply.baselineWeeks.length,
            })}
          </p>
          {reply.surges.length === 0 ? <p>{t('surges.none')}</p> : null}
          {reply.surges.length > 0 ? (
            <DataTable
              className="surges"
              captionId="surges-caption"
              caption={t('surges.caption', { week: reply.week.label })}
              rows={reply.surges}
              rowKey={(row) => `${row.categoryId}.${row.regionKato}.${row.direction}`}
              columns={[
                {
                  header: t('surges.category'),
                  rowHeader: true,
                  cell: (row) => names.category(row.categoryId),
                },
                { header: t('surges.region'), cell: (row) => names.region(row.regionKato) },
                { header: t('surges.direction'), cell: (row) => t(`surges.${row.direction}`) },
                { header: t('surges.observed'), cell: (row) => String(row.observed) },
                { header: t('surges.expected'), cell: (row) => row.expected.toFixed(1) },
                { header: t('surges.baseline'), cell: (row) => row.baseline.map((b) => b.count).join(' · ') },
                { header: t('surges.pValue'), cell: (row) => row.pValue.toExponential(1) },
              ]}
            />
          ) : null}
          <p className="hint">{t('surges.method', { alpha: reply.alpha })}</p>
        </>
      ) : null}
    </section>
  );
}
