import { useTranslation } from 'react-i18next';
import { useCatalog } from '../api/client';
import { formatInstant } from './format';
import type { AppealStatus } from './types';

export function StatusTag({ status }: { status: AppealStatus | string }) {
  const { t } = useTranslation('console');
  return <span className="badge status">{t(`status.${status}`)}</span>;
}

/** An agency's name in the reader's language. */
export function AgencyName({ id }: { id: string }) {
  const { catalog } = useCatalog();
  const { i18n } = useTranslation();
  const a = catalog?.agencies.find((x) => x.id === id);
  const lng = (i18n.resolvedLanguage ?? 'ru') as 'ru';
  return <>{a ? (a.name[lng] ?? a.name.ru ?? id) : id}</>;
}

export interface TimelineRow {
  type: string;
  at: string;
  by?: string | undefined;
  role?: string | undefined;
  service?: string | undefined;
  detail?: string | undefined;
}

/** Every event: what, when, who (and in which role), which service. */
export function TimelineTable(props: {
  rows: TimelineRow[];
  offsetMinutes: number;
  current?: number | undefined;
  caption?: string;
  /** show seconds (the auditor tells apart events of the same minute) */
  seconds?: boolean;
}) {
  const { t, i18n } = useTranslation('console');
  const lng = i18n.resolvedLanguage ?? 'ru';
  return (
    <div className="table-wrap">
      <table className="event-table">
        {props.caption && <caption>{props.caption}</caption>}
        <thead>
          <tr>
            <th scope="col">{t('timeline.when')}</th>
            <th scope="col">{t('timeline.what')}</th>
            <th scope="col">{t('timeline.who')}</th>
            <th scope="col">{t('timeline.service')}</th>
            {props.rows.some((r) => r.detail) && <th scope="col">{t('timeline.detail')}</th>}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r, i) => (
            <tr
              key={`${r.at}-${i}`}
              className={props.current !== undefined && i > props.current ? 'later' : undefined}
              aria-current={props.current === i ? 'step' : undefined}
            >
              <td>{formatInstant(r.at, lng, props.offsetMinutes, props.seconds)}</td>
              <td>{t(`event.${r.type}`, { defaultValue: r.type })}</td>
              <td>
                {r.by ?? '—'}
                {r.role ? ` (${t(`role.${r.role}`, { defaultValue: r.role })})` : ''}
              </td>
              <td>{r.service ?? '—'}</td>
              {props.rows.some((x) => x.detail) && <td className="detail">{r.detail}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
