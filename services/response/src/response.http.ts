import { readLinkedAppeal, sealRemark } from '@appeals/appeal-application';
import { complainedAlready } from '@appeals/appeal-domain';
import {
  appealActionsRouter,
  defineAction,
  type ActionContext,
  type ActionRouterDeps,
} from '@appeals/appeal-http';
import type { Remark } from '@appeals/contracts';
import { randomUUID } from 'node:crypto';
import { responsePolicy } from './response.policy';

/** The actions that are one command each, built from the body as it is (the complaint comes after them). */
const commandActions = [
  defineAction({
    action: 'assign',
    summary: 'Assign the executor(s) and the lead executor',
    toCommand: ({ body, now, actor }) => ({ type: 'AssignExecutors', now, actor, data: body }),
  }),
  defineAction({
    action: 'extend',
    summary: 'Extend the deadline by reasoned decision (≤ the profile maximum); the applicant is notified',
    toCommand: ({ body, now, actor }) => ({ type: 'ExtendDeadline', now, actor, data: body }),
  }),
  defineAction({
    action: 'hearing',
    summary: 'Record that the applicant was heard, or why not',
    toCommand: ({ body, now, actor }) => ({ type: 'RecordHearing', now, actor, data: body }),
  }),
  defineAction({
    action: 'draft-answer',
    summary: 'Draft the answer (decision kind, character, language)',
    toCommand: ({ body, now, actor }) => ({
      type: 'DraftAnswer',
      now,
      actor,
      data: { ...body, draftId: randomUUID() },
    }),
  }),
  defineAction({
    action: 'approve-answer',
    summary: 'Approve a draft answer',
    toCommand: ({ body, now, actor }) => ({ type: 'ApproveAnswer', now, actor, data: body }),
  }),
  defineAction({
    action: 'send-answer',
    summary: 'Send the approved answer to the applicant',
    toCommand: ({ body, now, actor }) => ({ type: 'SendAnswer', now, actor, data: body }),
  }),
  defineAction({
    action: 'restore-complaint-term',
    summary:
      'Restore the missed term of a late complaint, so it is considered on its merits (the higher body)',
    toCommand: ({ body, now, actor }) => ({ type: 'RestoreComplaintTerm', now, actor, data: body }),
  }),
];

/**
 * The applicant's own actions after filing whose words (the reason, the comment) are sealed under the appeal's data
 * subject before they reach the decider (ADR 0006): a remark already on file with the same words is passed as it is
 * sealed, so a repeat stays a repeat.
 */
function remarkActions({ commands }: ActionRouterDeps) {
  const seal = (state: ActionContext<'rate'>['state'], clear: string, previous?: Remark) =>
    sealRemark(commands.vault, state.subjectId, clear, previous);
  return [
    defineAction({
      action: 'withdraw',
      summary: 'Withdraw the appeal (applicant)',
      toCommand: async ({ body, now, actor, state }: ActionContext<'withdraw'>) => ({
        type: 'WithdrawAppeal',
        now,
        actor,
        data: body.reason === undefined ? {} : { reason: await seal(state, body.reason) },
      }),
    }),
    defineAction({
      action: 'rate',
      summary: 'Rate the answer 1–5 (applicant)',
      toCommand: async ({ body, now, actor, state }: ActionContext<'rate'>) => {
        const previous = state.status === 'answered' ? state.rating?.comment : undefined;
        const comment = body.comment ? await seal(state, body.comment, previous) : undefined;
        return {
          type: 'RateAnswer',
          now,
          actor,
          data: { score: body.score, ...(comment ? { comment } : {}) },
        };
      },
    }),
    defineAction({
      action: 'reopen',
      summary: 'Send an unsatisfying answer back for review (applicant, after rating it 1–2)',
      toCommand: async ({ body, now, actor, state }: ActionContext<'reopen'>) => ({
        type: 'ReopenAppeal',
        now,
        actor,
        data: { reason: await seal(state, body.reason, state.reopenedFor) },
      }),
    }),
  ];
}

