import { useState, type FormEvent, type ReactNode } from 'react';
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

/** Runs the applicant's actions on a case: one at a time, each with its own problem, the last one announced. */
function useCaseAction(
  view: CaseView,
  trackingCode: string | undefined,
  onDone: (version: number) => Promise<void>,
) {
  const { user } = useSession();
  const [problem, setProblem] = useState<{ action: Action; problem: ApiProblem }>();
  const [busy, setBusy] = useState<Action>();
  const [done, setDone] = useState<Action>();
  /** the withdrawal's confirmation is open */
  const [confirming, setConfirming] = useState(false);
  async function run(action: Action, body: Record<string, unknown>): Promise<void> {
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
  return { run, submit, problemOf, busy, done, confirming, setConfirming };
}
type Runner = ReturnType<typeof useCaseAction>;

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
  const can = caseActions(view, new Date(), isApplicant);
  const runner = useCaseAction(view, trackingCode, onDone);
  const { done } = runner;
  // After the last possible action (e.g. a withdrawal) the outcome is still announced.
  if (!can.rate && !can.reopen && !can.complain && !can.withdraw && !done) return null;
  const windowEnd = can.windowEndsAt
    ? formatDay(can.windowEndsAt, localeOf(i18n.resolvedLanguage), false)
    : undefined;

  return (
    <section aria-labelledby="actions-title" className="case-actions">
      <h2 id="actions-title">{t('actions.title')}</h2>
      {done ? (
        <p role="status" className="success">
          {t(`actions.done.${done}`)}
        </p>
      ) : null}
      {can.rate ? <RateForm view={view} runner={runner} /> : null}
      {can.reopen ? (
        <ReasonForm action="reopen" runner={runner} rows={3} body={(reason) => ({ reason })}>
          <h3>{t('actions.reopen.title')}</h3>
          <p>{t('actions.reopen.consequence', { date: windowEnd })}</p>
        </ReasonForm>
      ) : null}
      {can.complain ? (
        <ReasonForm
          action="complain"
          runner={runner}
          rows={4}
          body={(reason) => ({ reason, language: view.language })}
        >
          <h3>{t('actions.complain.title')}</h3>
          <p>
            {windowEnd
              ? t('actions.complain.consequenceUntil', { date: windowEnd })
              : t('actions.complain.consequence')}
          </p>
        </ReasonForm>
      ) : null}
      {can.withdraw ? <WithdrawForm runner={runner} /> : null}
    </section>
  );
}

/** A score from 1 to 5 and an optional comment (a rating given can be changed). */
function RateForm({ view, runner }: { view: CaseView; runner: Runner }) {
  const { t } = useTranslation('citizen');
  const [score, setScore] = useState<number | undefined>(view.rating?.score);
  const [comment, setComment] = useState(view.rating?.comment ?? '');
  const problem = runner.problemOf('rate');
  return (
    <form
      onSubmit={runner.submit('rate', { score, ...(comment.trim() ? { comment: comment.trim() } : {}) })}
      noValidate
    >
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
        {problem?.fieldError('body.score') ? (
          <p className="field-error">{problem.fieldError('body.score')}</p>
        ) : null}
      </fieldset>
      <FormField
        id="rate-comment"
        label={t('actions.rate.comment')}
        field="body.comment"
        problem={problem}
        hint={t('new.optional')}
      >
        {(a) => <textarea {...a} rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />}
      </FormField>
      <ProblemAlert problem={problem} />
      <button type="submit" className="primary" disabled={runner.busy !== undefined}>
        {view.rating ? t('actions.rate.change') : t('actions.rate.submit')}
      </button>
    </form>
  );
}

/** Reopening or complaining: what it leads to (children), the applicant's reason, and the button. */
function ReasonForm(props: {
  action: 'reopen' | 'complain';
  runner: Runner;
  rows: number;
  body: (reason: string) => Record<string, unknown>;
  children: ReactNode;
}) {
  const { t } = useTranslation('citizen');
  const [reason, setReason] = useState('');
  const { action, runner } = props;
  const problem = runner.problemOf(action);
  return (
    <form onSubmit={runner.submit(action, props.body(reason))} noValidate>
      {props.children}
      <FormField
        id={action === 'reopen' ? 'reopen-reason' : 'complaint-reason'}
        label={t('actions.reason')}
        field="body.reason"
        problem={problem}
      >
        {(a) => (
          <textarea {...a} rows={props.rows} value={reason} onChange={(e) => setReason(e.target.value)} />
        )}
      </FormField>
      <ProblemAlert problem={problem} />
      <button type="submit" disabled={runner.busy !== undefined}>
        {t(`actions.${action}.submit`)}
      </button>
    </form>
  );
}

/** Withdrawing: an optional reason, then a confirmation of what it means. */
function WithdrawForm({ runner }: { runner: Runner }) {
  const { t } = useTranslation('citizen');
  const [reason, setReason] = useState('');
  const { confirming, setConfirming } = runner;
  const problem = runner.problemOf('withdraw');
  return (
    <div>
      <h3>{t('actions.withdraw.title')}</h3>
      <FormField
        id="withdraw-reason"
        label={t('actions.reason')}
        field="body.reason"
        problem={problem}
        hint={t('new.optional')}
      >
        {(a) => <textarea {...a} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </FormField>
      <ProblemAlert problem={problem} />
      <button
        type="button"
        className="danger"
        onClick={() => setConfirming(true)}
        disabled={runner.busy !== undefined}
      >
        {t('actions.withdraw.submit')}
      </button>
      <ConfirmDialog
        open={confirming}
        title={t('actions.withdraw.confirmTitle')}
        confirmLabel={t('actions.withdraw.confirm')}
        busy={runner.busy === 'withdraw'}
        onCancel={() => setConfirming(false)}
        onConfirm={() => void runner.run('withdraw', reason.trim() ? { reason: reason.trim() } : {})}
      >
        <p>{t('actions.withdraw.consequence')}</p>
      </ConfirmDialog>
    </div>
  );
}
