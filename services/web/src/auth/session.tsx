import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { isStaffRole } from '@appeals/contracts/vocabulary';
import { api } from '../api/client';
import type { DemoUser } from '../api/types';

export interface SessionUser {
  sub: string;
  role: string;
  agencyId?: string;
  name: string;
  token: string;
}

interface SessionValue {
  user?: SessionUser;
  signIn(u: DemoUser): Promise<void>;
  signOut(): void;
}

const KEY = 'appeals.session';
/** Agency staff (registrar, executor, approver, head): they work in the console for one agency. */
export const isStaff = (role?: string) => role !== undefined && isStaffRole(role);

/** Seconds since the epoch at which a JWT expires, if it says. */
export function tokenExpiry(token: string): number | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}

function restore(): SessionUser | undefined {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return undefined;
    const user = JSON.parse(raw) as SessionUser;
    const exp = tokenExpiry(user.token);
    if (exp !== undefined && exp * 1000 <= Date.now()) {
      localStorage.removeItem(KEY);
      return undefined;
    }
    return user;
  } catch {
    return undefined;
  }
}

const SessionContext = createContext<SessionValue | undefined>(undefined);

/** Who is signed in (a dev token in embedded mode; an OIDC token in production), kept in localStorage. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | undefined>(restore);
  const signIn = useCallback(async (u: DemoUser) => {
    const { token } = await api<{ token: string }>('/auth/dev-token', {
      body: { role: u.role, sub: u.sub, name: u.name, ...(u.agencyId ? { agencyId: u.agencyId } : {}) },
    });
    const next: SessionUser = { sub: u.sub, role: u.role, name: u.name, token, ...(u.agencyId ? { agencyId: u.agencyId } : {}) };
    localStorage.setItem(KEY, JSON.stringify(next));
    setUser(next);
  }, []);
  const signOut = useCallback(() => {
    localStorage.removeItem(KEY);
    setUser(undefined);
  }, []);
  const value = useMemo(() => ({ ...(user ? { user } : {}), signIn, signOut }), [user, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** Shows its children to a signed-in user with one of the roles; otherwise says why and links to sign-in. */
export function RequireRole({ roles, children }: { roles: readonly string[]; children: ReactNode }) {
  const { user } = useSession();
  const { t } = useTranslation();
  const location = useLocation();
  if (user && roles.includes(user.role)) return <>{children}</>;
  return (
    <section className="notice" aria-labelledby="need-signin">
      <h1 id="need-signin">{user ? t('auth.wrongRole') : t('auth.signInFirst')}</h1>
      <p>{t('auth.needRole', { roles: roles.map((r) => t(`roles.${r}`)).join(', ') })}</p>
      <p>
        <Link to="/sign-in" state={{ from: location.pathname + location.search }}>
          {t('auth.signInLink')}
        </Link>
      </p>
    </section>
  );
}
