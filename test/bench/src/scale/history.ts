import { actorOf, hashTrackingCode, sealSubmission } from '@appeals/appeal-application';
import {
  completeSubmission,
  type Appeal,
  type AppealCommand,
  type AppealDecider,
  type AppealEvent,
  type AppealState,
} from '@appeals/appeal-domain';
import { stampVersion, type Actor } from '@appeals/contracts';
import type { NewEvent } from '@appeals/eventstore';
import type { PersonalDataVault } from '@appeals/personal-data';
import type { Catalog } from '@appeals/reference-data';
import { appealWords } from './subjects';

/**
 * One appeal's realistic history for `pnpm seed:scale`: filed on a working day of the period, routed by the
 * catalog's rules, then one of the courses below, each step decided by the real decider (so every event is one the
 * system itself would write, with its deadlines from the profile's calendar) at a time a few hours or working days
 * after the step before. Personal data are sealed for real through the vault.
 */

/** How an appeal's story ends, with its share of the whole (issue 13: kinds, forwards, extensions, answers). */
export const COURSES = {
  answered: 0.62,
  answered_and_rated: 0.1,
  forwarded_then_answered: 0.08,
  extended_then_answered: 0.06,
  deemed_refused: 0.04,
  terminated: 0.04,
  withdrawn: 0.03,
  in_progress: 0.03,
} as const;
export type Course = keyof typeof COURSES;

/** Kinds of appeal by share (kz-appk): most are applications. */
const KINDS: ReadonlyArray<readonly [string, number]> = [
  ['application', 0.62],
  ['request', 0.1],
  ['proposal', 0.07],
  ['report', 0.06],
  ['information_request', 0.06],
  ['public_service_complaint', 0.04],
  ['feedback', 0.03],
  ['media_request', 0.02],
];

const LANGUAGES = ['ru', 'kk', 'kk', 'ru', 'en'] as const;

export interface HistoryContext {
  decider: AppealDecider;
  catalog: Catalog;
  vault: PersonalDataVault;
  /** a uniform number in [0, 1): seeded, so a run can be repeated */
  random: () => number;
  newId: () => string;
  /** applicant accounts to draw from: about one in `accounts` appeals comes from the same person again */
  accounts: number;
}

export interface GeneratedAppeal {
  appealId: string;
  categoryId: string;
  regionKato: string;
  /** when it was registered (absent if the decider refused the submission) */
  registeredAt?: string;
  course: Course;
  /** the course it could not finish (the decider refused a step): it stopped there */
  refusedAt?: string;
  events: NewEvent[];
}

const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;

function weighted<T>(random: () => number, entries: ReadonlyArray<readonly [T, number]>): T {
  let r = random() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, w] of entries) if ((r -= w) < 0) return value;
  return (entries[entries.length - 1] as readonly [T, number])[0];
}

const HOUR = 3_600_000;
/** `hours` later, moved off weekends to a Monday morning (Almaty: UTC+5). */
function later(t: Date, hours: number): Date {
  const next = new Date(t.getTime() + hours * HOUR);
  const day = new Date(next.getTime() + 5 * HOUR).getUTCDay();
  if (day === 6 || day === 0) next.setTime(next.getTime() + (day === 6 ? 2 : 1) * 24 * HOUR);
  return next;
}

const staff = (role: Actor['role'], agencyId: string, n: number): Actor =>
  actorOf({ sub: `${role}-${agencyId}-${n}`, role, agencyId });

/** What a course reads of the appeal: the body it is routed to, and the applicant's account and language. */
type CourseSubject = Pick<Appeal, 'applicantAccountId' | 'language' | 'deadline'> & { agencyId: string };

/** The commands after routing, for a course, at times after `t`; `state` is the appeal as routed. */
function courseCommands(ctx: HistoryContext, course: Course, state: CourseSubject, t: Date): AppealCommand[] {
  const { random } = ctx;
  const agencyId = state.agencyId;
  const head = staff('head', agencyId, 1);
  const executor = staff('executor', agencyId, 1 + Math.floor(random() * 20));
  const approver = staff('approver', agencyId, 1);
  const citizen = actorOf(
    state.applicantAccountId ? { sub: state.applicantAccountId, role: 'applicant' } : undefined,
  );
  let now = later(t, 2 + random() * 20);
  const step = (hours: number) => (now = later(now, hours));
  const draftId = ctx.newId();
  const answer = (): AppealCommand[] => [
    { type: 'AssignExecutors', now: step(3), actor: head, data: { executorIds: [executor.id] } },
    { type: 'RecordHearing', now: step(24), actor: executor, data: { held: false, reason: 'Not requested' } },
    {
      type: 'DraftAnswer',
      now: step(24 + random() * 120),
      actor: executor,
      data: {
        draftId,
        text: 'Ответ по существу обращения.',
        decisionKind: 'give_answer',
        answerCharacter: pick(random, ['explained', 'satisfied', 'refused'] as const),
        language: state.language,
      },
    },
    { type: 'ApproveAnswer', now: step(4), actor: approver, data: { draftId } },
    { type: 'SendAnswer', now: step(2), actor: head, data: { draftId } },
  ];
  switch (course) {
    case 'answered':
      return answer();
    case 'answered_and_rated':
      return [
        ...answer(),
        { type: 'RateAnswer', now: step(48), actor: citizen, data: { score: 1 + Math.floor(random() * 5) } },
      ];
    case 'forwarded_then_answered': {
      const others = ctx.catalog.data.agencies.filter(
        (a) => a.id !== agencyId && a.id !== ctx.catalog.root(),
      );
      const toAgencyId = pick(random, others).id;
      const receiving = { ...state, agencyId: toAgencyId };
      return [
        {
          type: 'ForwardAppeal',
          now: step(24),
          actor: head,
          data: { toAgencyId, scope: 'whole', reason: 'Вне компетенции' },
        },
        ...courseCommands(ctx, 'answered', receiving, now).map((c) => ({
          ...c,
          actor: { ...c.actor, agencyId: toAgencyId },
        })),
      ];
    }
    case 'extended_then_answered': {
      const due = new Date(`${state.deadline.dueOn}T12:00:00Z`);
      const newDueOn = later(due, 24 * 14)
        .toISOString()
        .slice(0, 10);
      return [
        { type: 'AssignExecutors', now: step(3), actor: head, data: { executorIds: [executor.id] } },
        {
          type: 'ExtendDeadline',
          now: step(72),
          actor: head,
          data: { newDueOn, reason: 'Требуется проверка на месте' },
        },
        ...answer().slice(1),
      ];
    }
    case 'deemed_refused':
      return [
        { type: 'AssignExecutors', now: step(3), actor: head, data: { executorIds: [executor.id] } },
        {
          type: 'MarkDeemedRefused',
          now: new Date(Date.parse(state.deadline.dueAt) + HOUR),
          actor: actorOf({ system: 'deadline-watch' }),
          data: {},
        },
      ];
    case 'terminated':
      return [
        { type: 'AssignExecutors', now: step(3), actor: head, data: { executorIds: [executor.id] } },
        {
          type: 'TerminateAppeal',
          now: step(48),
          actor: head,
          data: {
            ground: pick(random, [
              'substance_not_stated',
              'court_act_in_force',
              'other_legal_ground',
            ] as const),
            groundText: 'Основание указано в решении',
          },
        },
      ];
    case 'withdrawn':
      return [{ type: 'WithdrawAppeal', now: step(30), actor: citizen, data: { reason: 'Вопрос решён' } }];
    case 'in_progress':
      return [{ type: 'AssignExecutors', now: step(3), actor: head, data: { executorIds: [executor.id] } }];
  }
}

