import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { DemoUser } from '../../api/types';
import { useSession } from '../../auth/session';
import { GROUNDS } from '../choices';
import {
  assignConsequences,
  extendConsequences,
  hearingConsequences,
  maxExtension,
  terminateConsequences,
} from '../consequences';
import { formatDate, fromLocalInput, offsetLabel } from '../format';
import { ActionPanel, Field, Select, SelectField } from '../ui';
import { offsetOf, opt, s, type ActionProps } from './shared';

// The case work of the agency's staff: assign executors, extend the deadline, record the hearing, terminate.

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
          <SelectField
            label={t('form.ground')}
            field="body.ground"
            problem={problem}
            value={ground}
            onChange={setGround}
            empty={t('form.choose')}
            options={GROUNDS.map((g) => [g, t(`ground.${g}`)])}
          />
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
