import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { forwardConsequences, routeConsequences, triageConsequences } from '../consequences';
import { ActionPanel, Field } from '../ui';
import { AgencySelect, offsetOf, opt, s, type ActionProps } from './shared';

// The routing desk's actions: route an appeal to an agency, mark it for triage, forward it (or a part of it).

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
