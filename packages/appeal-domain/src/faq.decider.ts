import type { FaqEvent } from '@appeals/contracts';
import { DomainError, type Decider } from '@appeals/decider';
import type { Actor, AppealStatus } from './types';

// The public FAQ entry (docs/faq.md): one question and its answer, written by the press from an answered appeal, on
// its own stream `faq-<entryId>`. Its frequency is how many appeals it answers (the appeals linked to it), so the
// FAQ's order is computed, never set by hand.

/** Stable codes of the rules a FAQ command can break. */
export const FaqErrorCodes = {
  NOT_FOUND: 'FAQ.NOT_FOUND',
  ALREADY_PUBLISHED: 'FAQ.ALREADY_PUBLISHED',
  WITHDRAWN: 'FAQ.WITHDRAWN',
  APPEAL_NOT_FOUND: 'FAQ.APPEAL_NOT_FOUND',
  APPEAL_NOT_ANSWERED: 'FAQ.APPEAL_NOT_ANSWERED',
  OTHER_CATEGORY: 'FAQ.OTHER_CATEGORY',
} as const;
export type FaqErrorCode = (typeof FaqErrorCodes)[keyof typeof FaqErrorCodes];

/** A broken FAQ rule. */
export class FaqError extends DomainError {
  constructor(code: FaqErrorCode, message: string, field?: string) {
    super(code, message, field);
  }
}

/**
 * An appeal a FAQ command names, as the application layer read it (the decider reads the entry's stream only): its
 * status and category, or `none` when there is no such appeal.
 */
export interface FaqAppealFact {
  appealId: string;
  status: AppealStatus | 'none';
  categoryId?: string | undefined;
}

/** Public words in some of the three languages. */
export type InLanguages = { kk?: string | undefined; ru?: string | undefined; en?: string | undefined };
export interface FaqWording {
  question: InLanguages;
  answer: InLanguages;
}

interface Meta {
  now: Date;
  actor: Actor;
}
type Cmd<T extends string, D> = { type: T; data: D } & Meta;

/** Publish a new entry: the answered appeal whose answer the press approves, more appeals it answers, the wording. */
export type PublishFaqEntry = Cmd<
  'PublishFaqEntry',
  FaqWording & { entryId: string; source: FaqAppealFact; more: FaqAppealFact[] }
>;
export type ReviseFaqEntry = Cmd<'ReviseFaqEntry', FaqWording>;
export type LinkFaqAppeals = Cmd<'LinkFaqAppeals', { appeals: FaqAppealFact[] }>;
export type WithdrawFaqEntry = Cmd<'WithdrawFaqEntry', { reason: string }>;
export type FaqCommand = PublishFaqEntry | ReviseFaqEntry | LinkFaqAppeals | WithdrawFaqEntry;

/** An entry as its events left it. */
export type FaqState =
  | { status: 'none' }
  | ({
      status: 'published' | 'withdrawn';
      entryId: string;
      categoryId: string;
      sourceAppealId: string;
      /** the appeals it answers, in the order they were linked */
      appealIds: string[];
    } & FaqWording);

const iso = (d: Date) => d.toISOString();
/** Only the languages given, so a repeat with the same words compares equal. */
const clean = (t: InLanguages): InLanguages =>
  Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) as InLanguages;
const sameWording = (a: FaqWording, b: FaqWording) =>
  JSON.stringify([clean(a.question), clean(a.answer)]) ===
  JSON.stringify([clean(b.question), clean(b.answer)]);

/** The appeals of `facts` in `categoryId`, each once; refuses one that is missing or of another category. */
function appealsOf(facts: readonly FaqAppealFact[], categoryId: string, field: string): string[] {
  for (const fact of facts) {
    if (fact.status === 'none')
      throw new FaqError(FaqErrorCodes.APPEAL_NOT_FOUND, `No appeal ${fact.appealId}`, field);
    if (fact.categoryId !== categoryId)
      throw new FaqError(
        FaqErrorCodes.OTHER_CATEGORY,
        `The appeal ${fact.appealId} is of the category ${fact.categoryId}, the entry of ${categoryId}`,
        field,
      );
  }
  return [...new Set(facts.map((f) => f.appealId))];
}

