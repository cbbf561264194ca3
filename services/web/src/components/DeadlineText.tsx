import { useTranslation } from 'react-i18next';
import type { AppealDeadline } from '../api/types';
import { localeOf } from '../i18n';
import { deadlineFacts, formatDay } from './deadline';

/** The deadline in plain words: the day, how many days are left, and the legal term it comes from. */
export function DeadlineText({ deadline, now = new Date() }: { deadline: AppealDeadline; now?: Date }) {
  const { t, i18n } = useTranslation();
  const facts = deadlineFacts(deadline, now);
  const date = formatDay(deadline.dueOn, localeOf(i18n.resolvedLanguage));
  const left =
    facts.state === 'past'
      ? t('deadline.past', { count: Math.max(1, -facts.daysLeft) })
      : facts.state === 'today'
        ? t('deadline.today')
        : t('deadline.left', { count: facts.daysLeft });
  const term = t(deadline.regime === 'working' ? 'deadline.termWorking' : 'deadline.termCalendar', {
    count: deadline.termDays,
  });
  return (
    <span className="deadline-text">
      {t('deadline.dueBy', { date })} — {left} ({term})
    </span>
  );
}
