import type { AppealEvent, AppealState } from '@appeals/appeal-domain';
import { applicantStream, type EventData, type Sealed } from '@appeals/contracts';
import type { Decider } from '@appeals/decider';
import { appealStream, type EventStore, type StoredEvent } from '@appeals/eventstore';
import { TamperedCiphertextError, type PersonalDataVault, type Purpose } from '@appeals/personal-data';
import { toDomainEvent } from './appealCommands';
import { ERASED } from './personalData';

// An appeal's history as the audit trail shows it (the audit service's history route, `appeals history`): its
// events as stored with who, when, which service and in which causal chain, and the erasures of its applicant's
// personal data, recorded in the data subject's own stream (ADR 0006).

/** One stored event of an appeal's history: the event as stored, with its audit fields. */
export interface HistoryEntry {
  id: string;
  type: string;
  position: number;
  globalPosition: number;
  time: string;
  actor: unknown;
  service: string | null;
  correlationId: string | null;
  causationId: string | null;
  data: unknown;
}

/** The audit fields of a stored event, its data as stored (sealed parts stay sealed). */
export const historyEntry = (e: StoredEvent): HistoryEntry => ({
  id: e.id,
  type: e.type,
  position: e.streamPosition,
  globalPosition: e.globalPosition,
  time: e.time,
  actor: e.metadata.actor ?? null,
  service: e.metadata.service ?? null,
  correlationId: e.metadata.correlationId ?? null,
  causationId: e.metadata.causationId ?? null,
  data: e.data,
});

/** An erasure of the appeal's data subject: who erased, when. */
export const erasureEntry = (e: StoredEvent) => ({
  id: e.id,
  type: e.type,
  globalPosition: e.globalPosition,
  time: e.time,
  actor: e.metadata.actor ?? null,
  data: e.data,
});

/** An appeal's stored events and its data subject's erasures; undefined when the appeal has no events. */
export async function readAppealHistory(store: EventStore, appealId: string) {
  const events = await store.readStream(appealStream(appealId));
  if (events.length === 0) return undefined;
  const submitted = events.find((e) => e.type === 'AppealSubmitted')?.data as
    | EventData<'AppealSubmitted'>
    | undefined;
  const subjectId = submitted?.text.subjectId;
  const erasures = subjectId ? await store.readStream(applicantStream(subjectId)) : [];
  return { events, subjectId, erasures };
}

/** One step of a replay: the event as stored, the event in its current shape (upcast), and the state after it. */
export interface ReplayStep {
  event: StoredEvent;
  decoded: AppealEvent;
  state: AppealState;
}

/** Replays an appeal's events one at a time through the decider's `evolve`, keeping the state after each. */
export function replayAppeal(
  decider: Pick<Decider<unknown, AppealEvent, AppealState>, 'evolve' | 'initialState'>,
  events: readonly StoredEvent[],
): ReplayStep[] {
  let state = decider.initialState;
  return events.map((event) => {
    const decoded = toDomainEvent(event);
    state = decider.evolve(state, decoded);
    return { event, decoded, state };
  });
}

/** A sealed value as events and states carry it (what `Sealed` in `@appeals/contracts` describes). */
const isSealed = (value: unknown): value is Sealed =>
  typeof value === 'object' && value !== null && (value as { alg?: unknown }).alg === 'A256GCM';

/**
 * The purposes a sealed value under `key` may have been sealed for, likeliest first: the purpose is bound into the
 * ciphertext, so only the right one opens it (a complaint's `reason` is sealed as the complaint appeal's text).
 */
const PURPOSES: Record<string, Purpose[]> = {
  personal: ['applicant'],
  applicant: ['applicant'],
  text: ['text'],
  location: ['location'],
  reason: ['remark', 'text'],
  remarks: ['remark'],
  comment: ['remark'],
};
const ALL: Purpose[] = ['applicant', 'text', 'remark', 'location'];

/** What an opened value reads as when its ciphertext fails every purpose's check (altered where it is stored). */
export const UNREADABLE = 'unreadable' as const;

/** Opens one sealed value: its clear value, {@link ERASED} after erasure, {@link UNREADABLE} when it fails its check. */
async function openOne(vault: PersonalDataVault, sealed: Sealed, key: string | undefined): Promise<unknown> {
  const first = (key && PURPOSES[key]) || [];
  for (const purpose of [...first, ...ALL.filter((p) => !first.includes(p))]) {
    try {
      const opened = await vault.open<unknown>(sealed, purpose);
      if (opened.status === 'erased') return ERASED;
      const value = opened.value;
      if (purpose !== 'applicant' || typeof value !== 'object' || value === null) return value;
      const { trackingCode: _code, ...rest } = value as Record<string, unknown>; // the applicant's alone
      return rest;
    } catch (error) {
      if (!(error instanceof TamperedCiphertextError)) return UNREADABLE; // no key for the subject, a bad master key
    }
  }
  return UNREADABLE;
}

/**
 * A copy of `value` (event data, a state) with every sealed block in it opened with the vault, for a reader allowed
 * to see the appeal's personal data (auditors and admins see it on the read routes): the clear value, or
 * {@link ERASED} once the subject was erased, or {@link UNREADABLE} when the ciphertext was altered.
 */
export async function openSealedParts(
  vault: PersonalDataVault,
  value: unknown,
  key?: string,
): Promise<unknown> {
  if (isSealed(value)) return openOne(vault, value, key);
  if (Array.isArray(value)) return Promise.all(value.map((item) => openSealedParts(vault, item, key)));
  if (typeof value !== 'object' || value === null) return value;
  const entries = await Promise.all(
    Object.entries(value).map(async ([k, v]) => [k, await openSealedParts(vault, v, k)] as const),
  );
  return Object.fromEntries(entries);
}
