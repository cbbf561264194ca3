import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiProblem, newIdempotencyKey, useCatalog } from '../api/client';
import type { Registration } from '../api/types';
import { ProblemAlert } from '../components/ProblemAlert';
import { useSession } from '../auth/session';
import { registrationPreview } from './consequences';
import { formatDate, formatInstant, fromLocalInput, offsetLabel, toLocalInput } from './format';
import { ConsequenceList, DEFAULT_OFFSET, Field, Select, useLocalizeProblem, type Review } from './ui';
import { useRules } from './useRules';

type ApplicantType = 'individual' | 'legal' | 'anonymous';

/** A registrar registers a paper or oral appeal with the moment it was actually received. */
export function RegisterPage() {
  const { t, i18n } = useTranslation('console');
  const { user } = useSession();
  const { catalog } = useCatalog();
  const rules = useRules();
  const lng = (i18n.resolvedLanguage ?? 'ru') as 'ru';
  const offset = rules?.profile.utcOffsetMinutes ?? DEFAULT_OFFSET;
  const [f, setF] = useState({
    channel: 'paper',
    receivedAt: toLocalInput(new Date().toISOString(), offset).slice(0, 16),
    kind: 'application',
    categoryId: '',
    regionKato: '',
    language: 'kk',
    subject: '',
    text: '',
    applicantType: 'individual' as ApplicantType,
    fullName: '',
    iin: '',
    phone: '',
    address: '',
    bin: '',
    organisationName: '',
    representative: '',
    addressed: user?.agencyId ?? '',
  });
  const [confirm, setConfirm] = useState<(Review & { key: string }) | undefined>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const [slip, setSlip] = useState<Registration>();
  const localize = useLocalizeProblem();
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  const opt = (k: string, v: string) => (v.trim() ? { [k]: v.trim() } : {});

  const body = () => {
    const applicant =
      f.applicantType === 'anonymous'
        ? { type: 'anonymous' }
        : f.applicantType === 'legal'
          ? {
              type: 'legal',
              bin: f.bin.trim(),
              organisationName: f.organisationName.trim(),
              representative: f.representative.trim(),
              ...opt('phone', f.phone),
              ...opt('address', f.address),
            }
          : {
              type: 'individual',
              fullName: f.fullName.trim(),
              ...opt('iin', f.iin),
              ...opt('phone', f.phone),
              ...opt('address', f.address),
            };
    return {
      kind: f.kind,
      categoryId: f.categoryId,
      regionKato: f.regionKato,
      language: f.language,
      subject: f.subject.trim(),
      text: f.text.trim(),
      applicant,
      channel: f.channel,
      receivedAt: fromLocalInput(f.receivedAt, offset) ?? f.receivedAt,
      ...(f.addressed ? { addressedAgencyId: f.addressed } : {}),
    };
  };

  const review = (e: FormEvent) => {
    e.preventDefault();
    setProblem(undefined);
    const b = body();
    const at = new Date(b.receivedAt);
    const consequences =
      rules && !Number.isNaN(at.getTime()) ? registrationPreview(rules, f.kind, at, new Date()) : [];
    setConfirm({ body: b, consequences, key: newIdempotencyKey() });
  };
  const send = async () => {
    if (!confirm) return;
    setBusy(true);
    try {
      setSlip(
        await api<Registration>('/appeals', {
          body: confirm.body,
          token: user?.token,
          idempotencyKey: confirm.key,
        }),
      );
    } catch (err) {
      setProblem(localize(err));
    } finally {
      setConfirm(undefined);
      setBusy(false);
    }
  };

  if (slip)
    return (
      <section aria-labelledby="slip-h" className="slip">
        <h1 id="slip-h" tabIndex={-1} ref={(el) => el?.focus()}>
          {t('register.done')}
        </h1>
        <dl className="facts">
          <dt>{t('register.number')}</dt>
          <dd data-testid="slip-number">{slip.registrationNumber}</dd>
          <dt>{t('register.trackingCode')}</dt>
          <dd>
            <code>{slip.trackingCode}</code>
          </dd>
          <dt>{t('field.registeredAtLabel')}</dt>
          <dd data-testid="slip-registered">{formatInstant(slip.registeredAt, lng, offset)}</dd>
          <dt>{t('field.deadline')}</dt>
          <dd>{formatDate(slip.deadline.dueOn, lng)}</dd>
        </dl>
        <p>{t('register.giveSlip')}</p>
        <p>
          <Link to={`/console/appeals/${slip.id}`}>{t('register.openCase')}</Link> ·{' '}
          <button type="button" className="link" onClick={() => setSlip(undefined)}>
            {t('register.another')}
          </button>
        </p>
      </section>
    );

  const name = (n: Partial<Record<'kk' | 'ru' | 'en', string>>) => n[lng] ?? n.ru ?? '';
  return (
    <section aria-labelledby="register-h">
      <h1 id="register-h">{t('register.title')}</h1>
      <p>{t('register.intro')}</p>
      {confirm ? (
        <div className="confirm" data-testid="confirm-step">
          <h2 tabIndex={-1} ref={(el) => el?.focus()}>
            {t('confirm.title', { action: t('register.title') })}
          </h2>
          <p>{t('confirm.intro')}</p>
          <ConsequenceList items={confirm.consequences} offsetMinutes={offset} />
          <div className="buttons">
            <button type="button" className="primary" disabled={busy} onClick={() => void send()}>
              {busy ? t('confirm.sending') : t('confirm.confirm')}
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirm(undefined)}>
              {t('confirm.back')}
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={review} noValidate className="register">
          <ProblemAlert problem={problem} />
          <fieldset>
            <legend>{t('register.receipt')}</legend>
            <Field label={t('form.channel')} field="body.channel" problem={problem}>
              {(c) => (
                <Select
                  {...c}
                  value={f.channel}
                  onChange={set('channel')}
                  options={['paper', 'oral'].map((ch) => [ch, t(`channel.${ch}`)])}
                />
              )}
            </Field>
            <Field
              label={t('form.receivedAt')}
              field="body.receivedAt"
              problem={problem}
              hint={t('register.receivedHint', {
                offset: offsetLabel(offset),
                cutoff: rules?.profile.registrationCutoff ?? '18:30',
              })}
            >
              {(c) => (
                <input {...c} type="datetime-local" value={f.receivedAt} onChange={set('receivedAt')} />
              )}
            </Field>
            <Field label={t('form.addressedTo')} field="body.addressedAgencyId" problem={problem}>
              {(c) => (
                <Select
                  {...c}
                  value={f.addressed}
                  onChange={set('addressed')}
                  empty={t('form.byRules')}
                  options={(catalog?.agencies ?? []).map((a) => [a.id, name(a.name)])}
                />
              )}
            </Field>
          </fieldset>
          <fieldset>
            <legend>{t('register.appeal')}</legend>
            <Field label={t('form.kind')} field="body.kind" problem={problem}>
              {(c) => (
                <Select
                  {...c}
                  value={f.kind}
                  onChange={set('kind')}
                  options={(catalog?.kinds ?? []).map((k) => [
                    k.code,
                    t(k.regime === 'working' ? 'form.kindWorking' : 'form.kindCalendar', {
                      name: name(k.name),
                      days: k.termDays,
                      count: k.termDays,
                    }),
                  ])}
                />
              )}
            </Field>
            <Field label={t('form.category')} field="body.categoryId" problem={problem}>
              {(c) => (
                <Select
                  {...c}
                  value={f.categoryId}
                  onChange={set('categoryId')}
                  empty={t('form.choose')}
                  options={(catalog?.categories ?? []).map((k) => [k.id, name(k.name)])}
                />
              )}
            </Field>
            <Field label={t('form.region')} field="body.regionKato" problem={problem}>
              {(c) => (
                <Select
                  {...c}
                  value={f.regionKato}
                  onChange={set('regionKato')}
                  empty={t('form.choose')}
                  options={(catalog?.regions ?? []).map((r) => [r.kato, name(r.name)])}
                />
              )}
            </Field>
            <Field label={t('form.appealLanguage')} field="body.language" problem={problem}>
              {(c) => (
                <Select
                  {...c}
                  value={f.language}
                  onChange={set('language')}
                  options={['kk', 'ru', 'en'].map((l) => [l, t(`lang.${l}`)])}
                />
              )}
            </Field>
            <Field label={t('form.subject')} field="body.subject" problem={problem}>
              {(c) => <input {...c} value={f.subject} onChange={set('subject')} />}
            </Field>
            <Field label={t('form.text')} field="body.text" problem={problem}>
              {(c) => <textarea {...c} value={f.text} onChange={set('text')} rows={6} />}
            </Field>
          </fieldset>
          <fieldset>
            <legend>{t('register.applicant')}</legend>
            <Field label={t('form.applicantType')} field="body.applicant.type" problem={problem}>
              {(c) => (
                <Select
                  {...c}
                  value={f.applicantType}
                  onChange={set('applicantType')}
                  options={['individual', 'legal', 'anonymous'].map((a) => [a, t(`applicant.${a}`)])}
                />
              )}
            </Field>
            {f.applicantType === 'individual' && (
              <>
                <Field label={t('form.fullName')} field="body.applicant.fullName" problem={problem}>
                  {(c) => <input {...c} value={f.fullName} onChange={set('fullName')} autoComplete="off" />}
                </Field>
                <Field label={t('form.iin')} field="body.applicant.iin" problem={problem}>
                  {(c) => <input {...c} value={f.iin} onChange={set('iin')} inputMode="numeric" />}
                </Field>
              </>
            )}
            {f.applicantType === 'legal' && (
              <>
                <Field
                  label={t('form.organisation')}
                  field="body.applicant.organisationName"
                  problem={problem}
                >
                  {(c) => <input {...c} value={f.organisationName} onChange={set('organisationName')} />}
                </Field>
                <Field label={t('form.bin')} field="body.applicant.bin" problem={problem}>
                  {(c) => <input {...c} value={f.bin} onChange={set('bin')} inputMode="numeric" />}
                </Field>
                <Field
                  label={t('form.representative')}
                  field="body.applicant.representative"
                  problem={problem}
                >
                  {(c) => <input {...c} value={f.representative} onChange={set('representative')} />}
                </Field>
              </>
            )}
            {f.applicantType !== 'anonymous' && (
              <>
                <Field label={t('form.phone')} field="body.applicant.phone" problem={problem}>
                  {(c) => <input {...c} value={f.phone} onChange={set('phone')} type="tel" />}
                </Field>
                <Field label={t('form.address')} field="body.applicant.address" problem={problem}>
                  {(c) => <input {...c} value={f.address} onChange={set('address')} />}
                </Field>
              </>
            )}
          </fieldset>
          <div className="buttons">
            <button type="submit" className="primary">
              {t('confirm.review')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