/** The entry, or a refusal when there is none or it was withdrawn. */
function publishedEntry(state: FaqState) {
  if (state.status === 'none') throw new FaqError(FaqErrorCodes.NOT_FOUND, 'No such FAQ entry');
  if (state.status === 'withdrawn')
    throw new FaqError(FaqErrorCodes.WITHDRAWN, 'The entry was withdrawn from the FAQ');
  return state;
}

function publish(command: PublishFaqEntry, state: FaqState): FaqEvent[] {
  const d = command.data;
  if (state.status !== 'none') {
    // a repeat of the same publication (a retried request) changes nothing
    if (state.sourceAppealId === d.source.appealId && sameWording(state, d)) return [];
    throw new FaqError(FaqErrorCodes.ALREADY_PUBLISHED, 'The entry is published already: revise it');
  }
  if (d.source.status === 'none')
    throw new FaqError(FaqErrorCodes.APPEAL_NOT_FOUND, `No appeal ${d.source.appealId}`, 'sourceAppealId');
  if (d.source.status !== 'answered')
    throw new FaqError(
      FaqErrorCodes.APPEAL_NOT_ANSWERED,
      `The appeal ${d.source.appealId} is ${d.source.status}: only an answer sent can be published`,
      'sourceAppealId',
    );
  const categoryId = d.source.categoryId!;
  const more = appealsOf(d.more, categoryId, 'appealIds');
  return [
    {
      type: 'FaqEntryPublished',
      data: {
        entryId: d.entryId,
        categoryId,
        sourceAppealId: d.source.appealId,
        question: clean(d.question),
        answer: clean(d.answer),
        appealIds: [...new Set([d.source.appealId, ...more])],
        publishedAt: iso(command.now),
      },
    },
  ];
}

const decisions: {
  [K in FaqCommand['type']]: (c: Extract<FaqCommand, { type: K }>, s: FaqState) => FaqEvent[];
} = {
  PublishFaqEntry: publish,
  ReviseFaqEntry: (command, state) => {
    const entry = publishedEntry(state);
    if (sameWording(entry, command.data)) return [];
    const { question, answer } = command.data;
    return [
      {
        type: 'FaqEntryRevised',
        data: {
          entryId: entry.entryId,
          question: clean(question),
          answer: clean(answer),
          revisedAt: iso(command.now),
        },
      },
    ];
  },
  LinkFaqAppeals: (command, state) => {
    const entry = publishedEntry(state);
    const linked = new Set(entry.appealIds);
    const fresh = appealsOf(command.data.appeals, entry.categoryId, 'appealIds').filter(
      (id) => !linked.has(id),
    );
    if (fresh.length === 0) return [];
    return [
      {
        type: 'FaqAppealsLinked',
        data: { entryId: entry.entryId, appealIds: fresh, linkedAt: iso(command.now) },
      },
    ];
  },
  WithdrawFaqEntry: (command, state) => {
    if (state.status === 'withdrawn') return [];
    const entry = publishedEntry(state);
    return [
      {
        type: 'FaqEntryWithdrawn',
        data: { entryId: entry.entryId, reason: command.data.reason, withdrawnAt: iso(command.now) },
      },
    ];
  },
};

/** Folds one FAQ event into the entry's state. */
export function evolveFaq(state: FaqState, event: FaqEvent): FaqState {
  switch (event.type) {
    case 'FaqEntryPublished': {
      const d = event.data;
      return {
        status: 'published',
        entryId: d.entryId,
        categoryId: d.categoryId,
        sourceAppealId: d.sourceAppealId,
        appealIds: d.appealIds,
        question: d.question,
        answer: d.answer,
      };
    }
    case 'FaqEntryRevised':
      return state.status === 'none'
        ? state
        : { ...state, question: event.data.question, answer: event.data.answer };
    case 'FaqAppealsLinked':
      return state.status === 'none'
        ? state
        : { ...state, appealIds: [...state.appealIds, ...event.data.appealIds] };
    case 'FaqEntryWithdrawn':
      return state.status === 'none' ? state : { ...state, status: 'withdrawn' };
  }
}

/** The FAQ entry decider: the press's commands on one entry, no I/O. */
export const faqDecider: Decider<FaqCommand, FaqEvent, FaqState> = {
  decide: (command, state) =>
    (decisions[command.type] as (c: FaqCommand, s: FaqState) => FaqEvent[])(command, state),
  evolve: evolveFaq,
  initialState: { status: 'none' },
  isTerminal: () => false,
};
