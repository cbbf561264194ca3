import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, ApiProblem } from '../api/client';
import type { CaseView } from '../api/types';
import { FormField } from '../components/FormField';
import { ProblemAlert } from '../components/ProblemAlert';
import { useDocumentTitle } from '../components/useDocumentTitle';

/** Find a case by its registration number and tracking code, without an account. */
export function Lookup() {
  const { t } = useTranslation('citizen');
  const navigate = useNavigate();
  useDocumentTitle(t('lookup.title'));
  const [registrationNumber, setNumber] = useState('');
  const [trackingCode, setCode] = useState('');
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const found = await api<CaseView>('/appeals/lookup', {
        query: { registrationNumber: registrationNumber.trim(), trackingCode: trackingCode.trim() },
      });
      await navigate(`/appeals/${found.appealId}`, { state: { trackingCode: trackingCode.trim() } });
    } catch (err) {
      if (!(err instanceof ApiProblem)) throw err;
      setProblem(err);
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="lookup-title">
      <h1 id="lookup-title">{t('lookup.title')}</h1>
      <p className="lead">{t('lookup.lead')}</p>
      <ProblemAlert problem={problem} focus />
      <form onSubmit={(e) => void submit(e)} noValidate className="narrow">
        <FormField id="registrationNumber" label={t('lookup.number')} field="query.registrationNumber" problem={problem} hint={t('lookup.numberHint')}>
          {(a) => <input {...a} autoComplete="off" value={registrationNumber} onChange={(e) => setNumber(e.target.value)} />}
        </FormField>
        <FormField id="trackingCode" label={t('lookup.code')} field="query.trackingCode" problem={problem}>
          {(a) => <input {...a} autoComplete="off" value={trackingCode} onChange={(e) => setCode(e.target.value)} />}
        </FormField>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t('lookup.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
