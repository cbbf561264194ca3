import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes } from 'react-router';
import { READ_ALL_ROLES } from '@appeals/contracts/vocabulary';
import { RequireRole } from '../auth/session';
import { AuditCasePage } from './AuditCasePage';
import { CompliancePage } from './CompliancePage';
import { SearchPage } from './SearchPage';
import '../console/console.css';

function AuditNav() {
  const { t } = useTranslation('audit');
  return (
    <nav className="subnav" aria-label={t('nav.label')}>
      <NavLink to="/audit" end>
        {t('nav.search')}
      </NavLink>
      <NavLink to="/audit/compliance">{t('nav.compliance')}</NavLink>
    </nav>
  );
}

/** Auditor's view. Mounted by App.tsx at /audit/*. */
export function AuditRoutes() {
  return (
    <RequireRole roles={READ_ALL_ROLES}>
      <AuditNav />
      <Routes>
        <Route index element={<SearchPage />} />
        <Route path="appeals/:id" element={<AuditCasePage />} />
        <Route path="compliance" element={<CompliancePage />} />
      </Routes>
    </RequireRole>
  );
}
