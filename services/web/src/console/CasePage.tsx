import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isOpenStatus, type AppealAction } from '@appeals/contracts/vocabulary';
import { followAppeal, newer, readAppeal } from '../api/appealFeed';
import { ApiProblem } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';
import { useSession } from '../auth/session';
import { ACTION_FORMS, DraftStepAction, type ActionProps } from './actions';
import { CaseFacts } from './CaseFacts';
import { DuplicatesSection } from './DuplicatesSection';
import { availableActions, mayDo } from './permissions';
import type { ActionResult, AppealDetail, DraftView } from './types';
import { TimelineTable } from './parts';
import { DEFAULT_OFFSET } from './ui';
import { useRules } from './useRules';

const asProblem = (err: unknown) =>
  err instanceof ApiProblem ? err : new ApiProblem({ status: 0, title: String(err) });

/** The case as the console shows it: read, kept up to date, and read again at the version an action made. */
function useCase(id: string, token: string | undefined) {
  const [appeal, setAppeal] = useState<AppealDetail>();
  const [problem, setProblem] = useState<ApiProblem>();
  const load = useCallback(async () => {
    try {
      setAppeal(await readAppeal<AppealDetail>(id, { token }));
      setProblem(undefined);
    } catch (err) {
      setProblem(asProblem(err));
    }
  }, [id, token]);
  useEffect(() => {
    void load();
  }, [load]);
  // colleagues' actions show up while the case is open; when it leaves the agency, the read says so (404)
  useEffect(
    () =>
      followAppeal<AppealDetail>(
        id,
        { token },
        (next) => setAppeal((current) => newer(current, next)),
        () => void load(),
      ),
    [id, token, load],
  );
  /** After an action: the read view follows the event store shortly after the command, so the API answers once
   * it holds this version (a case forwarded out of the agency is no longer the user's: `gone` shows that at once). */
  const reread = async (version: number): Promise<boolean> => {
    try {
      const next = await readAppeal<AppealDetail>(id, { token }, version);
      setAppeal((current) => newer(current, next));
      return true;
    } catch (err) {
      setProblem(asProblem(err));
      return false;
    }
  };
  return { appeal, problem, reread };
}

/** One case in the console: facts, deadlines, the actions the user's role may take, drafts and the timeline. */
export function CasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('console');
  const { user } = useSession();
  const rules = useRules();
  const { appeal, problem, reread } = useCase(id, user?.token);
  const [open, setOpen] = useState<AppealAction>();
  const [notice, setNotice] = useState<string>();
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const offset = rules?.profile.utcOffsetMinutes ?? DEFAULT_OFFSET;
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  const done = async (action: AppealAction, r: ActionResult) => {
    setOpen(undefined);
    if (await reread(r.version))
      setNotice(t('done', { action: t(`action.${action}`), status: t(`status.${r.status}`) }));
  };

  if (problem) return <ProblemAlert problem={problem} />;
  if (!appeal || !rules || !user) return <p role="status">{t('loading')}</p>;
  const open_ = isOpenStatus(appeal.status);

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
      <CaseFacts appeal={appeal} offset={offset} />
      <section aria-labelledby="text-h">
        <h2 id="text-h">{t('case.text')}</h2>
        <p className="appeal-text">{appeal.text}</p>
      </section>
      <DuplicatesSection appeal={appeal} />
      {open_ && (
        <ActionsSection
          actions={availableActions(user.role, appeal.status)}
          open={open}
          onToggle={(a) => setOpen(open === a ? undefined : a)}
          form={{ appeal, rules, onDone: (r) => void (open && done(open, r)) }}
        />
      )}
      <DraftsSection
        drafts={Object.values(appeal.drafts ?? {})}
        mayStep={(d) => open_ && mayDo(user.role, step(d))}
        form={(d) => ({ appeal, rules, onDone: (r) => void done(step(d), r) })}
      />
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

/** The buttons of the actions the user may take, and the form of the one opened. */
function ActionsSection(props: {
  actions: AppealAction[];
  open: AppealAction | undefined;
  onToggle: (action: AppealAction) => void;
  form: ActionProps;
}) {
  const { t } = useTranslation('console');
  const { actions, open } = props;
  const Form = open ? ACTION_FORMS[open] : undefined;
  return (
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
              onClick={() => props.onToggle(a)}
            >
              {t(`action.${a}`)}
            </button>
          ))}
        </div>
      )}
      <div id="action-area">{Form && <Form key={open} {...props.form} />}</div>
    </section>
  );
}

/** The draft answers, each with its next step (approve, then send) for those who may take it. */
function DraftsSection(props: {
  drafts: DraftView[];
  mayStep: (d: DraftView) => boolean;
  form: (d: DraftView) => ActionProps;
}) {
  const { t } = useTranslation('console');
  if (props.drafts.length === 0) return null;
  return (
    <section aria-labelledby="drafts-h">
      <h2 id="drafts-h">{t('case.drafts')}</h2>
      {props.drafts.map((d) => (
        <div key={d.draftId} className="draft" data-testid="draft">
          <p>
            <strong>{t(`decision.${d.decisionKind}`)}</strong> · {t(`character.${d.answerCharacter}`)} ·{' '}
            {t(`lang.${d.language}`)} · {d.approved ? t('case.approved') : t('case.notApproved')}
          </p>
          <blockquote lang={d.language}>{d.text}</blockquote>
          {props.mayStep(d) && (
            <DraftStepAction
              // a new panel (fresh state) once the draft is approved, as two separate forms would be
              key={step(d)}
              action={step(d)}
              draft={d}
              {...props.form(d)}
            />
          )}
        </div>
      ))}
    </section>
  );
}

/** What a draft answer waits for: approval, then sending. */
const step = (d: DraftView) => (d.approved ? 'send-answer' : 'approve-answer');
