import { actorOf } from '@appeals/appeal-application';
import type { Actor } from '@appeals/contracts';
import type { Principal } from '@appeals/http';

/** The agency the standard appeal is routed to (housing in the Bostandyk district of Almaty). */
export const BOSTANDYK = 'akimat-almaty-bostandyk';

/** The people of the standard story as callers over HTTP: the applicant and the Bostandyk akimat's staff. */
export const principals = {
  citizen: { sub: 'citizen-1', role: 'applicant' },
  registrar: { sub: 'reg-b', role: 'registrar', agencyId: BOSTANDYK },
  executor: { sub: 'exec-b', role: 'executor', agencyId: BOSTANDYK },
  approver: { sub: 'approver-b', role: 'approver', agencyId: BOSTANDYK },
  head: { sub: 'head-b', role: 'head', agencyId: BOSTANDYK },
} satisfies Record<string, Principal>;

/** The actor a command carries for a caller (the application's one way to build it). */
export { actorOf };

/** The same people as command actors, plus the routing rules (the system actor that routes on registration). */
export const actors = {
  citizen: actorOf(principals.citizen),
  registrar: actorOf(principals.registrar),
  executor: actorOf(principals.executor),
  approver: actorOf(principals.approver),
  head: actorOf(principals.head),
  rules: actorOf({ system: 'routing-rules' }),
} satisfies Record<string, Actor>;
