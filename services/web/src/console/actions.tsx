import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, useCatalog } from '../api/client';
import type { DemoUser } from '../api/types';
import { useSession } from '../auth/session';
import {
  answerLanguages,
  approveConsequences,
  assignConsequences,
  draftConsequences,
  extendConsequences,
  forwardConsequences,
  hearingConsequences,
  maxExtension,
  routeConsequences,
  sendConsequences,
  terminateConsequences,
  triageConsequences,
  type Rules,
} from './consequences';
import { formatDate, fromLocalInput, offsetLabel } from './format';
import type { ActionResult, AppealDetail, DraftView } from './types';
import { ActionPanel, Field, Select } from './ui';
import { CHARACTERS, COMPLAINT_OUTCOMES, DECISIONS, GROUNDS } from './choices';

export interface ActionProps {
  appeal: AppealDetail;
  rules: Rules;
  onDone: (r: ActionResult) => void;
}

const s = (v: string) => v.trim();
const opt = (v: string) => (v.trim() ? v.trim() : undefined);

function useAgencies() {
  const { catalog } = useCatalog();
  const { i18n } = useTranslation();
  const lng = (i18n.resolvedLanguage ?? 'ru') as 'ru';
  return (catalog?.agencies ?? []).map((a) => ({ id: a.id, name: a.name[lng] ?? a.name.ru ?? a.id }));
}

function AgencySelect(
  props: { value: string; onChange: (v: string) => void; exclude?: string | undefined } & Record<
    string,
    unknown
  >,
) {
  const { t } = useTranslation('console');
  const agencies = useAgencies();
  const { value, onChange, exclude, ...control } = props;
  return (
    <Select
      {...control}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      empty={t('form.choose')}
      options={agencies.filter((a) => a.id !== exclude).map((a) => [a.id, a.name])}
    />
  );
}

const offsetOf = (r: Rules) => r.profile.utcOffsetMinutes;

export function RouteAction({ appeal, rules, onDone }: ActionProps) {
  const { t } = useTranslation('console');
  const [agencyId, setAgencyId] = useState(appeal.addressedAgencyId ?? '');
  const [note, setNote] = useState('');
  return (
    <ActionPanel
      appealId={appeal.appealId}
      action="route"
      title={t('action.route')}
      offsetMinutes={offsetOf(rules)}
      review={() => ({
        body: { agencyId, ...(opt(note) ? { note: s(note) } : {}) },
        consequences: routeConsequences(appeal, agencyId),
      })}
      onDone={onDone}
    >
      {(problem) => (
        <>
          <Field label={t('form.agency')} field="body.agencyId" problem={problem}>
            {(c) => <AgencySelect {...c} value={agencyId} onChange={setAgencyId} />}
          </Field>
          <Field label={t('form.noteOptional')} field="body.note" problem={problem}>
            {(c) => <input {...c} value={note} onChange={(e) => setNote(e.target.value)} />}
          </Field>
        </>
      )}
    </ActionPanel>
  );
}

export function TriageAction({ appeal, rules, onDone }: ActionProps) {
  const { t } = useTranslation('console');
  const [reason, setReason] = useState('');
  return (
    <ActionPanel
      appealId={appeal.appealId}
      action="needs-triage"
      title={t('action.needs-triage')}
      offsetMinutes={offsetOf(rules)}
      review={() => ({ body: { reason: s(reason) }, consequences: triageConsequences(appeal) })}
      onDone={onDone}
    >
      {(problem) => (
        <Field label={t('form.reason')} field="body.reason" problem={problem}>
          {(c) => <textarea {...c} value={reason} onChange={(e) => setReason(e.target.value)} rows={3} />}
        </Field>
      )}
    </ActionPanel>
  );
}

