import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes } from 'react-router';
import { FAQ_ROLES } from '@appeals/contracts/vocabulary';
import { RequireRole } from './auth/session';
import { CasePage } from './citizen/CasePage';
import { Lookup } from './citizen/Lookup';
import { MyAppeals } from './citizen/MyAppeals';
import { NewAppeal } from './citizen/NewAppeal';
import { Submitted } from './citizen/Submitted';
import { Layout } from './components/Layout';
import { Faq } from './public/Faq';
import { Home } from './public/Home';
import { Stats } from './public/Stats';
import { SignIn } from './signin/SignIn';

// Staff screens are loaded only by those who open them, so citizens download less.
const ConsoleRoutes = lazy(() => import('./console/index').then((m) => ({ default: m.ConsoleRoutes })));
const AuditRoutes = lazy(() => import('./audit/index').then((m) => ({ default: m.AuditRoutes })));
// The analytics page brings a chart library: loaded only by the press and heads who open it.
const AnalyticsRoutes = lazy(() => import('./press/index').then((m) => ({ default: m.AnalyticsRoutes })));
const FaqDesk = lazy(() => import('./press/FaqDesk').then((m) => ({ default: m.FaqDesk })));

function NotFound() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('notFound.title')}</h1>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </section>
  );
}

function Loading() {
  const { t } = useTranslation();
  return <p role="status">{t('loading')}</p>;
}

export function App() {
  return (
    <Layout>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route index element={<Home />} />
          <Route path="sign-in" element={<SignIn />} />
          <Route
            path="appeals/new"
            element={
              <RequireRole roles={['applicant']}>
                <NewAppeal />
              </RequireRole>
            }
          />
          <Route path="appeals/:id/submitted" element={<Submitted />} />
          <Route path="appeals/:id" element={<CasePage />} />
          <Route
            path="my"
            element={
              <RequireRole roles={['applicant']}>
                <MyAppeals />
              </RequireRole>
            }
          />
          <Route path="lookup" element={<Lookup />} />
          <Route path="stats" element={<Stats />} />
          <Route path="faq" element={<Faq />} />
          <Route
            path="press/faq"
            element={
              <RequireRole roles={FAQ_ROLES}>
                <FaqDesk />
              </RequireRole>
            }
          />
          <Route path="console/*" element={<ConsoleRoutes />} />
          <Route path="audit/*" element={<AuditRoutes />} />
          <Route path="analytics/*" element={<AnalyticsRoutes />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    </Layout>
  );
}
