import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import type { Registration } from '../api/types';
import { DeadlineText } from '../components/DeadlineText';
import { useDocumentTitle } from '../components/useDocumentTitle';

/** Right after submitting: the registration number, the tracking code (keep it!) and the deadline in words. */
export function Submitted() {
  const { t } = useTranslation('citizen');
  const { id } = useParams();
  const reg = useLocation().state as Registration | null;
  useDocumentTitle(t('submitted.title'));
  if (!reg || reg.id !== id) {
    return (
      <section>
        <h1>{t('submitted.title')}</h1>
        <p>
          <Link to={`/appeals/${id ?? ''}`}>{t('submitted.open')}</Link>
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="done-title">
      <h1 id="done-title">{t('submitted.title')}</h1>
      <p className="lead">{t('submitted.lead')}</p>
      <dl className="facts big">
        <dt>{t('submitted.number')}</dt>
        <dd data-testid="registration-number">{reg.registrationNumber}</dd>
        <dt>{t('submitted.code')}</dt>
        <dd data-testid="tracking-code" className="code">
          {reg.trackingCode}
        </dd>
        <dt>{t('submitted.deadline')}</dt>
        <dd data-testid="deadline">
          <DeadlineText deadline={reg.deadline} />
        </dd>
      </dl>
      <p className="notice" role="note">
        {t('submitted.keep')}
      </p>
      <p className="actions">
        <Link to={`/appeals/${reg.id}`} className="button-link primary">
          {t('submitted.open')}
        </Link>
        <Link to="/my">{t('submitted.my')}</Link>
      </p>
    </section>
  );
}