export function ForwardAction({ appeal, rules, onDone }: ActionProps) {
  const { t } = useTranslation('console');
  const [toAgencyId, setTo] = useState('');
  const [scope, setScope] = useState<'whole' | 'part'>('whole');
  const [part, setPart] = useState('');
  const [reason, setReason] = useState('');
  return (
    <ActionPanel
      appealId={appeal.appealId}
      action="forward"
      title={t('action.forward')}
      offsetMinutes={offsetOf(rules)}
      review={() => ({
        body: {
          toAgencyId,
          scope,
          reason: s(reason),
          ...(scope === 'part' ? { partDescription: s(part) } : {}),
        },
        consequences: forwardConsequences(rules, appeal, toAgencyId, scope, new Date()),
      })}
      onDone={onDone}
    >
      {(problem) => (
        <>
          <Field label={t('form.toAgency')} field="body.toAgencyId" problem={problem}>
            {(c) => <AgencySelect {...c} value={toAgencyId} onChange={setTo} exclude={appeal.agencyId} />}
          </Field>
          <fieldset>
            <legend>{t('form.scope')}</legend>
            {(['whole', 'part'] as const).map((v) => (
              <label key={v} className="choice">
                <input
                  type="radio"
                  name="scope"
                  value={v}
                  checked={scope === v}
                  onChange={() => setScope(v)}
                />
                {t(`form.scope_${v}`)}
              </label>
            ))}
          </fieldset>
          {scope === 'part' && (
            <Field label={t('form.partDescription')} field="body.partDescription" problem={problem}>
              {(c) => <textarea {...c} value={part} onChange={(e) => setPart(e.target.value)} rows={3} />}
            </Field>
          )}
          <Field label={t('form.reason')} field="body.reason" problem={problem}>
            {(c) => <textarea {...c} value={reason} onChange={(e) => setReason(e.target.value)} rows={3} />}
          </Field>
        </>
      )}
    </ActionPanel>
  );
}

/** Executors of the user's agency from the demo users (embedded mode); empty elsewhere. */
function useExecutors(agencyId: string | undefined): DemoUser[] {
  const [users, setUsers] = useState<DemoUser[]>([]);
  useEffect(() => {
    let live = true;
    api<{ users: DemoUser[] }>('/auth/dev-users').then(
      (r) =>
        live &&
        setUsers(r.users.filter((u) => u.role === 'executor' && (!agencyId || u.agencyId === agencyId))),
      () => live && setUsers([]),
    );
    return () => {
      live = false;
    };
  }, [agencyId]);
  return users;
}