/** The event as the application layer writes it: its own id, the command's time, who wrote it in which chain. */
const envelope =
  (ctx: HistoryContext, appealId: string, command: Pick<AppealCommand, 'now' | 'actor'>, service: string) =>
  (e: AppealEvent): NewEvent => ({
    id: ctx.newId(),
    type: e.type,
    data: e.data,
    time: command.now.toISOString(),
    metadata: stampVersion(e.type, { actor: command.actor, service, correlationId: appealId }),
  });

const SERVICE_OF: Partial<Record<AppealCommand['type'], string>> = {
  SubmitAppeal: 'intake',
  RouteAppeal: 'routing',
  ForwardAppeal: 'routing',
  MarkDeemedRefused: 'audit',
  WithdrawAppeal: 'intake',
  RateAnswer: 'intake',
};

/**
 * One appeal filed at `filedAt` (the `serial`-th of the run), its whole course, as the events to append; its
 * category and region drawn at random unless given (a surge the run adds).
 */
export async function generateAppeal(
  ctx: HistoryContext,
  serial: number,
  filedAt: Date,
  cell: { categoryId?: string; regionKato?: string } = {},
): Promise<GeneratedAppeal> {
  const { random, decider, catalog } = ctx;
  const appealId = ctx.newId();
  const kind = weighted(random, KINDS);
  const categoryId = cell.categoryId ?? pick(random, catalog.data.categories).id;
  const regionKato = cell.regionKato ?? pick(random, catalog.data.regions).kato;
  const language = pick(random, LANGUAGES);
  const words = appealWords(random, categoryId, language, serial);
  const accountId = `citizen-${Math.floor(random() * ctx.accounts)}`;
  const submit = {
    type: 'SubmitAppeal' as const,
    now: filedAt,
    actor: actorOf({ sub: accountId, role: 'applicant' }),
    data: {
      appealId,
      profileId: 'kz-appk',
      numbering: { type: 'dated' as const, serial: `S${String(serial).padStart(8, '0')}` },
      trackingCodeHash: hashTrackingCode(`SCALE-${serial}`),
      kind,
      categoryId,
      regionKato,
      language,
      subject: words.subject,
      applicantAccountId: accountId,
      channel: 'portal' as const,
    },
  };
  const { events: filed, appeal } = completeSubmission(
    decider.acceptSubmission(submit),
    await sealSubmission(ctx.vault, {
      applicant: { type: 'individual', fullName: `Заявитель ${serial}` },
      text: words.text,
      accountId,
    }),
  );
  const events = filed.map(envelope(ctx, appealId, submit, 'intake'));
  const registered = filed.find((e) => e.type === 'AppealRegistered');
  const about = {
    appealId,
    categoryId,
    regionKato,
    ...(registered ? { registeredAt: (registered.data as { registeredAt: string }).registeredAt } : {}),
  };
  const agencyId = catalog.route({ categoryId, regionKato, kind })?.agencyId ?? catalog.root();
  const route: AppealCommand = {
    type: 'RouteAppeal',
    now: later(filedAt, 0.01),
    actor: actorOf({ system: 'routing-rules' }),
    data: { agencyId, by: 'rules' },
  };
  const course = weighted(random, Object.entries(COURSES) as Array<[Course, number]>);
  let state: AppealState = appeal;
  for (const command of [route, ...courseCommands(ctx, course, { ...appeal, agencyId }, route.now)]) {
    let decided: AppealEvent[];
    try {
      decided = decider.decide(command, state);
    } catch (error) {
      return { ...about, course, refusedAt: `${command.type}: ${(error as Error).message}`, events };
    }
    events.push(...decided.map(envelope(ctx, appealId, command, SERVICE_OF[command.type] ?? 'response')));
    state = decided.reduce(decider.evolve, state);
  }
  return { ...about, course, events };
}
