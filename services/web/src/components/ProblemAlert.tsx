import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ApiProblem } from '../api/client';

/** The API's problem as an alert: its title and detail, and how many fields need attention. */
export function ProblemAlert({ problem, focus = false }: { problem?: ApiProblem | undefined; focus?: boolean }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problem && focus) ref.current?.focus();
  }, [problem, focus]);
  if (!problem) return null;
  const title =
    problem.status === 0 ? t('problem.network') : problem.status === 401 ? t('problem.unauthorized') : problem.title;
  return (
    <div className="alert" role="alert" tabIndex={-1} ref={ref}>
      <p className="alert-title">{title}</p>
      {problem.detail ? <p>{problem.detail}</p> : null}
      {problem.status === 401 ? (
        <p>
          <Link to="/sign-in">{t('auth.signInLink')}</Link>
        </p>
      ) : null}
      {problem.errors.length > 0 ? <p>{t('problem.fields', { count: problem.errors.length })}</p> : null}
    </div>
  );
}