export function AssignAction({ appeal, rules, onDone }: ActionProps) {
  const { t } = useTranslation('console');
  const { user } = useSession();
  const known = useExecutors(user?.agencyId);
  const [ids, setIds] = useState(appeal.executorIds.join(', '));
  const [lead, setLead] = useState(appeal.leadExecutorId ?? '');
  const list = ids
    .split(/[,\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);
  return (
    <ActionPanel
      appealId={appeal.appealId}
      action="assign"
      title={t('action.assign')}
      offsetMinutes={offsetOf(rules)}
      review={() => ({
        body: { executorIds: list, ...(opt(lead) ? { leadExecutorId: s(lead) } : {}) },
        consequences: assignConsequences(appeal, opt(lead) ?? list[0] ?? ''),
      })}
      onDone={onDone}
    >
      {(problem) => (
        <>
          <Field
            label={t('form.executors')}
            field="body.executorIds"
            problem={problem}
            hint={
              known.length > 0
                ? t('form.executorsKnown', { list: known.map((u) => `${u.sub} (${u.name})`).join(', ') })
                : t('form.executorsHint')
            }
          >
            {(c) => (
              <input {...c} value={ids} onChange={(e) => setIds(e.target.value)} list="known-executors" />
            )}
          </Field>
          <datalist id="known-executors">
            {known.map((u) => (
              <option key={u.sub} value={u.sub}>
                {u.name}
              </option>
            ))}
          </datalist>
          <Field
            label={t('form.lead')}
            field="body.leadExecutorId"
            problem={problem}
            hint={t('form.leadHint')}
          >
            {(c) => (
              <Select
                {...c}
                value={lead}
                onChange={(e) => setLead(e.target.value)}
                empty={t('form.leadFirst')}
                options={list.map((x) => [x, known.find((u) => u.sub === x)?.name ?? x])}
              />
            )}
          </Field>
        </>
      )}
    </ActionPanel>
  );
}

export function ExtendAction({ appeal, rules, onDone }: ActionProps) {
  const { t, i18n } = useTranslation('console');
  const [newDueOn, setDue] = useState('');
  const [reason, setReason] = useState('');
  const max = maxExtension(rules, appeal);
  const lng = i18n.resolvedLanguage ?? 'ru';
  return (
    <ActionPanel
      appealId={appeal.appealId}
      action="extend"
      title={t('action.extend')}
      offsetMinutes={offsetOf(rules)}
      review={() => ({
        body: { newDueOn, reason: s(reason) },
        consequences: extendConsequences(rules, appeal, newDueOn, new Date()),
      })}
      onDone={onDone}
    >
      {(problem) => (
        <>
          <p className="rule">
            {t('rule.extension', {
              current: appeal.deadline ? formatDate(appeal.deadline.dueOn, lng) : '—',
              max: max ? formatDate(max, lng) : '—',
            })}
          </p>
          <Field label={t('form.newDueOn')} field="body.newDueOn" problem={problem}>
            {(c) => (
              <input
                {...c}
                type="date"
                value={newDueOn}
                min={appeal.deadline?.dueOn}
                max={max}
                onChange={(e) => setDue(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('form.extensionReason')} field="body.reason" problem={problem}>
            {(c) => <textarea {...c} value={reason} onChange={(e) => setReason(e.target.value)} rows={3} />}
          </Field>
        </>
      )}
    </ActionPanel>
  );
}

export function HearingAction({ appeal, rules, onDone }: ActionProps) {
  const { t } = useTranslation('console');
  const [held, setHeld] = useState(true);
  const [heldAt, setHeldAt] = useState('');
  const [text, setText] = useState('');
  const offset = offsetOf(rules);
  return (
    <ActionPanel
      appealId={appeal.appealId}
      action="hearing"
      title={t('action.hearing')}
      offsetMinutes={offset}
      review={() => ({
        body: held
          ? { held: true, heldAt: fromLocalInput(heldAt, offset) ?? heldAt, notes: s(text) }
          : { held: false, reason: s(text) },
        consequences: hearingConsequences(appeal),
      })}
      onDone={onDone}
    >
      {(problem) => (
        <>
          <fieldset>
            <legend>{t('form.hearingHeld')}</legend>
            <label className="choice">
              <input type="radio" name="held" checked={held} onChange={() => setHeld(true)} />
              {t('form.hearingYes')}
            </label>
            <label className="choice">
              <input type="radio" name="held" checked={!held} onChange={() => setHeld(false)} />
              {t('form.hearingNo')}
            </label>
          </fieldset>
          {held && (
            <Field
              label={t('form.heldAt')}
              field="body.heldAt"
              problem={problem}
              hint={t('form.localTime', { offset: offsetLabel(offset) })}
            >
              {(c) => (
                <input
                  {...c}
                  type="datetime-local"
                  value={heldAt}
                  onChange={(e) => setHeldAt(e.target.value)}
                />
              )}
            </Field>
          )}
          <Field
            label={held ? t('form.hearingNotes') : t('form.hearingWhyNot')}
            field={held ? 'body.notes' : 'body.reason'}
            problem={problem}
          >
            {(c) => <textarea {...c} value={text} onChange={(e) => setText(e.target.value)} rows={3} />}
          </Field>
        </>
      )}
    </ActionPanel>
  );
}

/** A complaint (about an answer or an act) is decided with one of the complaint outcomes. */
const isComplaint = (a: AppealDetail) => a.kind.includes('complaint') || a.origin?.type === 'complaint';

export function DraftAction({ appeal, rules, onDone }: ActionProps) {
  const { t } = useTranslation('console');
  const languages = answerLanguages(rules, appeal);
  const [language, setLanguage] = useState(appeal.language);
  const [decisionKind, setKind] = useState<string>('give_answer');
  const [answerCharacter, setCharacter] = useState<string>('explained');
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState('');
  return (
    <ActionPanel
      appealId={appeal.appealId}
      action="draft-answer"
      title={t('action.draft-answer')}
      offsetMinutes={offsetOf(rules)}
      review={() => {
        const body = {
          text: s(text),
          decisionKind,
          answerCharacter,
          language,
          ...(outcome ? { complaintOutcome: outcome } : {}),
        };
        return { body, consequences: draftConsequences(rules, appeal, body) };
      }}
      onDone={onDone}
    >
      {(problem) => (
        <>
          <p className="rule" data-testid="language-rule">
            {t('rule.language', {
              state: t(`lang.${rules.profile.stateLanguage}`),
              appeal: t(`lang.${appeal.language}`),
            })}
          </p>
          {appeal.executorIds.length === 0 && <p className="warning-text">{t('rule.needsExecutor')}</p>}
          <Field label={t('form.decisionKind')} field="body.decisionKind" problem={problem}>
            {(c) => (
              <Select
                {...c}
                value={decisionKind}
                onChange={(e) => setKind(e.target.value)}
                options={DECISIONS.map((d) => [d, t(`decision.${d}`)])}
              />
            )}
          </Field>
          <Field
            label={t('form.answerCharacter')}
            field="body.answerCharacter"
            problem={problem}
            hint={!appeal.hearing ? t('rule.adverseNeedsHearing') : undefined}
          >
            {(c) => (
              <Select
                {...c}
                value={answerCharacter}
                onChange={(e) => setCharacter(e.target.value)}
                options={CHARACTERS.map((d) => [d, t(`character.${d}`)])}
              />
            )}
          </Field>
          {isComplaint(appeal) && (
            <Field label={t('form.complaintOutcome')} field="body.complaintOutcome" problem={problem}>
              {(c) => (
                <Select
                  {...c}
                  value={outcome}
                  onChange={(e) => setOutcome(e.target.value)}
                  empty={t('form.choose')}
                  options={COMPLAINT_OUTCOMES.map((o) => [o, t(`complaintOutcome.${o}`)])}
                />
              )}
            </Field>
          )}
          <Field label={t('form.answerLanguage')} field="body.language" problem={problem}>
            {(c) => (
              <Select
                {...c}
                value={language}
                onChange={(e) => setLanguage(e.target.value as typeof language)}
                options={(['kk', 'ru', 'en'] as const).map((l) => [
                  l,
                  `${t(`lang.${l}`)}${languages.includes(l) ? '' : ` — ${t('rule.notAllowed')}`}`,
                ])}
              />
            )}
          </Field>
          <Field
            label={t('form.answerText')}
            field="body.text"
            problem={problem}
            hint={t('form.answerTextHint')}
          >
            {(c) => <textarea {...c} value={text} onChange={(e) => setText(e.target.value)} rows={8} />}
          </Field>
        </>
      )}
    </ActionPanel>
  );
}

/** Approving or sending a draft answer: no form, the confirmation of its consequences only. */
export function DraftStepAction({
  appeal,
  rules,
  onDone,
  draft,
  action,
}: ActionProps & { draft: DraftView; action: 'approve-answer' | 'send-answer' }) {
  const { t } = useTranslation('console');
  return (
    <ActionPanel
      appealId={appeal.appealId}
      action={action}
      title={t(`action.${action}`)}
      submitLabel={t(`action.${action}`)}
      offsetMinutes={offsetOf(rules)}
      review={() => ({
        body: { draftId: draft.draftId },
        consequences:
          action === 'approve-answer'
            ? approveConsequences(appeal)
            : sendConsequences(rules, appeal, new Date()),
      })}
      onDone={onDone}
    >
      {() => null}
    </ActionPanel>
  );
}

export function TerminateAction({ appeal, rules, onDone }: ActionProps) {
  const { t } = useTranslation('console');
  const [ground, setGround] = useState<string>('');
  const [groundText, setText] = useState('');
  return (
    <ActionPanel
      appealId={appeal.appealId}
      action="terminate"
      title={t('action.terminate')}
      offsetMinutes={offsetOf(rules)}
      review={() => ({
        body: { ground, ...(opt(groundText) ? { groundText: s(groundText) } : {}) },
        consequences: terminateConsequences(rules, appeal, ground, new Date()),
      })}
      onDone={onDone}
    >
      {(problem) => (
        <>
          <Field label={t('form.ground')} field="body.ground" problem={problem}>
            {(c) => (
              <Select
                {...c}
                value={ground}
                onChange={(e) => setGround(e.target.value)}
                empty={t('form.choose')}
                options={GROUNDS.map((g) => [g, t(`ground.${g}`)])}
              />
            )}
          </Field>
          <Field
            label={ground === 'other_legal_ground' ? t('form.groundTextRequired') : t('form.groundText')}
            field="body.groundText"
            problem={problem}
          >
            {(c) => <textarea {...c} value={groundText} onChange={(e) => setText(e.target.value)} rows={3} />}
          </Field>
        </>
      )}
    </ActionPanel>
  );
}

/** The form of one case-level action. */
export const ACTION_FORMS: Record<string, (p: ActionProps) => React.ReactNode> = {
  route: RouteAction,
  'needs-triage': TriageAction,
  forward: ForwardAction,
  assign: AssignAction,
  extend: ExtendAction,
  hearing: HearingAction,
  'draft-answer': DraftAction,
  terminate: TerminateAction,
};
