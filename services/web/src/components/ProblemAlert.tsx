import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ApiProblem } from '../api/client';

const TITLE_KEYS: Record<number, string> = {
  0: 'network',
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'notFound',
  409: 'conflict',
  413: 'badRequest',
  415: 'badRequest',
  422: 'badRequest',
  429: 'tooMany',
};

/** The API's problem as an alert: its title and detail, and how many fields need attention. */
export function ProblemAlert({ problem, focus = false }: { problem?: ApiProblem | undefined; focus?: boolean }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problem && focus) ref.current?.focus();
  }, [problem, focus]);
  if (!problem) return null;
  // The title in the reader's language by status; the API's detail (in English) follows it.
  const title = t(`problem.${TITLE_KEYS[problem.status] ?? (problem.status >= 500 ? 'server' : 'badRequest')}`);
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
