import { Route, Routes } from 'react-router';
import { RequireRole } from '../auth/session';
import { AnalyticsPage } from './AnalyticsPage';

/** The roles the analytics page serves (the API's policy rows: press, heads, admins). */
export const ANALYTICS_ROLES = ['press', 'head', 'admin'] as const;

/** What society is asking about, for the press and agency heads. Mounted by App.tsx at /analytics/*. */
export function AnalyticsRoutes() {
  return (
    <RequireRole roles={ANALYTICS_ROLES}>
      <Routes>
        <Route index element={<AnalyticsPage />} />
      </Routes>
    </RequireRole>
  );
}
