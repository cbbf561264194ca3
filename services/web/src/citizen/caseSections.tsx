import { useTranslation } from 'react-i18next';
import { useCatalog } from '../api/client';
import { namesIn } from '../api/catalog';
import type { CaseView } from '../api/types';
import { DeadlineText } from '../components/DeadlineText';
import { formatDay, formatInstant } from '../components/deadline';
import { reachedStages, STAGES } from '../components/timeline';
import { localeOf } from '../i18n';

// The parts of the applicant's case page: the facts, the stages reached, the answer.

function useCaseLocale() {
  const { t, i18n } = useTranslation('citizen');
  return { t, locale: localeOf(i18n.resolvedLanguage) };
}

/** Status, kind, category, region, agency, registration and (until answered) the deadline. */
export function CaseFacts({ view }: { view: CaseView }) {
  const { t, locale } = useCaseLocale();
  const { i18n } = useTranslation();
  const names = namesIn(useCatalog().catalog, i18n.resolvedLanguage);
  return (
    <dl className="facts">
      <dt>{t('case.status')}</dt>
      <dd data-testid="case-status">{t(`common:status.${view.status}`)}</dd>
      <dt>{t('case.kind')}</dt>
      <dd>{names.kind(view.kind)}</dd>
      <dt>{t('case.category')}</dt>
      <dd>{names.category(view.categoryId)}</dd>
      <dt>{t('case.region')}</dt>
      <dd>{names.region(view.regionKato)}</dd>
      <dt>{t('case.agency')}</dt>
      <dd>{view.agencyId ? names.agency(view.agencyId) : t('case.notRouted')}</dd>
      {view.registeredAt ? (
        <>
          <dt>{t('case.registered')}</dt>
          <dd>{formatInstant(view.registeredAt, locale)}</dd>
        </>
      ) : null}
      {view.deadline && !view.answer ? (
        <>
          <dt>{t('case.deadline')}</dt>
          <dd>
            <DeadlineText deadline={view.deadline} />
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** The five stages a citizen follows, with the extensions and a deemed refusal noted below them. */
export function StagesSection({ view }: { view: CaseView }) {
  const { t, locale } = useCaseLocale();
  const reached = reachedStages(view.timeline);
  return (
    <section aria-labelledby="stages-title">
      <h2 id="stages-title">{t('case.stages')}</h2>
      <ol className="stages">
        {STAGES.map((s) => (
          <li key={s} className={reached.has(s) ? 'reached' : 'pending'}>
            <span>{t(`case.stage.${s}`)}</span>{' '}
            <span className="stage-state">
              {reached.has(s) ? t('case.stageDone') : t('case.stageNotYet')}
            </span>
          </li>
        ))}
      </ol>
      {view.extensions.map((x, i) => (
        <p key={i} className="notice">
          {t('case.extended', { reason: x.reason, date: formatDay(x.newDeadline.dueOn, locale, false) })}
        </p>
      ))}
      {view.deemedRefused ? <p className="notice">{t('case.deemedRefused')}</p> : null}
    </section>
  );
}

/** The answer sent: when, on time or late, its character and its text. */
export function AnswerSection({ answer }: { answer: NonNullable<CaseView['answer']> }) {
  const { t, locale } = useCaseLocale();
  return (
    <section aria-labelledby="answer-title" className="answer">
      <h2 id="answer-title">{t('case.answer')}</h2>
      <p className="event-meta">
        {t('case.answerSent', { when: formatInstant(answer.sentAt, locale) })} ·{' '}
        {answer.onTime ? t('case.onTime') : t('case.late')} ·{' '}
        {t(`case.character.${answer.answerCharacter}`, { defaultValue: answer.answerCharacter })}
      </p>
      <blockquote lang={answer.language} data-testid="answer-text">
        {answer.text}
      </blockquote>
    </section>
  );
}
