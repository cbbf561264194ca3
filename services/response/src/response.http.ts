import { appealActionsRouter, type ActionRouterDeps, type ActionSpec } from '@appeals/appeal-application';
import type { AppealAction, EventData } from '@appeals/contracts';
import { randomUUID } from 'node:crypto';

type Body = Record<string, never>;
const as = <T>(b: Body | unknown) => b as T;

/** Agency work on an appeal and the applicant's own actions after the answer. */
export function responseRouter(deps: ActionRouterDeps) {
  const { catalog, commands } = deps;
  const specs: ActionSpec<AppealAction>[] = [
    {
      action: 'assign',
      summary: 'Assign the executor(s) and the lead executor',
      toCommand: ({ body, now, actor }) => ({ type: 'AssignExecutors', now, actor, data: as(body) }),
    },
    {
      action: 'extend',
      summary: 'Extend the deadline by reasoned decision (≤ the profile maximum); the applicant is notified',
      toCommand: ({ body, now, actor }) => ({ type: 'ExtendDeadline', now, actor, data: as(body) }),
    },
    {
      action: 'hearing',
      summary: 'Record that the applicant was heard, or why not',
      toCommand: ({ body, now, actor }) => ({ type: 'RecordHearing', now, actor, data: as(body) }),
    },
    {
      action: 'draft-answer',
      summary: 'Draft the answer (decision kind, character, language)',
      toCommand: ({ body, now, actor }) => ({
        type: 'DraftAnswer',
        now,
        actor,
        data: { ...as<object>(body), draftId: randomUUID() } as never,
      }),
    },
    {
      action: 'approve-answer',
      summary: 'Approve a draft answer',
      toCommand: ({ body, now, actor }) => ({ type: 'ApproveAnswer', now, actor, data: as(body) }),
    },
    {
      action: 'send-answer',
      summary: 'Send the approved answer to the applicant',
      toCommand: ({ body, now, actor }) => ({ type: 'SendAnswer', now, actor, data: as(body) }),
    },
    {
      action: 'terminate',
      summary: 'Terminate the procedure on a legal ground',
      toCommand: ({ body, now, actor }) => ({ type: 'TerminateAppeal', now, actor, data: as(body) }),
    },
    {
      action: 'withdraw',
      summary: 'Withdraw the appeal (applicant)',
      toCommand: ({ body, now, actor }) => ({ type: 'WithdrawAppeal', now, actor, data: as(body) }),
    },
    {
      action: 'rate',
      summary: 'Rate the answer 1–5 (applicant)',
      toCommand: ({ body, now, actor }) => ({ type: 'RateAnswer', now, actor, data: as(body) }),
    },
    {
      action: 'reopen',
      summary: 'Send an unsatisfying answer back for review (applicant, after rating it 1–2)',
      toCommand: ({ body, now, actor }) => ({ type: 'ReopenAppeal', now, actor, data: as(body) }),
    },
    {
      action: 'complain',
      summary: 'Complain to the higher body within 3 months; creates a new linked appeal',
      toCommand: async ({ appealId, body, now, actor, state }) => {
        const b = as<{ reason: string; language?: 'kk' | 'ru' | 'en' }>(body);
        const complaintAppealId = randomUUID();
        const against = state.agencyId ?? state.addressedAgencyId ?? catalog.root(); // never routed: the top body answers for it
        const higherAgencyId = catalog.higherAgency(against);
        const command = {
          type: 'FileComplaint' as const,
          now,
          actor,
          data: { complaintAppealId, higherAgencyId, reason: b.reason },
        };
        commands.decider.decide(command, state); // refuse (window closed, nothing to complain about) before creating it
        const { events } = await commands.load(appealId);
        const original = events.find((e) => e.type === 'AppealSubmitted')
          ?.data as EventData<'AppealSubmitted'>;
        const registered = events.find((e) => e.type === 'AppealRegistered')
          ?.data as EventData<'AppealRegistered'>;
        await commands.execute(
          complaintAppealId,
          {
            type: 'SubmitAppeal',
            now,
            actor,
            data: {
              appealId: complaintAppealId,
              profileId: original.profileId,
              registrationNumber: `${registered.registrationNumber}-C${state.complaints.length + 1}`,
              trackingCodeHash: original.trackingCodeHash,
              kind: 'complaint',
              categoryId: original.categoryId,
              regionKato: original.regionKato,
              language: b.language ?? original.language,
              subject: `Complaint: ${original.subject}`.slice(0, 300),
              text: b.reason,
              applicant: original.applicant,
              applicantAccountId: original.applicantAccountId,
              addressedAgencyId: higherAgencyId,
              isAboutCrimeOrThreat: false,
              channel: 'portal',
              origin: { type: 'complaint', complainedAppealId: appealId, againstAgencyId: against },
            },
          },
          { service: 'response', causationId: appealId },
        );
        return command;
      },
    },
  ];
  return appealActionsRouter({ ...deps, service: 'response' }, specs);
}
