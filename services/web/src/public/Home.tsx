import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../auth/session';
import { useDocumentTitle } from '../components/useDocumentTitle';

/** What the service is, and the four ways in. */
export function Home() {
  const { t } = useTranslation('public');
  const { user } = useSession();
  useDocumentTitle(undefined);
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">{t('home.title')}</h1>
      <p className="lead">{t('home.lead')}</p>
      <ul className="cards">
        <li>
          <h2>{t('home.file.title')}</h2>
          <p>{t('home.file.text')}</p>
          <Link to={user?.role === 'applicant' ? '/appeals/new' : '/sign-in'} state={{ from: '/appeals/new' }}>
            {t('home.file.link')}
          </Link>
        </li>
        <li>
          <h2>{t('home.lookup.title')}</h2>
          <p>{t('home.lookup.text')}</p>
          <Link to="/lookup">{t('home.lookup.link')}</Link>
        </li>
        <li>
          <h2>{t('home.stats.title')}</h2>
          <p>{t('home.stats.text')}</p>
          <Link to="/stats">{t('home.stats.link')}</Link>
        </li>
        <li>
          <h2>{t('home.staff.title')}</h2>
          <p>{t('home.staff.text')}</p>
          <Link to="/sign-in">{t('home.staff.link')}</Link>
        </li>
      </ul>
    </section>
  );
}
