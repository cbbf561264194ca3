import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, ApiProblem, newIdempotencyKey, useCatalog } from '../api/client';
import type { Registration } from '../api/types';
import { useSession } from '../auth/session';
import { ProblemAlert } from '../components/ProblemAlert';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { buildSubmission, emptyDraft, stepOfField, type AppealDraft, STEPS } from './appealForm';
import { ApplicantStep, KindStep, ReviewStep, StepList, TextStep, TopicStep } from './wizardSteps';

/**
 * The new appeal wizard: kind (with its legal term) → topic (category with guidance, region, language) →
 * text → applicant → review and submit. The API validates; its field errors bring the reader back to the step
 * and the field that needs attention.
 */
export function NewAppeal() {
  const { t, i18n } = useTranslation('citizen');
  const lang = i18n.resolvedLanguage;
  const { user } = useSession();
  const { catalog, error } = useCatalog();
  const navigate = useNavigate();
  useDocumentTitle(t('new.title'));
  const [step, setStep] = useState(0);
  const [draft, setDraft] = useState<AppealDraft>(() => emptyDraft(lang ?? 'ru', user?.name ?? ''));
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const [key] = useState(newIdempotencyKey);
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);

  useEffect(() => {
    if (moved.current) heading.current?.focus();
  }, [step]);

  const go = (next: number) => {
    moved.current = true;
    setStep(next);
  };
  const set = <K extends keyof AppealDraft>(k: K, v: AppealDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (step < STEPS.length - 1) {
      go(step + 1);
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      const reg = await api<Registration>('/appeals', {
        body: buildSubmission(draft),
        token: user?.token,
        idempotencyKey: key,
      });
      await navigate(`/appeals/${reg.id}/submitted`, { state: reg });
    } catch (err) {
      if (!(err instanceof ApiProblem)) throw err;
      setProblem(err);
      const first = err.errors[0];
      if (first) {
        const target = stepOfField(first.field);
        if (target !== undefined && target !== step) go(target);
      }
    } finally {
      setBusy(false);
    }
  }

  const stepName = STEPS[step] as (typeof STEPS)[number];
  const fields = { draft, set, problem };

  return (
    <section aria-labelledby="wizard-title">
      <h1>{t('new.title')}</h1>
      <StepList step={step} />
      <h2 id="wizard-title" tabIndex={-1} ref={heading}>
        {t('new.stepOf', { n: step + 1, total: STEPS.length })}: {t(`new.step.${stepName}`)}
      </h2>
      <ProblemAlert problem={error ?? problem} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        {stepName === 'kind' && catalog ? <KindStep {...fields} catalog={catalog} /> : null}
        {stepName === 'topic' && catalog ? <TopicStep {...fields} catalog={catalog} /> : null}
        {stepName === 'text' ? <TextStep {...fields} /> : null}
        {stepName === 'applicant' ? <ApplicantStep {...fields} /> : null}
        {stepName === 'review' ? <ReviewStep draft={draft} catalog={catalog} /> : null}
        <div className="actions">
          {step > 0 ? (
            <button type="button" onClick={() => go(step - 1)}>
              {t('new.back')}
            </button>
          ) : null}
          <button type="submit" className="primary" disabled={busy || !catalog}>
            {step < STEPS.length - 1 ? t('new.next') : busy ? t('new.sending') : t('new.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
