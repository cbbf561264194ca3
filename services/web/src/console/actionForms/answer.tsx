import { LANGUAGES } from '@appeals/contracts/vocabulary';
import { useState } from 'react';
import type { ApiProblem } from '../../api/client';
import { useTranslation } from 'react-i18next';
import { CHARACTERS, COMPLAINT_OUTCOMES, DECISIONS } from '../choices';
import { answerLanguages, approveConsequences, draftConsequences, sendConsequences } from '../consequences';
import type { AppealDetail, DraftView } from '../types';
import { ActionPanel, Field, SelectField } from '../ui';
import { offsetOf, s, type ActionProps } from './shared';

// The answer: draft it (executor), then approve and send the draft (approver, head; a registrar sends too).

/** A complaint (about an answer or an act) is decided with one of the complaint outcomes. */
const isComplaint = (a: AppealDetail) => a.kind.includes('complaint') || a.origin?.type === 'complaint';

/** What the law says about the answer's language, and that the draft needs an executor assigned. */
function DraftRules({ appeal, rules }: Pick<ActionProps, 'appeal' | 'rules'>) {
  const { t } = useTranslation('console');
  return (
    <>
      <p className="rule" data-testid="language-rule">
        {t('rule.language', {
          state: t(`lang.${rules.profile.stateLanguage}`),
          appeal: t(`lang.${appeal.language}`),
        })}
      </p>
      {appeal.executorIds.length === 0 && <p className="warning-text">{t('rule.needsExecutor')}</p>}
    </>
  );
}

/** The answer's language: every language offered, those the law does not allow marked so. */
function AnswerLanguage(props: {
  allowed: readonly string[];
  problem: ApiProblem | undefined;
  value: string;
  onChange: (v: string) => void;
}) {
  const { t } = useTranslation('console');
  return (
    <SelectField
      label={t('form.answerLanguage')}
      field="body.language"
      problem={props.problem}
      value={props.value}
      onChange={props.onChange}
      options={LANGUAGES.map((l) => [
        l,
        `${t(`lang.${l}`)}${props.allowed.includes(l) ? '' : ` — ${t('rule.notAllowed')}`}`,
      ])}
    />
  );
}

export function DraftAction({ appeal, rules, onDone }: ActionProps) {
  const { t } = useTranslation('console');
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
          <DraftRules appeal={appeal} rules={rules} />
          <SelectField
            label={t('form.decisionKind')}
            field="body.decisionKind"
            problem={problem}
            value={decisionKind}
            onChange={setKind}
            options={DECISIONS.map((d) => [d, t(`decision.${d}`)])}
          />
          <SelectField
            label={t('form.answerCharacter')}
            field="body.answerCharacter"
            problem={problem}
            hint={!appeal.hearing ? t('rule.adverseNeedsHearing') : undefined}
            value={answerCharacter}
            onChange={setCharacter}
            options={CHARACTERS.map((d) => [d, t(`character.${d}`)])}
          />
          {isComplaint(appeal) && (
            <SelectField
              label={t('form.complaintOutcome')}
              field="body.complaintOutcome"
              problem={problem}
              value={outcome}
              onChange={setOutcome}
              empty={t('form.choose')}
              options={COMPLAINT_OUTCOMES.map((o) => [o, t(`complaintOutcome.${o}`)])}
            />
          )}
          <AnswerLanguage
            allowed={answerLanguages(rules, appeal)}
            problem={problem}
            value={language}
            onChange={(v) => setLanguage(v as typeof language)}
          />
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
