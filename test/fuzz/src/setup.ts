import type { Hints } from './schema';
import { stageAppeals } from './stage';

/** A small JSON client for setting up: catalog, demo users, tokens, seed appeals. */
async function call(
  origin: string,
  method: string,
  path: string,
  init: { token?: string; body?: unknown } = {},
) {
  const res = await fetch(origin + path, {
    method,
    headers: {
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as any) : undefined;
}

interface DevUser {
  sub: string;
  role: string;
  agencyId?: string;
}

/** IINs with a matching check digit (contracts' hasValidCheckDigit) and some without. */
export const IINS = [
  '900101400122',
  '870312450019',
  '000000000101',
  '900101400123',
  '000000000100',
  '000000002810',
];
export const BINS = ['123456789013', '123456789012'];

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Authorization values that must all be refused with a 401 problem. */
export function badCallers(realToken: string): Record<string, string | undefined> {
  const [header, payload] = realToken.split('.');
  const forgedPayload = b64url({
    sub: 'admin-1',
    role: 'admin',
    aud: 'appeals',
    iss: 'appeals-dev',
    exp: 4102444800,
  });
  return {
    anonymous: undefined,
    'bad:forged-signature': `Bearer ${header}.${payload}.${'A'.repeat(43)}`,
    'bad:alg-none': `Bearer ${b64url({ alg: 'none', typ: 'JWT' })}.${forgedPayload}.`,
    'bad:tampered-claims': `Bearer ${header}.${forgedPayload}.${realToken.split('.')[2]}`,
    'bad:expired': `Bearer ${header}.${b64url({ sub: 'x', role: 'admin', exp: 1 })}.${'B'.repeat(43)}`,
    'bad:garbage': 'Bearer not.a.jwt',
    'bad:empty-bearer': 'Bearer ',
    'bad:basic': 'Basic YWRtaW46YWRtaW4=',
    'bad:huge': `Bearer ${'a'.repeat(7_000)}`,
  };
}

/** A valid appeal from a citizen (or, with `receivedAt` etc., from staff). */
export const validAppeal = (n: number) => ({
  kind: 'application',
  categoryId: 'housing_utilities',
  regionKato: '750000000',
  language: n % 2 ? 'kk' : 'ru',
  subject: `Жол жөндеу ${n}`,
  text: 'Абай даңғылындағы жолды жөндеу қажет, шұңқырлар көп.',
  applicant: { type: 'individual', fullName: 'Нұрлан Серікұлы', iin: IINS[n % 2] },
});

export interface Setup {
  callers: Record<string, string | undefined>;
  hints: Hints;
  /** filed appeals: id, tracking code, registration number */
  appeals: Array<{ id: string; trackingCode?: string; registrationNumber?: string }>;
  /** the status each filed appeal was brought to */
  statuses: string[];
}

/**
 * Reads the catalog and the demo users, signs every demo user in (one caller per user, plus anonymous and bad
 * tokens), files `seedAppeals` appeals and brings them to different states ({@link stageAppeals}), and gathers the
 * values worth trying by field name.
 */
export async function prepare(origin: string, seedAppeals: number): Promise<Setup> {
  const api = `${origin}/api/v1`;
  const catalog = await call(api, 'GET', '/catalog');
  const { users } = (await call(api, 'GET', '/auth/dev-users')) as { users: DevUser[] };
  const callers: Record<string, string | undefined> = {};
  for (const user of users) {
    const issued = await call(api, 'POST', '/auth/dev-token', {
      body: { role: user.role, sub: user.sub, ...(user.agencyId ? { agencyId: user.agencyId } : {}) },
    });
    callers[user.sub] = `Bearer ${issued.token as string}`;
  }
  const citizen = callers['citizen-1']!.slice('Bearer '.length);
  Object.assign(callers, badCallers(citizen));
  const appeals: Setup['appeals'] = [];
  for (let n = 0; n < seedAppeals; n++) {
    const filed = await call(api, 'POST', '/appeals', { token: citizen, body: validAppeal(n) });
    appeals.push({
      id: filed.id,
      trackingCode: filed.trackingCode,
      registrationNumber: filed.registrationNumber,
    });
  }
  const token = (sub: string) => callers[sub]!.slice('Bearer '.length);
  const staged = await stageAppeals((method, path, init) => call(api, method, path, init), appeals, token);
  const agencies = (catalog.agencies as Array<{ id: string }>).map((a) => a.id);
  const ids = appeals.map((a) => a.id);
  const executors = users.filter((u) => u.role === 'executor').map((u) => u.sub);
  const hints: Hints = {
    agencyId: agencies,
    toAgencyId: agencies,
    addressedAgencyId: agencies,
    categoryId: (catalog.categories as Array<{ id: string }>).map((c) => c.id),
    regionKato: (catalog.regions as Array<{ kato: string }>).map((r) => r.kato),
    kind: (catalog.kinds as Array<{ code: string }>).map((k) => k.code),
    executorIds: executors.map((e) => [e]),
    leadExecutorId: executors,
    draftId: staged.draftIds,
    intoAppealId: ids,
    linkedAppealId: ids,
    iin: IINS,
    bin: BINS,
    'path:id': ids,
    'path:agencyId': agencies,
    'path:profileId': ['kz-appk', 'ru-59fz'],
    'path:year': [2026, 2027],
    'query:trackingCode': appeals.map((a) => a.trackingCode).filter(Boolean),
    'query:registrationNumber': appeals.map((a) => a.registrationNumber).filter(Boolean),
    'query:agencyId': agencies,
  };
  return { callers, hints, appeals, statuses: staged.statuses };
}
