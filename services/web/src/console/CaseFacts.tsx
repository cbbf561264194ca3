import { useTranslation } from 'react-i18next';
import { isOpenStatus } from '@appeals/contracts/vocabulary';
import { SlaBadge } from '../components/SlaBadge';
import { formatDate, formatInstant } from './format';
import { AgencyName, StatusTag } from './parts';
import type { AppealDetail } from './types';

/** The facts of a case in the console: status and SLA, agency, deadline and forwarding window, receipt, people. */
export function CaseFacts({ appeal, offset }: { appeal: AppealDetail; offset: number }) {
  const { t, i18n } = useTranslation('console');
  const lng = i18n.resolvedLanguage ?? 'ru';
  const open_ = isOpenStatus(appeal.status);
  const windowOpen = appeal.forwardBy ? Date.now() <= Date.parse(appeal.forwardBy) : false;
  return (
    <dl className="facts">
      <dt>{t('field.status')}</dt>
      <dd>
        <StatusTag status={appeal.status} /> {open_ && <SlaBadge sla={appeal.sla} />}
      </dd>
      <dt>{t('field.subject')}</dt>
      <dd>{appeal.subject}</dd>
      <dt>{t('field.agency')}</dt>
      <dd>{appeal.agencyId ? <AgencyName id={appeal.agencyId} /> : t('field.notRouted')}</dd>
      <dt>{t('field.deadline')}</dt>
      <dd data-testid="case-deadline">
        {appeal.deadline
          ? t(appeal.deadline.regime === 'working' ? 'field.deadlineWorking' : 'field.deadlineCalendar', {
              dueOn: formatDate(appeal.deadline.dueOn, lng),
              days: appeal.deadline.termDays,
              count: appeal.deadline.termDays,
            })
          : '—'}
        {appeal.extensions.length > 0 && ` (${t('field.extended', { count: appeal.extensions.length })})`}
      </dd>
      {appeal.forwardBy && open_ && (
        <>
          <dt>{t('field.forwardBy')}</dt>
          <dd data-testid="forward-window">
            {t(windowOpen ? 'field.forwardWindowOpen' : 'field.forwardWindowClosed', {
              at: formatInstant(appeal.forwardBy, lng, offset),
            })}
          </dd>
        </>
      )}
      <dt>{t('field.received')}</dt>
      <dd>
        {t(`channel.${appeal.channel}`)} · {formatInstant(appeal.receivedAt, lng, offset)}
        {appeal.registeredAt &&
          ` · ${t('field.registeredAt', { at: formatInstant(appeal.registeredAt, lng, offset) })}`}
      </dd>
      <dt>{t('field.language')}</dt>
      <dd>{t(`lang.${appeal.language}`)}</dd>
      <dt>{t('field.applicant')}</dt>
      <dd>
        {appeal.applicant.type === 'anonymous'
          ? t('field.anonymous')
          : (appeal.applicant.fullName ?? appeal.applicant.organisationName)}
      </dd>
      <dt>{t('field.executors')}</dt>
      <dd>
        {appeal.executorIds.length
          ? appeal.executorIds
              .map((x) => (x === appeal.leadExecutorId ? `${x} (${t('field.lead')})` : x))
              .join(', ')
          : '—'}
      </dd>
      <dt>{t('field.hearing')}</dt>
      <dd>
        {!appeal.hearing
          ? t('field.hearingNone')
          : appeal.hearing.held
            ? t('field.hearingHeld', { at: formatInstant(appeal.hearing.heldAt, lng, offset) })
            : t('field.hearingWaived', { reason: appeal.hearing.reason })}
      </dd>
      {appeal.answer && (
        <>
          <dt>{t('field.answer')}</dt>
          <dd>
            {t(appeal.answer.onTime ? 'field.answeredOnTime' : 'field.answeredLate', {
              at: formatInstant(appeal.answer.sentAt, lng, offset),
            })}
          </dd>
        </>
      )}
    </dl>
  );
}