/** Agency work on an appeal and the applicant's own actions after the answer. */
export function responseRouter(deps: ActionRouterDeps) {
  const specs = [
    ...commandActions,
    ...remarkActions(deps),
    terminateAction(deps),
    complainAction(deps),
    mergeAction(deps),
  ];
  return appealActionsRouter({ ...deps, service: 'response' }, specs, responsePolicy);
}

/** The applicant's complaint: a new linked appeal through the body complained about, created once the decider allows it. */
function complainAction(deps: ActionRouterDeps) {
  return defineAction({
    action: 'complain',
    summary:
      'Complain within 3 months (a late complaint is registered and marked late); the body complained about may satisfy it, else hands it on to the higher body; creates a new linked appeal',
    toCommand: (ctx) => fileComplaint(deps, ctx),
  });
}

/**
 * Checks the complaint with the decider, then seals its reason (ADR 0016) and returns the command that records it
 * on the complained appeal; the complaint appeal is filed from that record once it is there (ADR 0028).
 */
async function fileComplaint(
  { catalog, commands }: ActionRouterDeps,
  { body, now, actor, state }: ActionContext<'complain'>,
) {
  // never routed: the top of the agency tree (the triage desk) answers for it
  const against = state.agencyId ?? state.addressedAgencyId ?? catalog.root();
  const request = {
    type: 'FileComplaint' as const,
    now,
    actor,
    data: {
      complaintAppealId: randomUUID(),
      againstAgencyId: against,
      higherAgencyId: catalog.complaintReviewer(against),
      kind: body.kind ?? 'complaint',
    },
  };
  // a complaint against the same act is on file: nothing to create, seal or record (a repeat)
  if (complainedAlready(state, request.data.complaintAppealId)) return undefined;
  // refuses (nothing to complain about, not a complaint kind, no reviewer) before anything is sealed
  commands.decider.acceptComplaint(request, state);
  // the reason is the applicant's own words and the complaint appeal's text: sealed once, under the complained
  // appeal's data subject (one erasure covers both), held by both events
  const reason = await commands.vault.seal(state.subjectId, 'text', body.reason);
  return { ...request, data: { ...request.data, reason, language: body.language } };
}

/** Termination on a legal ground; "repeated, no new arguments" names the earlier appeal, read here for the decider. */
function terminateAction({ catalog, commands }: ActionRouterDeps) {
  return defineAction({
    action: 'terminate',
    summary: 'Terminate the procedure on a legal ground (a repeated appeal names the earlier answered one)',
    toCommand: async ({ body, now, actor, principal }: ActionContext<'terminate'>) => {
      const { linkedAppealId, ...rest } = body;
      const linkedAppeal = linkedAppealId
        ? (await readLinkedAppeal(commands, catalog, principal, linkedAppealId)).fact
        : undefined;
      return { type: 'TerminateAppeal', now, actor, data: { ...rest, linkedAppeal } };
    },
  });
}

/**
 * Merges this appeal (B) into another (A) as its duplicate: the decider checks B's merge first, then A lists B,
 * then B closes as merged. A retry after a failure between the two finds A listing B already and closes B.
 */
function mergeAction({ catalog, commands }: ActionRouterDeps) {
  return defineAction({
    action: 'merge',
    summary: 'Merge this appeal into another as its duplicate: that appeal’s answer answers both',
    toCommand: async ({ appealId, body, now, actor, principal, state }: ActionContext<'merge'>) => {
      const into = await readLinkedAppeal(commands, catalog, principal, body.intoAppealId);
      const command = { type: 'MergeAppeal' as const, now, actor, data: { into: into.fact } };
      commands.decider.decide(command, state); // refuse before anything is written on A
      const duplicate = { appealId, registrationNumber: state.registrationNumber };
      await commands.execute(
        body.intoAppealId,
        { type: 'RecordMergedDuplicate', now, actor, data: { duplicate } },
        { service: 'response', causationId: appealId, loaded: into.loaded },
      );
      return command;
    },
  });
}
