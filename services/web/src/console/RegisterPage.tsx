import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiProblem, newIdempotencyKey } from '../api/client';
import type { Registration } from '../api/types';
import { ProblemAlert } from '../components/ProblemAlert';
import { useSession } from '../auth/session';
import { registrationPreview } from './consequences';
import { formatDate, formatInstant, toLocalInput } from './format';
import { AppealFields, ApplicantFields, ReceiptFields } from './registerFields';
import { blankRegistration, registrationBody, type RegistrationForm } from './registration';
import { ConfirmStep, DEFAULT_OFFSET, useLocalizeProblem, type Review } from './ui';
import { useRules } from './useRules';

/** A registrar registers a paper or oral appeal with the moment it was actually received. */
export function RegisterPage() {
  const { t } = useTranslation('console');
  const { user } = useSession();
  const rules = useRules();
  const offset = rules?.profile.utcOffsetMinutes ?? DEFAULT_OFFSET;
  const [f, setF] = useState<RegistrationForm>(() =>
    blankRegistration(toLocalInput(new Date().toISOString(), offset).slice(0, 16), user?.agencyId ?? ''),
  );
  const [confirm, setConfirm] = useState<(Review & { key: string }) | undefined>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const [slip, setSlip] = useState<Registration>();
  const localize = useLocalizeProblem();
  const set = (k: keyof RegistrationForm) => (value: string) => setF({ ...f, [k]: value });

  const review = (e: FormEvent) => {
    e.preventDefault();
    setProblem(undefined);
    const body = registrationBody(f, offset);
    const at = new Date(body.receivedAt);
    const consequences =
      rules && !Number.isNaN(at.getTime()) ? registrationPreview(rules, f.kind, at, new Date()) : [];
    setConfirm({ body, consequences, key: newIdempotencyKey() });
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

  if (slip) return <RegistrationSlip slip={slip} offset={offset} onAnother={() => setSlip(undefined)} />;
  const fieldsets = { f, set, problem };
  return (
    <section aria-labelledby="register-h">
      <h1 id="register-h">{t('register.title')}</h1>
      <p>{t('register.intro')}</p>
      {confirm ? (
        <ConfirmStep
          title={t('register.title')}
          level={2}
          headingRef={(el) => el?.focus()}
          consequences={confirm.consequences}
          offsetMinutes={offset}
          busy={busy}
          onConfirm={() => void send()}
          onBack={() => setConfirm(undefined)}
        />
      ) : (
        <form onSubmit={review} noValidate className="register">
          <ProblemAlert problem={problem} />
          <ReceiptFields
            {...fieldsets}
            offset={offset}
            cutoff={rules?.profile.registrationCutoff ?? '18:30'}
          />
          <AppealFields {...fieldsets} />
          <ApplicantFields {...fieldsets} />
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

/** The slip handed to the applicant: number, tracking code, registration time and deadline. */
function RegistrationSlip({
  slip,
  offset,
  onAnother,
}: {
  slip: Registration;
  offset: number;
  onAnother: () => void;
}) {
  const { t, i18n } = useTranslation('console');
  const lng = i18n.resolvedLanguage ?? 'ru';
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
        <button type="button" className="link" onClick={onAnother}>
          {t('register.another')}
        </button>
      </p>
    </section>
  );
}
