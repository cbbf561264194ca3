import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { followAppeal, newer, readAppeal } from '../api/appealFeed';
import { ApiProblem } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';
import { useSession } from '../auth/session';
import { ACTION_FORMS, DraftStepAction } from './actions';
import { availableActions, mayDo } from './permissions';
import { formatDate, formatInstant } from './format';
import type { ActionResult, AppealDetail, DraftView } from './types';
import { SlaBadge } from '../components/SlaBadge';
import { AgencyName, StatusTag, TimelineTable } from './parts';
import { DEFAULT_OFFSET } from './ui';
import { useRules } from './useRules';
import { isOpenStatus, type AppealAction } from '@appeals/contracts/vocabulary';

/** One case in the console: facts, deadlines, the actions the user's role may take, drafts and the timeline. */
export function CasePage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('console');
  const { user } = useSession();
  const rules = useRules();
  const [appeal, setAppeal] = useState<AppealDetail>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [open, setOpen] = useState<AppealAction>();
  const [notice, setNotice] = useState<string>();
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const lng = i18n.resolvedLanguage ?? 'ru';
  const offset = rules?.profile.utcOffsetMinutes ?? DEFAULT_OFFSET;

  const load = useCallback(async () => {
    try {
      setAppeal(await readAppeal<AppealDetail>(id, { token: user?.token }));
      setProblem(undefined);
    } catch (err) {
      setProblem(err instanceof ApiProblem ? err : new ApiProblem({ status: 0, title: String(err) }));
    }
  }, [id, user?.token]);
  useEffect(() => {
    void load();
  }, [load]);
  // colleagues' actions show up while the case is open; when it leaves the agency, the read says so (404)
  useEffect(
    () =>
      followAppeal<AppealDetail>(
        id,
        { token: user?.token },
        (next) => setAppeal((current) => newer(current, next)),
        () => void load(),
      ),
    [id, user?.token, load],
  );
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  const done = async (action: string, r: ActionResult) => {
    setOpen(undefined);
    // the read view follows the event store shortly after the command: the API answers once it holds this version
    // (a case forwarded out of the agency is no longer the user's: the stream's `gone` shows that at once)
    try {
      const next = await readAppeal<AppealDetail>(id, { token: user?.token }, r.version);
      setAppeal((current) => newer(current, next));
    } catch (err) {
      setProblem(err instanceof ApiProblem ? err : new ApiProblem({ status: 0, title: String(err) }));
      return;
    }
    setNotice(t('done', { action: t(`action.${action}`), status: t(`status.${r.status}`) }));
  };

  if (problem) return <ProblemAlert problem={problem} />;
  if (!appeal || !rules || !user) return <p role="status">{t('loading')}</p>;

  const actions = availableActions(user.role, appeal.status);
  const drafts = Object.values(appeal.drafts ?? {});
  const open_ = isOpenStatus(appeal.status);
  const Form = open ? ACTION_FORMS[open] : undefined;
  const windowOpen = appeal.forwardBy ? Date.now() <= Date.parse(appeal.forwardBy) : false;

  return (
    <article className="case">
      <p>
        <Link to="/console">{t('backToInbox')}</Link>
      </p>
      <h1>{t('case.title', { number: appeal.registrationNumber ?? appeal.appealId })}</h1>
      {notice && (
        <p className="notice success" role="status" tabIndex={-1} ref={noticeRef}>
          {notice}
        </p>
      )}
      <dl className="facts">
        <dt>{t('field.status')}</dt>
        <dd>
          <StatusTag status={appeal.status} /> {open_ && <SlaBadge sla={appeal.sla} />}
        </dd>
        <dt>{t('field.subject')}</dt>
        <dd>{appeal.subject}</dd>
        <dt>{t('field.agency')}</dt>
        <dd>{appeal.agencyId ? <AgencyName id={appeal.agencyId} /> : t('field.notRouted')}</dd>
        <dt>{t('field.deadline')}</dt>
        <dd data-testid="case-deadline">
          {appeal.deadline
            ? t(appeal.deadline.regime === 'working' ? 'field.deadlineWorking' : 'field.deadlineCalendar', {
                dueOn: formatDate(appeal.deadline.dueOn, lng),
                days: appeal.deadline.termDays,
                count: appeal.deadline.termDays,
              })
            : '—'}
          {appeal.extensions.length > 0 && ` (${t('field.extended', { count: appeal.extensions.length })})`}
        </dd>
        {appeal.forwardBy && open_ && (
          <>
            <dt>{t('field.forwardBy')}</dt>
            <dd data-testid="forward-window">
              {t(windowOpen ? 'field.forwardWindowOpen' : 'field.forwardWindowClosed', {
                at: formatInstant(appeal.forwardBy, lng, offset),
              })}
            </dd>
          </>
        )}
        <dt>{t('field.received')}</dt>
        <dd>
          {t(`channel.${appeal.channel}`)} · {formatInstant(appeal.receivedAt, lng, offset)}
          {appeal.registeredAt &&
            ` · ${t('field.registeredAt', { at: formatInstant(appeal.registeredAt, lng, offset) })}`}
        </dd>
        <dt>{t('field.language')}</dt>
        <dd>{t(`lang.${appeal.language}`)}</dd>
        <dt>{t('field.applicant')}</dt>
        <dd>
          {appeal.applicant.type === 'anonymous'
            ? t('field.anonymous')
            : (appeal.applicant.fullName ?? appeal.applicant.organisationName)}
        </dd>
        <dt>{t('field.executors')}</dt>
        <dd>
          {appeal.executorIds.length
            ? appeal.executorIds
                .map((x) => (x === appeal.leadExecutorId ? `${x} (${t('field.lead')})` : x))
                .join(', ')
            : '—'}
        </dd>
        <dt>{t('field.hearing')}</dt>
        <dd>
          {!appeal.hearing
            ? t('field.hearingNone')
            : appeal.hearing.held
              ? t('field.hearingHeld', { at: formatInstant(appeal.hearing.heldAt, lng, offset) })
              : t('field.hearingWaived', { reason: appeal.hearing.reason })}
        </dd>
        {appeal.answer && (
          <>
            <dt>{t('field.answer')}</dt>
            <dd>
              {t(appeal.answer.onTime ? 'field.answeredOnTime' : 'field.answeredLate', {
                at: formatInstant(appeal.answer.sentAt, lng, offset),
              })}
            </dd>
          </>
        )}
      </dl>
      <section aria-labelledby="text-h">
        <h2 id="text-h">{t('case.text')}</h2>
        <p className="appeal-text">{appeal.text}</p>
      </section>

      {open_ && (
        <section aria-labelledby="actions-h" className="con-actions">
          <h2 id="actions-h">{t('case.actions')}</h2>
          {actions.length === 0 ? (
            <p>{t('case.noActions')}</p>
          ) : (
            <div className="action-bar" role="group" aria-labelledby="actions-h">
              {actions.map((a) => (
                <button
                  key={a}
                  type="button"
                  aria-expanded={open === a}
                  aria-controls="action-area"
                  onClick={() => setOpen(open === a ? undefined : a)}
                >
                  {t(`action.${a}`)}
                </button>
              ))}
            </div>
          )}
          <div id="action-area">
            {Form && (
              <Form key={open} appeal={appeal} rules={rules} onDone={(r) => void done(open ?? '', r)} />
            )}
          </div>
        </section>
      )}

      {drafts.length > 0 && (
        <section aria-labelledby="drafts-h">
          <h2 id="drafts-h">{t('case.drafts')}</h2>
          {drafts.map((d) => (
            <div key={d.draftId} className="draft" data-testid="draft">
              <p>
                <strong>{t(`decision.${d.decisionKind}`)}</strong> · {t(`character.${d.answerCharacter}`)} ·{' '}
                {t(`lang.${d.language}`)} · {d.approved ? t('case.approved') : t('case.notApproved')}
              </p>
              <blockquote lang={d.language}>{d.text}</blockquote>
              {open_ && mayDo(user.role, step(d)) && (
                <DraftStepAction
                  // a new panel (fresh state) once the draft is approved, as two separate forms would be
                  key={step(d)}
                  action={step(d)}
                  appeal={appeal}
                  rules={rules}
                  draft={d}
                  onDone={(r) => void done(step(d), r)}
                />
              )}
            </div>
          ))}
        </section>
      )}

      <section aria-labelledby="timeline-h">
        <h2 id="timeline-h">{t('case.timeline')}</h2>
        <TimelineTable
          offsetMinutes={offset}
          rows={appeal.timeline.map((e) => ({
            type: e.type,
            at: e.at,
            by: e.by,
            role: e.role,
            service: e.service,
          }))}
        />
      </section>
    </article>
  );
}

/** What a draft answer waits for: approval, then sending. */
const step = (d: DraftView) => (d.approved ? 'send-answer' : 'approve-answer');
