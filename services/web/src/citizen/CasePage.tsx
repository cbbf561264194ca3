import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { followAppeal, newer, readAppeal } from '../api/appealFeed';
import { ApiProblem, useCatalog } from '../api/client';
import { namesIn } from '../api/catalog';
import type { CaseView } from '../api/types';
import { useSession } from '../auth/session';
import { ProblemAlert } from '../components/ProblemAlert';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { Timeline } from '../components/Timeline';
import { CaseActionsPanel } from './CaseActionsPanel';
import { AnswerSection, CaseFacts, StagesSection } from './caseSections';

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

  // The applicant signed in, or anyone holding the tracking code (the API accepts it for the applicant's actions).
  const isApplicant =
    (user?.role === 'applicant' && user.sub === view.applicantAccountId) || Boolean(trackingCode);
  return (
    <article aria-labelledby="case-title">
      <h1 id="case-title">
        {t('case.title')} {view.registrationNumber ?? ''}
      </h1>
      <p className="lead">{view.subject}</p>
      <CaseFacts view={view} />

      <StagesSection view={view} />

      {view.answer ? <AnswerSection answer={view.answer} /> : null}

      <CaseActionsPanel
        view={view}
        isApplicant={isApplicant}
        trackingCode={trackingCode}
        onDone={(version) => load(version)}
      />

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
