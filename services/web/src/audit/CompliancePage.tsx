import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiGet } from '../api/useApiGet';
import { DataTable } from '../components/DataTable';
import { ProblemAlert } from '../components/ProblemAlert';
import type { AgencyStats } from '../api/types';
import { Field } from '../console/ui';
import { localeOf } from '../i18n';

/** Deadline compliance per agency (GET /api/v1/stats/agencies), over an optional period. */
export function CompliancePage() {
  const { t } = useTranslation('audit');
  const [period, setPeriod] = useState({ from: '', to: '' });
  const [applied, setApplied] = useState({ from: '', to: '' });
  // whole local days (the API's rule)
  const { data, problem } = useApiGet<{ generatedAt: string; items: AgencyStats[] }>(
    '/stats/agencies',
    applied,
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setApplied(period);
  };

  return (
    <section aria-labelledby="compliance-h">
      <h1 id="compliance-h">{t('compliance.title')}</h1>
      <p>{t('compliance.intro')}</p>
      <form className="filters" onSubmit={submit} noValidate aria-label={t('compliance.period')}>
        <Field label={t('search.from')} field="query.from" problem={problem}>
          {(c) => (
            <input
              {...c}
              type="date"
              value={period.from}
              onChange={(e) => setPeriod({ ...period, from: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('search.to')} field="query.to" problem={problem}>
          {(c) => (
            <input
              {...c}
              type="date"
              value={period.to}
              onChange={(e) => setPeriod({ ...period, to: e.target.value })}
            />
          )}
        </Field>
        <div className="buttons">
          <button type="submit" className="primary">
            {t('compliance.apply')}
          </button>
        </div>
      </form>
      <ProblemAlert problem={problem} />
      {data && data.items.length === 0 && <p role="status">{t('compliance.none')}</p>}
      {data && data.items.length > 0 && <ComplianceTable items={data.items} />}
    </section>
  );
}

/** One row per agency: received, answered (on time, in %), average days, overdue now, deemed refused, rating. */
function ComplianceTable({ items }: { items: AgencyStats[] }) {
  const { t, i18n } = useTranslation('audit');
  const lng = (i18n.resolvedLanguage ?? 'ru') as 'ru';
  const num = new Intl.NumberFormat(localeOf(lng), { maximumFractionDigits: 1 });
  const n = (v: number | null, suffix = '') => (v === null ? '—' : `${num.format(v)}${suffix}`);
  return (
    <DataTable
      className="compliance"
      rows={items}
      rowKey={(a) => a.agencyId}
      caption={t('compliance.caption')}
      columns={[
        {
          header: t('compliance.agency'),
          rowHeader: true,
          cell: (a) => a.name[lng] ?? a.name.ru ?? a.agencyId,
        },
        { header: t('compliance.received'), cell: (a) => a.received },
        { header: t('compliance.answered'), cell: (a) => a.answered },
        { header: t('compliance.onTime'), cell: (a) => a.answeredOnTime },
        { header: t('compliance.onTimePct'), cell: (a) => n(a.answeredOnTimePct, ' %') },
        { header: t('compliance.avgDays'), cell: (a) => n(a.avgAnswerDays) },
        {
          header: t('compliance.overdueNow'),
          cell: (a) => a.overdueNow,
          className: (a) => (a.overdueNow > 0 ? 'bad' : undefined),
        },
        { header: t('compliance.deemedRefused'), cell: (a) => a.deemedRefused },
        {
          header: t('compliance.rating'),
          cell: (a) => (a.avgRating === null ? '—' : `${n(a.avgRating)} (${a.ratings})`),
        },
      ]}
    />
  );
}
