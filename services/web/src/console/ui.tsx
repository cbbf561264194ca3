import {
  useEffect,
  useId,
  useRef,
  useState,
  type ComponentProps,
  type FormEvent,
  type ReactNode,
  type Ref,
} from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiProblem, newIdempotencyKey, useCatalog } from '../api/client';
import { useSession } from '../auth/session';
import { FormField, type FieldA11y } from '../components/FormField';
import { ProblemAlert } from '../components/ProblemAlert';
import type { Consequence, Value } from './consequences';
import { formatDate, formatInstant } from './format';
import type { ActionResult } from './types';

/** Props a form control needs to be labelled, described, named and marked invalid. */
export type ControlProps = FieldA11y & { name: string };

/** A labelled control with its hint and the API's error for `field` (e.g. `body.reason`) right next to it. */
export function Field(props: {
  label: string;
  field: string;
  problem?: ApiProblem | undefined;
  hint?: ReactNode;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  return (
    <FormField id={id} label={props.label} field={props.field} problem={props.problem} hint={props.hint}>
      {(a11y) => props.children({ ...a11y, name: props.field })}
    </FormField>
  );
}

/** A select of `options` ([value, label] pairs), after an empty first option labelled `empty` when given. */
export function Select({
  options,
  empty,
  ...select
}: ComponentProps<'select'> & { options: ReadonlyArray<readonly [string, ReactNode]>; empty?: string }) {
  return (
    <select {...select}>
      {empty !== undefined && <option value="">{empty}</option>}
      {options.map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </select>
  );
}

/** A form field whose control is a select of `options` ([value, label] pairs). */
export function SelectField(props: {
  label: string;
  field: string;
  problem: ApiProblem | undefined;
  hint?: ReactNode;
  value: string;
  onChange: (v: string) => void;
  options: ReadonlyArray<readonly [string, ReactNode]>;
  empty?: string;
}) {
  const { label, field, problem, hint, value, onChange, options, empty } = props;
  return (
    <Field label={label} field={field} problem={problem} hint={hint}>
      {(c) => (
        <Select
          {...c}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          empty={empty}
          options={options}
        />
      )}
    </Field>
  );
}

/**
 * The API's problem in the reader's language: field messages and the rule broken are looked up by their stable
 * codes (`too_small`, `APPEAL.EXTENSION_TOO_LONG`, ...) under `apiError`; unknown codes keep the server's words.
 */
export function useLocalizeProblem() {
  const { t } = useTranslation('console');
  return (err: unknown): ApiProblem => {
    if (!(err instanceof ApiProblem)) return new ApiProblem({ status: 0, title: String(err) });
    if (err.status === 0) return err;
    const say = (code: string | undefined, fallback: string | undefined) =>
      code ? t(`apiError.${code}`, { defaultValue: fallback ?? '' }) : fallback;
    const detail = err.code ? say(err.code, err.detail) : err.errors.length > 0 ? undefined : err.detail;
    return new ApiProblem({
      status: err.status,
      title: err.title, // ProblemAlert words the title by status
      ...(detail ? { detail } : {}),
      type: err.type,
      ...(err.code ? { code: err.code } : {}),
      errors: err.errors.map((e) => ({ ...e, message: say(e.code, e.message) ?? e.message })),
    });
  };
}

/** The jurisdiction offset for showing instants (Kazakhstan: UTC+5 when the profile is not loaded yet). */
export const DEFAULT_OFFSET = 300;

/** Formats a consequence's values for i18next. */
export function useValueFormatter(offsetMinutes: number) {
  const { t, i18n } = useTranslation('console');
  const { catalog } = useCatalog();
  const lng = i18n.resolvedLanguage ?? 'ru';
  return (v: Value): string => {
    if ('date' in v) return formatDate(v.date, lng);
    if ('instant' in v) return formatInstant(v.instant, lng, offsetMinutes);
    if ('agency' in v) {
      const a = catalog?.agencies.find((x) => x.id === v.agency);
      return a?.name[lng as 'ru'] ?? a?.name.ru ?? v.agency;
    }
    if ('lang' in v) return t(`lang.${v.lang}`);
    if ('days' in v) return String(v.days);
    return v.text;
  };
}

/** The legal consequences of an action, as a list (warnings stand out). */
export function ConsequenceList({ items, offsetMinutes }: { items: Consequence[]; offsetMinutes: number }) {
  const { t } = useTranslation('console');
  const fmt = useValueFormatter(offsetMinutes);
  return (
    <ul className="consequences">
      {items.map((c, i) => (
        <li key={`${c.key}-${i}`} className={c.warning ? 'warning' : undefined}>
          {c.warning && <span className="visually-hidden">{t('confirm.warning')}: </span>}
          {t(c.key, {
            ...Object.fromEntries(Object.entries(c.values ?? {}).map(([k, v]) => [k, fmt(v)])),
            // plural forms of “N days” (Russian has three)
            ...(c.values?.days && 'days' in c.values.days ? { count: c.values.days.days } : {}),
          })}
        </li>
      ))}
    </ul>
  );
}

/** What an action form hands to the confirmation step. */
export interface Review {
  body: unknown;
  consequences: Consequence[];
}

/** The confirmation step of an action: its legal consequences, then confirm (busy while sending) or go back. */
export function ConfirmStep(props: {
  title: string;
  /** h3 inside an action panel (default), h2 for a page of its own */
  level?: 2 | 3;
  headingId?: string;
  headingRef: Ref<HTMLHeadingElement>;
  consequences: Consequence[];
  offsetMinutes: number;
  busy: boolean;
  onConfirm: () => void;
  onBack: () => void;
}) {
  const { t } = useTranslation('console');
  const Heading = props.level === 2 ? 'h2' : 'h3';
  return (
    <div className="confirm" data-testid="confirm-step">
      <Heading id={props.headingId} ref={props.headingRef} tabIndex={-1}>
        {t('confirm.title', { action: props.title })}
      </Heading>
      <p>{t('confirm.intro')}</p>
      <ConsequenceList items={props.consequences} offsetMinutes={props.offsetMinutes} />
      <div className="buttons">
        <button type="button" className="primary" onClick={props.onConfirm} disabled={props.busy}>
          {props.busy ? t('confirm.sending') : t('confirm.confirm')}
        </button>
        <button type="button" onClick={props.onBack} disabled={props.busy}>
          {t('confirm.back')}
        </button>
      </div>
    </div>
  );
}

/**
 * One action on a case: the form, then a confirmation step that shows the legal deadline consequences,
 * then the POST (with an idempotency key). API field errors go back to the form next to their fields.
 */
export function ActionPanel(props: {
  appealId: string;
  action: string;
  title: string;
  submitLabel?: string;
  offsetMinutes: number;
  review: () => Review;
  onDone: (result: ActionResult) => void;
  children: (problem: ApiProblem | undefined) => ReactNode;
}) {
  const { t } = useTranslation('console');
  const { user } = useSession();
  const [stage, setStage] = useState<{ review: Review; key: string } | undefined>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const headingId = useId();
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const formHeading = useRef<HTMLHeadingElement>(null);
  const focusForm = useRef(false);
  const localize = useLocalizeProblem();

  useEffect(() => {
    if (stage) confirmHeading.current?.focus();
    else if (focusForm.current) formHeading.current?.focus();
  }, [stage]);

  const onReview = (e: FormEvent) => {
    e.preventDefault();
    setProblem(undefined);
    setStage({ review: props.review(), key: newIdempotencyKey() });
  };
  const back = () => {
    focusForm.current = true;
    setStage(undefined);
  };
  const confirm = async () => {
    if (!stage) return;
    setBusy(true);
    try {
      const result = await api<ActionResult>(
        `/appeals/${encodeURIComponent(props.appealId)}/${props.action}`,
        { body: stage.review.body, token: user?.token, idempotencyKey: stage.key },
      );
      props.onDone(result);
    } catch (err) {
      setProblem(localize(err));
      back();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="action-panel" aria-labelledby={headingId}>
      {stage ? (
        <ConfirmStep
          title={props.title}
          headingId={headingId}
          headingRef={confirmHeading}
          consequences={stage.review.consequences}
          offsetMinutes={props.offsetMinutes}
          busy={busy}
          onConfirm={() => void confirm()}
          onBack={back}
        />
      ) : (
        <form onSubmit={onReview} noValidate>
          <h3 id={headingId} ref={formHeading} tabIndex={-1}>
            {props.title}
          </h3>
          <ProblemAlert problem={problem} focus />
          {props.children(problem)}
          <div className="buttons">
            <button type="submit" className="primary">
              {props.submitLabel ?? t('confirm.review')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
