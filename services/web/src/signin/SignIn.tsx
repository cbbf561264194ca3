import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { api, ApiProblem, useCatalog } from '../api/client';
import type { DemoUser } from '../api/types';
import { readsAll } from '@appeals/contracts/vocabulary';
import { isStaff, useSession } from '../auth/session';
import { ProblemAlert } from '../components/ProblemAlert';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { namesIn } from '../api/catalog';

function homeFor(role: string): string {
  if (role === 'applicant') return '/my';
  if (isStaff(role)) return '/console';
  if (readsAll(role)) return '/audit';
  return '/stats';
}

/**
 * "Sign in as": the demo users of embedded mode (GET /auth/dev-users), each signed in through the dev token
 * endpoint. Production has no such list: it expects an OIDC provider.
 */
export function SignIn() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('signin.title'));
  const names = namesIn(useCatalog().catalog, i18n.resolvedLanguage);
  const { signIn } = useSession();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from;
  const [users, setUsers] = useState<DemoUser[]>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [unavailable, setUnavailable] = useState(false);
  const [busy, setBusy] = useState<string>();

  useEffect(() => {
    api<{ users: DemoUser[] }>('/auth/dev-users').then(
      (r) => setUsers(r.users),
      (err: unknown) => {
        if (err instanceof ApiProblem && err.status === 404) setUnavailable(true);
        else if (err instanceof ApiProblem) setProblem(err);
      },
    );
  }, []);

  async function choose(u: DemoUser) {
    setBusy(u.sub);
    setProblem(undefined);
    try {
      await signIn(u);
      // Back where sign-in was asked for, unless that page is the applicant's and this user is not one.
      const applicantOnly = from !== undefined && /^\/(appeals\/new|my)\b/.test(from);
      await navigate(from && (!applicantOnly || u.role === 'applicant') ? from : homeFor(u.role));
    } catch (err) {
      if (err instanceof ApiProblem) setProblem(err);
      setBusy(undefined);
    }
  }

  return (
    <section aria-labelledby="signin-title">
      <h1 id="signin-title">{t('signin.title')}</h1>
      <p className="lead">{t('signin.intro')}</p>
      <p className="note">{t('signin.oidcNote')}</p>
      <ProblemAlert problem={problem} />
      {unavailable ? <p className="notice">{t('signin.unavailable')}</p> : null}
      {users ? (
        <ul className="user-list">
          {users.map((u) => (
            <li key={u.sub}>
              <button
                type="button"
                data-sub={u.sub}
                onClick={() => void choose(u)}
                disabled={busy !== undefined}
                aria-describedby={`u-${u.sub}`}
              >
                {t('signin.as', { name: u.name })}
              </button>
              <span id={`u-${u.sub}`} className="user-role">
                {t(`roles.${u.role}`, { defaultValue: u.role })}
                {u.agencyId ? ` · ${names.agency(u.agencyId)}` : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : !unavailable && !problem ? (
        <p role="status">{t('loading')}</p>
      ) : null}
    </section>
  );
}
