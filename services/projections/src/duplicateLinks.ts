import type { ReadStore } from '@appeals/readstore';
import type { ViewNames } from './generations';
import type { AppealDetail, DuplicateLink } from './views';

/** Who reads: staff and auditors see the case work (possible and merged duplicates) of appeals they may see. */
export interface DuplicateReader {
  caseWork: boolean;
  /** whether the reader may see another appeal (a link to one they may not is left out) */
  sees: (other: AppealDetail) => boolean;
}

/** The links a reader may follow, each with the linked appeal's subject and status as they are now. */
async function visibleLinks(
  views: ReadStore,
  names: ViewNames,
  links: readonly DuplicateLink[],
  sees: DuplicateReader['sees'],
) {
  const linked = await Promise.all(links.map((link) => views.get<AppealDetail>(names.detail, link.appealId)));
  return links.flatMap((link, i) => {
    const other = linked[i];
    return other && sees(other) ? [{ ...link, subject: other.subject, status: other.status }] : [];
  });
}

/**
 * What an appeal's detail shows of its duplicates (docs/duplicates.md): to staff, the possible duplicates intake found
 * and the duplicates merged into it, as links; to every reader of a merged appeal, the appeal it was merged into and
 * that appeal's answer as its own (one case, one answer: the applicant of a duplicate reads it through their appeal).
 */
export async function duplicateLinks(
  views: ReadStore,
  names: ViewNames,
  doc: AppealDetail,
  reader: DuplicateReader,
): Promise<Record<string, unknown>> {
  const into = doc.mergedInto ? await views.get<AppealDetail>(names.detail, doc.mergedInto.appealId) : null;
  return {
    ...(doc.mergedInto
      ? {
          mergedInto: { ...doc.mergedInto, status: into?.status ?? null },
          ...(into?.answer ? { answer: into.answer } : {}),
        }
      : {}),
    ...(reader.caseWork
      ? {
          possibleDuplicates: await visibleLinks(views, names, doc.possibleDuplicates ?? [], reader.sees),
          mergedDuplicates: await visibleLinks(views, names, doc.mergedDuplicates ?? [], reader.sees),
        }
      : {}),
  };
}
