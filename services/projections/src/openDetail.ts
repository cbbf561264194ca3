import { ERASED, openSubmission } from '@appeals/appeal-application';
import type { Sealed } from '@appeals/contracts';
import { TamperedCiphertextError, type PersonalDataVault } from '@appeals/personal-data';
import type { ReadStore } from '@appeals/readstore';
import type { ViewNames } from './generations';
import type { AppealDetail, PersonalView, TimelineEntry } from './views';

// The read views hold an appeal's personal data as its events carry it, sealed (ADR "sealed read views"); a reader
// allowed to see the appeal gets it opened here, with the vault, at read time. After an erasure the key is gone and
// each part reads as `erased`: nothing in the views has to be scrubbed.

/** A sealed value as the views keep it (what `Sealed` in `@appeals/contracts` describes). */
const isSealed = (value: unknown): value is Sealed =>
  typeof value === 'object' && value !== null && (value as { alg?: unknown }).alg === 'A256GCM';

/** The parts of a detail that hold the applicant's remarks: its rating comment and its timeline's summaries. */
type Remarked = Pick<AppealDetail, 'rating' | 'timeline'>;

/**
 * The sealed remarks of a detail in a fixed order, and a function that puts their opened words back in their places
 * (the remarks of events written before remarks were sealed are clear text already, and stay as they are).
 */
function remarksOf(doc: Remarked) {
  const sealed: Sealed[] = [];
  const take = (value: unknown) => (isSealed(value) ? sealed.push(value) - 1 : -1);
  const ratingAt = take(doc.rating?.comment);
  const summaryAt = doc.timeline.map((entry) =>
    Object.entries(entry.summary).map(([key, value]) => [key, take(value)] as const),
  );
  const putBack = (words: readonly string[]): Remarked => ({
    ...(doc.rating
      ? { rating: ratingAt < 0 ? doc.rating : { ...doc.rating, comment: words[ratingAt]! } }
      : {}),
    timeline: doc.timeline.map((entry, i): TimelineEntry => {
      const opened = summaryAt[i]!.filter(([, at]) => at >= 0);
      if (opened.length === 0) return entry;
      const summary = { ...entry.summary };
      for (const [key, at] of opened) summary[key] = words[at];
      return { ...entry, summary };
    }),
  });
  return { sealed, putBack };
}

/** What a reader gets of an appeal's sealed parts: its personal data and text, and its remarks in place. */
export interface OpenedDetail extends Remarked {
  /** `unreadable`: a sealed part failed its integrity check (altered in the database); the rest of the appeal reads */
  personalData: 'present' | 'erased' | 'pending' | 'unreadable';
  applicant: { type: string } & Record<string, unknown>;
  text: string | null;
  /** where the matter is (a point, an address), opened; absent when the appeal has none */
  location?: Record<string, unknown> | 'erased' | 'unreadable';
}

/**
 * What a reader gets when a sealed part of the detail fails its integrity check (its ciphertext was altered where
 * it is stored): the appeal itself, its personal data, text and remarks marked `unreadable` — never an error page;
 * `pnpm verify-log` and the audit route name the altered event.
 */
function unreadable(doc: AppealDetail, remarks: ReturnType<typeof remarksOf>): OpenedDetail {
  return {
    personalData: 'unreadable',
    applicant: { type: doc.applicant.type, personalData: 'unreadable' },
    text: null,
    ...(doc.sealed?.location ? { location: 'unreadable' as const } : {}),
    ...remarks.putBack(remarks.sealed.map(() => 'unreadable')),
  };
}

/**
 * Opens the sealed parts of a detail for a reader allowed to see it: one look-up of the subject's data key for the
 * applicant block, the text and every remark. A detail written before the views held sealed blocks has no `sealed`
 * part: its personal data comes from the personal view the projector opened then (`pending` until it is there),
 * until a rebuild writes the views afresh.
 */
export async function openDetail(
  deps: { views: ReadStore; vault: PersonalDataVault },
  names: ViewNames,
  doc: AppealDetail,
): Promise<OpenedDetail> {
  const remarks = remarksOf(doc);
  if (doc.sealed) {
    const opened = await openSubmission(deps.vault, { ...doc.sealed, remarks: remarks.sealed }).catch(
      (error: unknown) => {
        if (!(error instanceof TamperedCiphertextError)) throw error;
        return undefined;
      },
    );
    if (!opened) return unreadable(doc, remarks);
    return {
      personalData: opened.personalData,
      applicant: opened.applicant,
      text: opened.text,
      ...(opened.location === undefined ? {} : { location: opened.location }),
      ...remarks.putBack(opened.remarks),
    };
  }
  const [personal, words] = await Promise.all([
    deps.views.get<PersonalView>(names.personal, doc.appealId),
    deps.vault.openEach(remarks.sealed.map((remark) => [remark, 'remark'] as const)),
  ]);
  return {
    personalData: personal?.personalData ?? 'pending',
    applicant: personal?.applicant ?? doc.applicant,
    text: personal?.text ?? null,
    ...remarks.putBack(words.map((w) => (w.status === 'present' ? (w.value as string) : ERASED))),
  };
}
