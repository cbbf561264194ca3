import type { ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../api/client';
import { localized } from '../api/catalog';
import type { Catalog } from '../api/types';
import { FormField } from '../components/FormField';
import { LANGUAGES } from '../i18n';
import { STEPS, type AppealDraft } from './appealForm';

// The steps of the new appeal wizard (NewAppeal.tsx), one component each.

export interface StepProps {
  draft: AppealDraft;
  set: <K extends keyof AppealDraft>(k: K, v: AppealDraft[K]) => void;
  problem: ApiProblem | undefined;
}

/** The wizard's steps, the current one marked, those before it done. */
export function StepList({ step }: { step: number }) {
  const { t } = useTranslation('citizen');
  return (
    <ol className="steps" aria-label={t('new.progress')}>
      {STEPS.map((s, i) => (
        <li key={s} aria-current={i === step ? 'step' : undefined} className={i < step ? 'done' : undefined}>
          {t(`new.step.${s}`)}
        </li>
      ))}
    </ol>
  );
}

/** Step 1: the kind of appeal, each with its legal term. */
export function KindStep({ draft, set, problem: p, catalog }: StepProps & { catalog: Catalog }) {
  const { t, i18n } = useTranslation('citizen');
  const lang = i18n.resolvedLanguage;
  return (
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
  );
}

/** Step 2: the category (with guidance), the region and the language. */
export function TopicStep({ draft, set, problem: p, catalog }: StepProps & { catalog: Catalog }) {
  const { t, i18n } = useTranslation('citizen');
  const lang = i18n.resolvedLanguage;
  return (
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
        {p?.fieldError('body.categoryId') ? (
          <p className="field-error">{p.fieldError('body.categoryId')}</p>
        ) : null}
      </fieldset>
      <FormField
        id="region"
        label={t('new.region')}
        field="body.regionKato"
        problem={p}
        hint={t('new.regionHint')}
      >
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
      <FormField
        id="language"
        label={t('new.language')}
        field="body.language"
        problem={p}
        hint={t('new.languageHint')}
      >
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
  );
}

/** Step 3: the subject and the applicant's own words. */
export function TextStep({ draft, set, problem: p }: StepProps) {
  const { t } = useTranslation('citizen');
  return (
    <>
      <FormField id="subject" label={t('new.subject')} field="body.subject" problem={p}>
        {(a) => (
          <input {...a} type="text" value={draft.subject} onChange={(e) => set('subject', e.target.value)} />
        )}
      </FormField>
      <FormField id="text" label={t('new.text')} field="body.text" problem={p} hint={t('new.textHint')}>
        {(a) => (
          <textarea {...a} rows={10} value={draft.text} onChange={(e) => set('text', e.target.value)} />
        )}
      </FormField>
    </>
  );
}

type TextKey = Exclude<keyof AppealDraft, 'applicantType'>;

/** One text field of the applicant block: `field` names the input, its label (`new.applicant.<label>`) and the
 * API's field (`body.applicant.<field>`); optional ones say so. */
function ApplicantInput(
  props: StepProps & { field: TextKey; label?: string; optional?: boolean; input: ComponentProps<'input'> },
) {
  const { t } = useTranslation('citizen');
  const { draft, set, field } = props;
  return (
    <FormField
      id={field}
      label={t(`new.applicant.${props.label ?? field}`)}
      field={`body.applicant.${field}`}
      problem={props.problem}
      {...(props.optional ? { hint: t('new.optional') } : {})}
    >
      {(a) => (
        <input {...a} {...props.input} value={draft[field]} onChange={(e) => set(field, e.target.value)} />
      )}
    </FormField>
  );
}

/** Step 4: who writes: a person, an organisation, or nobody identified. */
export function ApplicantStep(props: StepProps) {
  const { t } = useTranslation('citizen');
  const { draft, set } = props;
  return (
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
      {draft.applicantType === 'anonymous' ? (
        <p className="notice">{t('new.applicant.anonymousNote')}</p>
      ) : null}
      {draft.applicantType === 'individual' ? (
        <>
          <ApplicantInput {...props} field="fullName" input={{ autoComplete: 'name' }} />
          <ApplicantInput {...props} field="iin" optional input={{ inputMode: 'numeric' }} />
        </>
      ) : null}
      {draft.applicantType === 'legal' ? (
        <>
          <ApplicantInput
            {...props}
            field="organisationName"
            label="organisation"
            input={{ autoComplete: 'organization' }}
          />
          <ApplicantInput {...props} field="bin" input={{ inputMode: 'numeric' }} />
          <ApplicantInput {...props} field="representative" input={{ autoComplete: 'name' }} />
        </>
      ) : null}
      {draft.applicantType !== 'anonymous' ? (
        <>
          <ApplicantInput {...props} field="phone" optional input={{ type: 'tel', autoComplete: 'tel' }} />
          <ApplicantInput
            {...props}
            field="email"
            optional
            input={{ type: 'email', autoComplete: 'email' }}
          />
          <ApplicantInput {...props} field="address" optional input={{ autoComplete: 'street-address' }} />
        </>
      ) : null}
    </>
  );
}

/** Step 5: everything chosen, to check before submitting. */
export function ReviewStep({ draft, catalog }: Pick<StepProps, 'draft'> & { catalog: Catalog | undefined }) {
  const { t, i18n } = useTranslation('citizen');
  const lang = i18n.resolvedLanguage;
  const kind = catalog?.kinds.find((k) => k.code === draft.kind);
  const category = catalog?.categories.find((c) => c.id === draft.categoryId);
  return (
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
  );
}
