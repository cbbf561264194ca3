import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes } from 'react-router';
import { RequireRole, useSession } from '../auth/session';
import { CasePage } from './CasePage';
import { formatDate } from './format';
import { InboxPage } from './InboxPage';
import { CONSOLE_ROLES } from './permissions';
import { RegisterPage } from './RegisterPage';
import { useCalendarWarning } from './useRules';
import './console.css';

function ConsoleNav() {
  const { t } = useTranslation('console');
  const { user } = useSession();
  return (
    <nav className="subnav" aria-label={t('nav.label')}>
      <NavLink to="/console" end>
        {t('nav.inbox')}
      </NavLink>
      {user?.role === 'registrar' && <NavLink to="/console/register">{t('nav.register')}</NavLink>}
    </nav>
  );
}

/** Tells staff that the working-day calendars run out soon: deadlines past them are provisional (ADR 0018). */
function CalendarWarningNotice() {
  const { t, i18n } = useTranslation('console');
  const warning = useCalendarWarning();
  if (!warning) return null;
  return (
    <p className="notice warning" role="status" data-testid="calendar-warning">
      {t('calendarWarning', {
        year: warning.missingYear,
        from: formatDate(warning.provisionalFrom, i18n.language),
      })}
    </p>
  );
}

/** Agency console ({@link CONSOLE_ROLES}: agency staff, and admins who may route). Mounted by App.tsx at /console/*. */
export function ConsoleRoutes() {
  return (
    <RequireRole roles={CONSOLE_ROLES}>
      <ConsoleNav />
      <CalendarWarningNotice />
      <Routes>
        <Route index element={<InboxPage />} />
        <Route
          path="register"
          element={
            <RequireRole roles={['registrar']}>
              <RegisterPage />
            </RequireRole>
          }
        />
        <Route path="appeals/:id" element={<CasePage />} />
      </Routes>
    </RequireRole>
  );
}
