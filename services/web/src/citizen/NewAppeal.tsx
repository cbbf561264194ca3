import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, ApiProblem, newIdempotencyKey, useCatalog } from '../api/client';
import { localized } from '../api/catalog';
import type { Registration } from '../api/types';
import { useSession } from '../auth/session';
import { FormField } from '../components/FormField';
import { ProblemAlert } from '../components/ProblemAlert';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { LANGUAGES } from '../i18n';
import { buildSubmission, emptyDraft, stepOfField, type AppealDraft, STEPS } from './appealForm';

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
      const reg = await api<Registration>('/appeals', { body: buildSubmission(draft), token: user?.token, idempotencyKey: key });
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

  const p = problem;
  const kind = catalog?.kinds.find((k) => k.code === draft.kind);
  const category = catalog?.categories.find((c) => c.id === draft.categoryId);
  const stepName = STEPS[step] as (typeof STEPS)[number];

  return (
    <section aria-labelledby="wizard-title">
      <h1>{t('new.title')}</h1>
      <ol className="steps" aria-label={t('new.progress')}>
        {STEPS.map((s, i) => (
          <li key={s} aria-current={i === step ? 'step' : undefined} className={i < step ? 'done' : undefined}>
            {t(`new.step.${s}`)}
          </li>
        ))}
      </ol>
      <h2 id="wizard-title" tabIndex={-1} ref={heading}>
        {t('new.stepOf', { n: step + 1, total: STEPS.length })}: {t(`new.step.${stepName}`)}
      </h2>
      <ProblemAlert problem={error ?? p} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        {stepName === 'kind' && catalog ? (
          <fieldset>
            <legend>{t('new.kind.legend')}</legend>
            <p className="hint">{t('new.kind.hint')}</p>
            <div className="choices">
              {catalog.kinds.map((k) => (
                  <label key={k.code} className="choice">
                    <input
                      type="radio"
                      name="kind"
                      value={k.code}
                      checked={draft.kind === k.code}
                      onChange={() => set('kind', k.code)}
                    />
                    <span>
                      <strong>{localized(k.name, lang, k.code)}</strong>
                      <span className="choice-note">
                        {t(k.regime === 'working' ? 'common:deadline.termWorking' : 'common:deadline.termCalendar', {
                          count: k.termDays,
                        })}
                      </span>
                    </span>
                  </label>
                ))}
            </div>
            {p?.fieldError('body.kind') ? <p className="field-error">{p.fieldError('body.kind')}</p> : null}
          </fieldset>
        ) : null}

        {stepName === 'topic' && catalog ? (
          <>
            <fieldset>
              <legend>{t('new.category.legend')}</legend>
              <div className="choices">
                {catalog.categories.map((c) => (
                  <label key={c.id} className="choice">
                    <input
                      type="radio"
                      name="category"
                      value={c.id}
                      checked={draft.categoryId === c.id}
                      onChange={() => set('categoryId', c.id)}
                      aria-describedby={`g-${c.id}`}
                    />
                    <span>
                      <strong>{localized(c.name, lang, c.id)}</strong>
                      <span className="choice-note" id={`g-${c.id}`}>
                        {t(`guidance.${c.id}`, { defaultValue: localized(c.guidance, lang) })}
                      </span>
                    </span>
                  </label>
                ))}
              </div>
              {p?.fieldError('body.categoryId') ? <p className="field-error">{p.fieldError('body.categoryId')}</p> : null}
            </fieldset>
            <FormField id="region" label={t('new.region')} field="body.regionKato" problem={p} hint={t('new.regionHint')}>
              {(a) => (
                <select {...a} value={draft.regionKato} onChange={(e) => set('regionKato', e.target.value)}>
                  <option value="">{t('new.choose')}</option>
                  {catalog.regions.map((r) => (
                    <option key={r.kato} value={r.kato}>
                      {r.parent ? '— ' : ''}
                      {localized(r.name, lang, r.kato)}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
            <FormField id="language" label={t('new.language')} field="body.language" problem={p} hint={t('new.languageHint')}>
              {(a) => (
                <select {...a} value={draft.language} onChange={(e) => set('language', e.target.value)}>
                  {LANGUAGES.map((l) => (
                    <option key={l} value={l}>
                      {t(`common:language.${l}`)}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
          </>
        ) : null}

        {stepName === 'text' ? (
          <>
            <FormField id="subject" label={t('new.subject')} field="body.subject" problem={p}>
              {(a) => <input {...a} type="text" value={draft.subject} onChange={(e) => set('subject', e.target.value)} />}
            </FormField>
            <FormField id="text" label={t('new.text')} field="body.text" problem={p} hint={t('new.textHint')}>
              {(a) => <textarea {...a} rows={10} value={draft.text} onChange={(e) => set('text', e.target.value)} />}
            </FormField>
          </>
        ) : null}

        {stepName === 'applicant' ? (
          <>
            <fieldset>
              <legend>{t('new.applicant.legend')}</legend>
              <div className="choices inline">
                {(['individual', 'legal', 'anonymous'] as const).map((type) => (
                  <label key={type} className="choice">
                    <input
                      type="radio"
                      name="applicantType"
                      value={type}
                      checked={draft.applicantType === type}
                      onChange={() => set('applicantType', type)}
                    />
                    <span>{t(`new.applicant.${type}`)}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            {draft.applicantType === 'anonymous' ? <p className="notice">{t('new.applicant.anonymousNote')}</p> : null}
            {draft.applicantType === 'individual' ? (
              <>
                <FormField id="fullName" label={t('new.applicant.fullName')} field="body.applicant.fullName" problem={p}>
                  {(a) => <input {...a} autoComplete="name" value={draft.fullName} onChange={(e) => set('fullName', e.target.value)} />}
                </FormField>
                <FormField id="iin" label={t('new.applicant.iin')} field="body.applicant.iin" problem={p} hint={t('new.optional')}>
                  {(a) => <input {...a} inputMode="numeric" value={draft.iin} onChange={(e) => set('iin', e.target.value)} />}
                </FormField>
              </>
            ) : null}
            {draft.applicantType === 'legal' ? (
              <>
                <FormField id="organisationName" label={t('new.applicant.organisation')} field="body.applicant.organisationName" problem={p}>
                  {(a) => <input {...a} autoComplete="organization" value={draft.organisationName} onChange={(e) => set('organisationName', e.target.value)} />}
                </FormField>
                <FormField id="bin" label={t('new.applicant.bin')} field="body.applicant.bin" problem={p}>
                  {(a) => <input {...a} inputMode="numeric" value={draft.bin} onChange={(e) => set('bin', e.target.value)} />}
                </FormField>
                <FormField id="representative" label={t('new.applicant.representative')} field="body.applicant.representative" problem={p}>
                  {(a) => <input {...a} autoComplete="name" value={draft.representative} onChange={(e) => set('representative', e.target.value)} />}
                </FormField>
              </>
            ) : null}
            {draft.applicantType !== 'anonymous' ? (
              <>
                <FormField id="phone" label={t('new.applicant.phone')} field="body.applicant.phone" problem={p} hint={t('new.optional')}>
                  {(a) => <input {...a} type="tel" autoComplete="tel" value={draft.phone} onChange={(e) => set('phone', e.target.value)} />}
                </FormField>
                <FormField id="email" label={t('new.applicant.email')} field="body.applicant.email" problem={p} hint={t('new.optional')}>
                  {(a) => <input {...a} type="email" autoComplete="email" value={draft.email} onChange={(e) => set('email', e.target.value)} />}
                </FormField>
                <FormField id="address" label={t('new.applicant.address')} field="body.applicant.address" problem={p} hint={t('new.optional')}>
                  {(a) => <input {...a} autoComplete="street-address" value={draft.address} onChange={(e) => set('address', e.target.value)} />}
                </FormField>
              </>
            ) : null}
          </>
        ) : null}

        {stepName === 'review' ? (
          <dl className="facts">
            <dt>{t('new.step.kind')}</dt>
            <dd>{kind ? localized(kind.name, lang) : t('new.notChosen')}</dd>
            <dt>{t('new.category.legend')}</dt>
            <dd>{category ? localized(category.name, lang) : t('new.notChosen')}</dd>
            <dt>{t('new.region')}</dt>
            <dd>
              {localized(catalog?.regions.find((r) => r.kato === draft.regionKato)?.name, lang, t('new.notChosen'))}
            </dd>
            <dt>{t('new.language')}</dt>
            <dd>{t(`common:language.${draft.language}`)}</dd>
            <dt>{t('new.subject')}</dt>
            <dd>{draft.subject || t('new.notChosen')}</dd>
            <dt>{t('new.text')}</dt>
            <dd className="pre">{draft.text || t('new.notChosen')}</dd>
            <dt>{t('new.step.applicant')}</dt>
            <dd>
              {draft.applicantType === 'anonymous'
                ? t('new.applicant.anonymous')
                : draft.applicantType === 'legal'
                  ? draft.organisationName
                  : draft.fullName}
            </dd>
          </dl>
        ) : null}

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
