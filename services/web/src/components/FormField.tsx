import type { ReactNode } from 'react';
import type { ApiProblem } from '../api/client';

/** The API's message for one field (matched on problem.errors[].field), announced next to the field. */
export function FieldError({ id, field, problem }: { id: string; field: string; problem?: ApiProblem | undefined }) {
  const message = problem?.fieldError(field);
  if (!message) return null;
  return (
    <p className="field-error" id={id}>
      {message}
    </p>
  );
}

export interface FieldA11y {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby'?: string;
}

/**
 * A label, a control and the API's error for its field. The control is rendered by `children`,
 * which receives the id and the aria attributes that tie the hint and the error to it.
 */
export function FormField({
  id,
  label,
  field,
  problem,
  hint,
  children,
}: {
  id: string;
  label: ReactNode;
  /** the API's field name, e.g. body.text */
  field: string;
  problem?: ApiProblem | undefined;
  hint?: ReactNode;
  children: (a11y: FieldA11y) => ReactNode;
}) {
  const invalid = Boolean(problem?.fieldError(field));
  const describedBy = [hint ? `${id}-hint` : '', invalid ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={invalid ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children({ id, 'aria-invalid': invalid, ...(describedBy ? { 'aria-describedby': describedBy } : {}) })}
      <FieldError id={`${id}-error`} field={field} problem={problem} />
    </div>
  );
}
