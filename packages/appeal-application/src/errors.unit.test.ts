import { AppealError, AppealErrorCodes as E } from '@appeals/appeal-domain';
import { ConcurrencyError } from '@appeals/eventstore';
import { mapAppealError } from './errors';

describe('domain errors at the HTTP edge', () => {
  it('answers a rule broken by the input with 400 naming the body field', () => {
    const p = mapAppealError(new AppealError(E.EXTENSION_TOO_LONG, 'too long', 'newDueOn'));
    expect(p).toMatchObject({
      status: 400,
      errors: [{ field: 'body.newDueOn', code: E.EXTENSION_TOO_LONG }],
      extra: { code: E.EXTENSION_TOO_LONG },
    });
  });

  it('answers a rule about the current state with 409 and a missing appeal with 404', () => {
    expect(mapAppealError(new AppealError(E.DRAFT_NOT_APPROVED, 'approve first', 'draftId'))?.status).toBe(
      409,
    );
    expect(mapAppealError(new AppealError(E.NOT_FOUND, 'no such appeal'))?.status).toBe(404);
  });

  it('answers a concurrent change with 409 and leaves unknown errors to the generic handler', () => {
    expect(mapAppealError(new ConcurrencyError('appeal-1', 3, 4))?.status).toBe(409);
    expect(mapAppealError(new Error('boom'))).toBeUndefined();
  });
});
