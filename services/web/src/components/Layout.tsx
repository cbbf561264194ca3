import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useLocation } from 'react-router';
import { FAQ_ROLES, readsAll } from '@appeals/contracts/vocabulary';
import { useSession } from '../auth/session';
import { CONSOLE_ROLES } from '../console/permissions';
import { LanguageSwitch } from './LanguageSwitch';

function navFor(role: string | undefined): { to: string; key: string }[] {
  const items = [{ to: '/', key: 'nav.home' }];
  if (role === 'applicant')
    items.push({ to: '/appeals/new', key: 'nav.newAppeal' }, { to: '/my', key: 'nav.myAppeals' });
  if (role && CONSOLE_ROLES.includes(role)) items.push({ to: '/console', key: 'nav.console' });
  if (role && readsAll(role)) items.push({ to: '/audit', key: 'nav.audit' });
  if (role === 'press' || role === 'head' || role === 'admin')
    items.push({ to: '/analytics', key: 'nav.analytics' });
  if (role && (FAQ_ROLES as readonly string[]).includes(role))
    items.push({ to: '/press/faq', key: 'nav.faqDesk' });
  items.push(
    { to: '/lookup', key: 'nav.lookup' },
    { to: '/stats', key: 'nav.stats' },
    { to: '/faq', key: 'nav.faq' },
  );
  return items;
}

/** Skip link, header with the navigation for the signed-in role, the language switch, and the main landmark. */
export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { user, signOut } = useSession();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After a route change, move focus to the page so screen readers and keyboard users start at the content.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location.pathname]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('layout.skip')}
      </a>
      <header className="site-header">
        <div className="brand">
          <NavLink to="/">{t('app.name')}</NavLink>
        </div>
        <nav aria-label={t('layout.nav')}>
          <ul>
            {navFor(user?.role).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === '/'}>
                  {t(item.key)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="header-tools">
          <LanguageSwitch />
          {user ? (
            <div className="user">
              <span>
                {user.name} · {t(`roles.${user.role}`)}
              </span>
              <button type="button" onClick={signOut}>
                {t('auth.signOut')}
              </button>
            </div>
          ) : (
            <NavLink to="/sign-in" className="button-link">
              {t('auth.signIn')}
            </NavLink>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1} ref={main}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t('layout.footer')}</p>
      </footer>
    </>
  );
}
