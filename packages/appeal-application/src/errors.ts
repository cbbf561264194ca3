import { AppealErrorCodes as E, FaqErrorCodes as F } from '@appeals/appeal-domain';
import { isDomainError } from '@appeals/decider';
import { isConcurrencyError } from '@appeals/eventstore';
import { HttpProblem, type ErrorMapper } from '@appeals/http';
import { SubjectErasedError } from '@appeals/personal-data';

/** Rules broken by the input itself (answered 400 naming the field); the rest depend on state (409). */
const INPUT_ERRORS = new Set<string>([
  E.RECEIVED_IN_FUTURE,
  E.EXTENSION_NOT_LATER,
  E.EXTENSION_TOO_LONG,
  E.ANSWER_LANGUAGE,
  E.LEAD_NOT_AMONG_EXECUTORS,
  E.FORWARD_TO_SAME_AGENCY,
  E.GROUND_NOT_APPLICABLE,
  E.DRAFT_NOT_FOUND,
  E.PART_NEEDS_CHILD,
  E.NOT_A_COMPLAINT_KIND,
  E.LINKED_APPEAL_REQUIRED,
  E.LINKED_APPEAL_NOT_FOUND,
  E.MERGE_INTO_SELF,
  F.APPEAL_NOT_FOUND,
  F.OTHER_CATEGORY,
]);
/** What names a missing object: the appeal, or the FAQ entry the path names. */
const NOT_FOUND = new Set<string>([E.NOT_FOUND, F.NOT_FOUND]);

const statusOf = (code: string): number => (NOT_FOUND.has(code) ? 404 : INPUT_ERRORS.has(code) ? 400 : 409);

/** Maps domain and store errors to problem+json; only at the HTTP edge. */
export const mapAppealError: ErrorMapper = (err) => {
  if (isConcurrencyError(err))
    return new HttpProblem({
      status: 409,
      type: 'concurrency',
      title: 'Concurrent change',
      detail: 'The appeal was changed at the same time; read it again and retry.',
      extra: { code: 'EVENTSTORE.CONCURRENCY' },
    });
  if (err instanceof SubjectErasedError)
    return new HttpProblem({
      status: 409,
      type: 'personal-data-erased',
      title: "The applicant's personal data was erased",
      detail: 'Nothing new can be filed under an applicant whose personal data was erased.',
      extra: { code: err.code },
    });
  if (isDomainError(err)) {
    const field = err.field ? `body.${err.field}` : undefined;
    return new HttpProblem({
      status: statusOf(err.code),
      type: err.code.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      title: NOT_FOUND.has(err.code)
        ? 'Not Found'
        : err.code.startsWith('FAQ.')
          ? 'The FAQ rules do not allow this'
          : 'The appeal rules do not allow this',
      detail: err.message,
      ...(field ? { errors: [{ field, message: err.message, code: err.code }] } : {}),
      extra: { code: err.code },
    });
  }
  if (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { code?: unknown }).code === 'string' &&
    String((err as { code: string }).code).startsWith('CALENDAR.')
  )
    return new HttpProblem({
      status: 422,
      type: 'calendar',
      title: 'The calendar cannot answer',
      detail: (err as Error).message,
      extra: { code: (err as { code: string }).code },
    });
  return undefined;
};
