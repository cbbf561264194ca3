import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiProblem, newIdempotencyKey } from '../api/client';
import type { CaseView } from '../api/types';
import { useSession } from '../auth/session';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { formatDay } from '../components/deadline';
import { FormField } from '../components/FormField';
import { ProblemAlert } from '../components/ProblemAlert';
import { localeOf } from '../i18n';
import { caseActions } from './caseActions';

type Action = 'rate' | 'reopen' | 'complain' | 'withdraw';

/** Rate the answer; reopen after a low rating; complain within the window; withdraw (after a confirmation). */
export function CaseActionsPanel({
  view,
  isApplicant,
  trackingCode,
  onDone,
}: {
  view: CaseView;
  /** the signed-in applicant of this case, or whoever holds its tracking code */
  isApplicant: boolean;
  trackingCode?: string | undefined;
  onDone(version: number): Promise<void>;
}) {
  const { t, i18n } = useTranslation('citizen');
  const { user } = useSession();
  const locale = localeOf(i18n.resolvedLanguage);
  const can = caseActions(view, new Date(), isApplicant);
  const [score, setScore] = useState<number | undefined>(view.rating?.score);
  const [comment, setComment] = useState(view.rating?.comment ?? '');
  const [reopenReason, setReopenReason] = useState('');
  const [complaint, setComplaint] = useState('');
  const [withdrawReason, setWithdrawReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<{ action: Action; problem: ApiProblem }>();
  const [busy, setBusy] = useState<Action>();
  const [done, setDone] = useState<Action>();


  async function run(action: Action, body: Record<string, unknown>) {
    setBusy(action);
    setProblem(undefined);
    try {
      const result = await api<{ version: number }>(`/appeals/${view.appealId}/${action}`, {
        body,
        token: user?.token,
        trackingCode,
        idempotencyKey: newIdempotencyKey(),
      });
      setConfirming(false);
      // announce the outcome once the page shows the state it produced, so the two never disagree
      await onDone(result.version);
      setDone(action);
    } catch (err) {
      if (!(err instanceof ApiProblem)) throw err;
      setProblem({ action, problem: err });
      setConfirming(false);
    } finally {
      setBusy(undefined);
    }
  }
  const problemOf = (a: Action) => (problem?.action === a ? problem.problem : undefined);
  const submit = (action: Action, body: Record<string, unknown>) => (e: FormEvent) => {
    e.preventDefault();
    void run(action, body);
  };
  // After the last possible action (e.g. a withdrawal) the outcome is still announced.
  if (!can.rate && !can.reopen && !can.complain && !can.withdraw && !done) return null;
  const windowEnd = can.windowEndsAt ? formatDay(can.windowEndsAt, locale, false) : undefined;

  return (
    <section aria-labelledby="actions-title" className="case-actions">
      <h2 id="actions-title">{t('actions.title')}</h2>
      {done ? (
        <p role="status" className="success">
          {t(`actions.done.${done}`)}
        </p>
      ) : null}

      {can.rate ? (
        <form onSubmit={submit('rate', { score, ...(comment.trim() ? { comment: comment.trim() } : {}) })} noValidate>
          <fieldset>
            <legend>{t('actions.rate.legend')}</legend>
            <div className="choices inline">
              {[1, 2, 3, 4, 5].map((n) => (
                <label key={n} className="choice">
                  <input type="radio" name="score" value={n} checked={score === n} onChange={() => setScore(n)} />
                  <span>{t(`actions.rate.score${n}`)}</span>
                </label>
              ))}
            </div>
            {problemOf('rate')?.fieldError('body.score') ? (
              <p className="field-error">{problemOf('rate')?.fieldError('body.score')}</p>
            ) : null}
          </fieldset>
          <FormField id="rate-comment" label={t('actions.rate.comment')} field="body.comment" problem={problemOf('rate')} hint={t('new.optional')}>
            {(a) => <textarea {...a} rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />}
          </FormField>
          <ProblemAlert problem={problemOf('rate')} />
          <button type="submit" className="primary" disabled={busy !== undefined}>
            {view.rating ? t('actions.rate.change') : t('actions.rate.submit')}
          </button>
        </form>
      ) : null}

      {can.reopen ? (
        <form onSubmit={submit('reopen', { reason: reopenReason })} noValidate>
          <h3>{t('actions.reopen.title')}</h3>
          <p>{t('actions.reopen.consequence', { date: windowEnd })}</p>
          <FormField id="reopen-reason" label={t('actions.reason')} field="body.reason" problem={problemOf('reopen')}>
            {(a) => <textarea {...a} rows={3} value={reopenReason} onChange={(e) => setReopenReason(e.target.value)} />}
          </FormField>
          <ProblemAlert problem={problemOf('reopen')} />
          <button type="submit" disabled={busy !== undefined}>
            {t('actions.reopen.submit')}
          </button>
        </form>
      ) : null}

      {can.complain ? (
        <form onSubmit={submit('complain', { reason: complaint, language: view.language })} noValidate>
          <h3>{t('actions.complain.title')}</h3>
          <p>{windowEnd ? t('actions.complain.consequenceUntil', { date: windowEnd }) : t('actions.complain.consequence')}</p>
          <FormField id="complaint-reason" label={t('actions.reason')} field="body.reason" problem={problemOf('complain')}>
            {(a) => <textarea {...a} rows={4} value={complaint} onChange={(e) => setComplaint(e.target.value)} />}
          </FormField>
          <ProblemAlert problem={problemOf('complain')} />
          <button type="submit" disabled={busy !== undefined}>
            {t('actions.complain.submit')}
          </button>
        </form>
      ) : null}

      {can.withdraw ? (
        <div>
          <h3>{t('actions.withdraw.title')}</h3>
          <FormField id="withdraw-reason" label={t('actions.reason')} field="body.reason" problem={problemOf('withdraw')} hint={t('new.optional')}>
            {(a) => <textarea {...a} rows={2} value={withdrawReason} onChange={(e) => setWithdrawReason(e.target.value)} />}
          </FormField>
          <ProblemAlert problem={problemOf('withdraw')} />
          <button type="button" className="danger" onClick={() => setConfirming(true)} disabled={busy !== undefined}>
            {t('actions.withdraw.submit')}
          </button>
          <ConfirmDialog
            open={confirming}
            title={t('actions.withdraw.confirmTitle')}
            confirmLabel={t('actions.withdraw.confirm')}
            busy={busy === 'withdraw'}
            onCancel={() => setConfirming(false)}
            onConfirm={() => void run('withdraw', withdrawReason.trim() ? { reason: withdrawReason.trim() } : {})}
          >
            <p>{t('actions.withdraw.consequence')}</p>
          </ConfirmDialog>
        </div>
      ) : null}
    </section>
  );
}
