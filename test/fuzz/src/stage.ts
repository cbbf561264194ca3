type Call = (method: string, path: string, init?: { token?: string; body?: unknown }) => Promise<any>;

const ANSWER = {
  text: 'Жол жөндеу жұмыстары келесі айда басталады, мердігер анықталды.',
  decisionKind: 'give_answer',
  answerCharacter: 'satisfied',
  language: 'kk',
};

/** The appeal's view once it has reached `version` (or is routed), as `token` sees it. */
const settled = (call: Call, id: string, token: string, wait?: string) =>
  call('GET', `/appeals/${id}${wait ? `?${wait}&waitMs=10000` : ''}`, { token });

/**
 * Moves the filed appeals into different states with the demo users of akimat-almaty, so commands meet appeals in
 * each: left routed, in progress, with a draft, answered (to rate and complain about), withdrawn. Best effort: a
 * step the rules refuse leaves the appeal where it was. Returns the draft ids seen, and the status of each appeal.
 */
export async function stageAppeals(
  call: Call,
  appeals: ReadonlyArray<{ id: string }>,
  tokenOf: (sub: string) => string,
): Promise<{ draftIds: string[]; statuses: string[] }> {
  const [registrar, executor, approver, citizen] = [
    'registrar-almaty',
    'executor-almaty',
    'approver-almaty',
    'citizen-1',
  ].map(tokenOf) as [string, string, string, string];
  const draftIds: string[] = [];
  const statuses: string[] = [];
  for (const [n, { id }] of appeals.entries()) {
    let view = await settled(call, id, registrar, 'waitFor=routed');
    const target = n % 6;
    try {
      if (target === 5)
        await call('POST', `/appeals/${id}/withdraw`, { token: citizen, body: { reason: 'Шешілді' } });
      if (target >= 2 && target <= 4) {
        await call('POST', `/appeals/${id}/assign`, {
          token: registrar,
          body: { executorIds: ['executor-almaty'] },
        });
      }
      if (target >= 3 && target <= 4) {
        const draft = await call('POST', `/appeals/${id}/draft-answer`, { token: executor, body: ANSWER });
        view = await settled(call, id, approver, `minVersion=${draft.version as number}`);
        const draftId = Object.keys(view.drafts ?? {})[0];
        if (draftId) draftIds.push(draftId);
        if (target === 4 && draftId) {
          await call('POST', `/appeals/${id}/approve-answer`, { token: approver, body: { draftId } });
          await call('POST', `/appeals/${id}/send-answer`, { token: approver, body: { draftId } });
        }
      }
    } catch {
      // the rules refused a step: the appeal stays in the state it reached
    }
    view = await settled(call, id, registrar);
    statuses.push(String(view.status));
  }
  return { draftIds, statuses };
}
