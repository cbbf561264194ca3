import type { ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../api/client';
import { useCatalog } from '../api/client';
import type { Localized } from '../api/types';
import { offsetLabel } from './format';
import type { RegistrationForm } from './registration';
import { Field, SelectField } from './ui';

// The three fieldsets of the registrar's form: the receipt, the appeal, the applicant.

export interface FieldsetProps {
  f: RegistrationForm;
  set: (key: keyof RegistrationForm) => (value: string) => void;
  problem: ApiProblem | undefined;
}

/** A form field whose control is a text input. */
function InputField(props: {
  label: string;
  field: string;
  problem: ApiProblem | undefined;
  value: string;
  onChange: (v: string) => void;
  input?: ComponentProps<'input'>;
}) {
  return (
    <Field label={props.label} field={props.field} problem={props.problem}>
      {(c) => (
        <input {...c} {...props.input} value={props.value} onChange={(e) => props.onChange(e.target.value)} />
      )}
    </Field>
  );
}

/** Names from the catalog in the reader's language. */
function useName() {
  const { i18n } = useTranslation();
  const lng = (i18n.resolvedLanguage ?? 'ru') as 'ru';
  return (n: Localized) => n[lng] ?? n.ru ?? '';
}

export function ReceiptFields({
  f,
  set,
  problem,
  offset,
  cutoff,
}: FieldsetProps & { offset: number; cutoff: string }) {
  const { t } = useTranslation('console');
  const { catalog } = useCatalog();
  const name = useName();
  return (
    <fieldset>
      <legend>{t('register.receipt')}</legend>
      <SelectField
        label={t('form.channel')}
        field="body.channel"
        problem={problem}
        value={f.channel}
        onChange={set('channel')}
        options={['paper', 'oral'].map((ch) => [ch, t(`channel.${ch}`)])}
      />
      <Field
        label={t('form.receivedAt')}
        field="body.receivedAt"
        problem={problem}
        hint={t('register.receivedHint', { offset: offsetLabel(offset), cutoff })}
      >
        {(c) => (
          <input
            {...c}
            type="datetime-local"
            value={f.receivedAt}
            onChange={(e) => set('receivedAt')(e.target.value)}
          />
        )}
      </Field>
      <SelectField
        label={t('form.addressedTo')}
        field="body.addressedAgencyId"
        problem={problem}
        value={f.addressed}
        onChange={set('addressed')}
        empty={t('form.byRules')}
        options={(catalog?.agencies ?? []).map((a) => [a.id, name(a.name)])}
      />
    </fieldset>
  );
}

export function AppealFields({ f, set, problem }: FieldsetProps) {
  const { t } = useTranslation('console');
  const { catalog } = useCatalog();
  const name = useName();
  const kindLabel = (k: { name: Localized; termDays: number; regime: 'working' | 'calendar' }) =>
    t(k.regime === 'working' ? 'form.kindWorking' : 'form.kindCalendar', {
      name: name(k.name),
      days: k.termDays,
      count: k.termDays,
    });
  const choice = { problem, empty: t('form.choose') };
  return (
    <fieldset>
      <legend>{t('register.appeal')}</legend>
      <SelectField
        label={t('form.kind')}
        field="body.kind"
        problem={problem}
        value={f.kind}
        onChange={set('kind')}
        options={(catalog?.kinds ?? []).map((k) => [k.code, kindLabel(k)])}
      />
      <SelectField
        {...choice}
        label={t('form.category')}
        field="body.categoryId"
        value={f.categoryId}
        onChange={set('categoryId')}
        options={(catalog?.categories ?? []).map((k) => [k.id, name(k.name)])}
      />
      <SelectField
        {...choice}
        label={t('form.region')}
        field="body.regionKato"
        value={f.regionKato}
        onChange={set('regionKato')}
        options={(catalog?.regions ?? []).map((r) => [r.kato, name(r.name)])}
      />
      <SelectField
        label={t('form.appealLanguage')}
        field="body.language"
        problem={problem}
        value={f.language}
        onChange={set('language')}
        options={['kk', 'ru', 'en'].map((l) => [l, t(`lang.${l}`)])}
      />
      <InputField
        label={t('form.subject')}
        field="body.subject"
        problem={problem}
        value={f.subject}
        onChange={set('subject')}
      />
      <Field label={t('form.text')} field="body.text" problem={problem}>
        {(c) => <textarea {...c} value={f.text} onChange={(e) => set('text')(e.target.value)} rows={6} />}
      </Field>
    </fieldset>
  );
}

export function ApplicantFields({ f, set, problem }: FieldsetProps) {
  const { t } = useTranslation('console');
  const input = (
    key: keyof RegistrationForm,
    label: string,
    field: string,
    props?: ComponentProps<'input'>,
  ) => (
    <InputField
      label={t(label)}
      field={`body.applicant.${field}`}
      problem={problem}
      value={f[key]}
      onChange={set(key)}
      {...(props ? { input: props } : {})}
    />
  );
  return (
    <fieldset>
      <legend>{t('register.applicant')}</legend>
      <SelectField
        label={t('form.applicantType')}
        field="body.applicant.type"
        problem={problem}
        value={f.applicantType}
        onChange={set('applicantType')}
        options={['individual', 'legal', 'anonymous'].map((a) => [a, t(`applicant.${a}`)])}
      />
      {f.applicantType === 'individual' && (
        <>
          {input('fullName', 'form.fullName', 'fullName', { autoComplete: 'off' })}
          {input('iin', 'form.iin', 'iin', { inputMode: 'numeric' })}
        </>
      )}
      {f.applicantType === 'legal' && (
        <>
          {input('organisationName', 'form.organisation', 'organisationName')}
          {input('bin', 'form.bin', 'bin', { inputMode: 'numeric' })}
          {input('representative', 'form.representative', 'representative')}
        </>
      )}
      {f.applicantType !== 'anonymous' && (
        <>
          {input('phone', 'form.phone', 'phone', { type: 'tel' })}
          {input('address', 'form.address', 'address')}
        </>
      )}
    </fieldset>
  );
}
