import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { StatusTag } from './parts';
import type { AppealDetail, DuplicateLink } from './types';

/** One linked appeal: its number (a link to its case page), subject and status; why and how similar, if found. */
function LinkedAppeal({ link }: { link: DuplicateLink }) {
  const { t } = useTranslation('console');
  return (
    <li>
      <Link to={`/console/appeals/${link.appealId}`}>{link.registrationNumber}</Link> · {link.subject}{' '}
      <StatusTag status={link.status} />
      {link.reasons && ` · ${link.reasons.map((r) => t(`dup.${r}`)).join(', ')}`}
      {link.score !== undefined && ` · ${t('dup.similarity', { pct: Math.round(link.score * 100) })}`}
    </li>
  );
}

/**
 * The appeal's duplicates in the console (docs/duplicates.md): the earlier appeals intake took for possible
 * duplicates, the duplicates merged into it, and the appeal it was merged into; each a link to its case page.
 */
export function DuplicatesSection({ appeal }: { appeal: AppealDetail }) {
  const { t } = useTranslation('console');
  const found = appeal.possibleDuplicates ?? [];
  const merged = appeal.mergedDuplicates ?? [];
  return (
    <section aria-labelledby="duplicates-h" data-testid="duplicates">
      <h2 id="duplicates-h">{t('dup.title')}</h2>
      {appeal.mergedInto && (
        <p>
          <Link to={`/console/appeals/${appeal.mergedInto.appealId}`}>
            {t('dup.mergedInto', { number: appeal.mergedInto.registrationNumber })}
          </Link>
        </p>
      )}
      {found.length ? (
        <ul>
          {found.map((link) => (
            <LinkedAppeal key={link.appealId} link={link} />
          ))}
        </ul>
      ) : (
        <p>{t('dup.none')}</p>
      )}
      {merged.length > 0 && (
        <>
          <h3>{t('dup.merged')}</h3>
          <ul>
            {merged.map((link) => (
              <LinkedAppeal key={link.appealId} link={link} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
