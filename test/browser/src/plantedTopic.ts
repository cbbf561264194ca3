import { generateAppeal, seededRandom, type HistoryContext } from '@appeals/bench/scale';
import { appealStream } from '@appeals/contracts';
import type { EmbeddedSystem } from '@appeals/gateway';
import { randomUUID } from 'node:crypto';

// A topic counted by hand: appeals about one unusual matter, planted in one week in one language among the ones
// seed:scale's generator writes. Each is a whole generated appeal (filed, routed, its course decided by the real
// decider, its text sealed through the vault) whose subject line is one of the hand-written ones below. Every one
// of them holds the same three stems (hornet, nest, attic) and nothing else but function words, and no subject line
// the generator writes holds any of the three: their TF-IDF vectors are one and the same vector, orthogonal to every
// other appeal's: all of them must fall in one topic, and no other appeal is like it, so its count must be exactly
// the hand count.

/** The same matter written a few ways (inflection, word order, function words); each holds the three stems only. */
const PHRASINGS = [
  'Hornets nesting in the attic',
  'Hornet nest in the attic',
  'Hornets’ nest in our attic',
  'A nest of hornets in the attic',
  'Hornets have a nest in the attic',
  'Hornet nests in the attics',
  'There is a hornet nest in our attic',
  'Hornets are nesting in the attic',
] as const;

export interface PlantSpec {
  /** how many appeals (the hand count) */
  count: number;
  /** the language the generator must have drawn for each (the others it draws are not stored) */
  language: 'en';
  /** a day of the week (local, UTC+05:00): they are filed Monday to Friday of it, 09:00 to 16:00 */
  week: string;
  categoryId: string;
  regionKato: string;
}

/** The terms the planted topic must show (the form its subject lines write each stem in most often), sorted. */
export const PLANTED_TERMS = ['attic', 'hornets', 'nest'];

/** The planted subject lines: the phrasings in turn, `count` of them. */
export const plantedSubjects = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => PHRASINGS[i % PHRASINGS.length]!);

const HOUR = 3_600_000;

/**
 * Writes `spec.count` generated appeals of the spec's cell, language and week into the system's store (before it
 * starts, as writeHistory does), each with a planted subject line; serials from `firstSerial` (clear of the
 * history's). Answers their ids.
 */
export async function plantAppeals(
  system: EmbeddedSystem,
  spec: PlantSpec,
  firstSerial = 900_000,
): Promise<string[]> {
  const ctx: HistoryContext = {
    decider: system.commands.decider,
    catalog: system.catalog,
    vault: system.vault,
    random: seededRandom(20261116),
    newId: randomUUID,
    accounts: 4_000,
  };
  const subjects = plantedSubjects(spec.count);
  const monday = Date.parse(`${spec.week}T04:00:00Z`) - mondayOffsetDays(spec.week) * 24 * HOUR;
  const ids: string[] = [];
  let serial = firstSerial;
  for (const [i, subject] of subjects.entries()) {
    const filedAt = new Date(monday + (i % 5) * 24 * HOUR + (i % 8) * HOUR);
    for (;;) {
      const appeal = await generateAppeal(ctx, serial++, filedAt, spec);
      const submitted = appeal.events[0]!;
      if (submitted.type !== 'AppealSubmitted') throw new Error(`${submitted.type} opens a generated appeal`);
      const data = submitted.data as { language: string; subject: string };
      if (data.language !== spec.language || !appeal.registeredAt) continue;
      const events = [{ ...submitted, data: { ...data, subject } }, ...appeal.events.slice(1)];
      await system.store.append(appealStream(appeal.appealId), events, { expectedVersion: 'no_stream' });
      ids.push(appeal.appealId);
      break;
    }
  }
  return ids;
}

/** Days since the Monday of the week of `day` (YYYY-MM-DD). */
const mondayOffsetDays = (day: string): number => (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;

/** A topic as GET /analytics/topics answers it (what the checks read). */
interface TopicRow {
  language: string;
  terms: string[];
  count: number;
  previousCount: number;
  categories: Array<{ categoryId: string; count: number }>;
}

/** The topics of an answer that show any of the planted terms (the planted topic, and any other that took some). */
export const topicsWithPlantedTerms = <T extends TopicRow>(topics: readonly T[]): T[] =>
  topics.filter((t) => t.terms.some((term) => PLANTED_TERMS.includes(term)));
