import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { followAppeal, newer, readAppeal } from '../api/appealFeed';
import { ApiProblem, useCatalog } from '../api/client';
import { namesIn } from '../api/catalog';
import type { CaseView } from '../api/types';
import { useSession } from '../auth/session';
import { DeadlineText } from '../components/DeadlineText';
import { formatDay, formatInstant } from '../components/deadline';
import { ProblemAlert } from '../components/ProblemAlert';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { Timeline } from '../components/Timeline';
import { reachedStages, STAGES } from '../components/timeline';
import { localeOf } from '../i18n';
import { CaseActionsPanel } from './CaseActionsPanel';

/**
 * One case as its applicant sees it: where it stands (stages and deadline), the answer, what can be done next
 * (rate, reopen, complain, withdraw) and the full timeline. Opened from the cabinet (signed in) or after a
 * lookup (with the tracking code, no account).
 */
export function CasePage() {
  const { t, i18n } = useTranslation('citizen');
  const { id = '' } = useParams();
  const trackingCode = (useLocation().state as { trackingCode?: string } | null)?.trackingCode;
  const { user } = useSession();
  const { catalog } = useCatalog();
  const names = namesIn(catalog, i18n.resolvedLanguage);
  const locale = localeOf(i18n.resolvedLanguage);
  const [view, setView] = useState<CaseView>();
  const [problem, setProblem] = useState<ApiProblem>();
  useDocumentTitle(`${t('case.title')} ${view?.registrationNumber ?? ''}`.trim());

  const load = useCallback(
    async (minVersion?: number) => {
      // The read view follows the event log a moment later: after an action the API answers once it holds the
      // version the action produced.
      const next = await readAppeal<CaseView>(id, { token: user?.token, trackingCode }, minVersion);
      setView((current) => newer(current, next));
    },
    [id, user?.token, trackingCode],
  );

  useEffect(() => {
    load().catch((err: unknown) => {
      if (err instanceof ApiProblem) setProblem(err);
    });
  }, [load]);

  // what others do (the agency answers, the deadline moves) shows up while the page is open
  useEffect(
    () =>
      followAppeal<CaseView>(id, { token: user?.token, trackingCode }, (next) =>
        setView((current) => newer(current, next)),
      ),
    [id, user?.token, trackingCode],
  );

  if (problem && !view) {
    return (
      <section>
        <h1>{t('case.title')}</h1>
        <ProblemAlert problem={problem} />
        <p>
          <Link to="/lookup">{t('case.tryLookup')}</Link>
        </p>
      </section>
    );
  }
  if (!view) return <p role="status">{t('common:loading')}</p>;

  const reached = reachedStages(view.timeline);
  // The applicant signed in, or anyone holding the tracking code (the API accepts it for the applicant's actions).
  const isApplicant = (user?.role === 'applicant' && user.sub === view.applicantAccountId) || Boolean(trackingCode);
  return (
    <article aria-labelledby="case-title">
      <h1 id="case-title">
        {t('case.title')} {view.registrationNumber ?? ''}
      </h1>
      <p className="lead">{view.subject}</p>
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

      <section aria-labelledby="stages-title">
        <h2 id="stages-title">{t('case.stages')}</h2>
        <ol className="stages">
          {STAGES.map((s) => (
            <li key={s} className={reached.has(s) ? 'reached' : 'pending'}>
              <span>{t(`case.stage.${s}`)}</span>{' '}
              <span className="stage-state">{reached.has(s) ? t('case.stageDone') : t('case.stageNotYet')}</span>
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

      {view.answer ? (
        <section aria-labelledby="answer-title" className="answer">
          <h2 id="answer-title">{t('case.answer')}</h2>
          <p className="event-meta">
            {t('case.answerSent', { when: formatInstant(view.answer.sentAt, locale) })} ·{' '}
            {view.answer.onTime ? t('case.onTime') : t('case.late')} ·{' '}
            {t(`case.character.${view.answer.answerCharacter}`, { defaultValue: view.answer.answerCharacter })}
          </p>
          <blockquote lang={view.answer.language} data-testid="answer-text">
            {view.answer.text}
          </blockquote>
        </section>
      ) : null}

      <CaseActionsPanel view={view} isApplicant={isApplicant} trackingCode={trackingCode} onDone={(version) => load(version)} />

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('case.timeline')}</h2>
        <Timeline events={view.timeline} agencyName={names.agency} showService={false} />
      </section>

      <section aria-labelledby="text-title">
        <h2 id="text-title">{t('case.text')}</h2>
        <p className="pre" lang={view.language}>
          {view.text}
        </p>
      </section>
    </article>
  );
}
