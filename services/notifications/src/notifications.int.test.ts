import { notificationStream } from '@appeals/contracts';
import { toEnvelope } from '@appeals/relay';
import { actorOf } from '@appeals/appeal-application';
import { actors, createTestPlatform, TRACKING_CODE, type TestPlatform } from '@appeals/testkit';
import { notifyOf, type NotifierDeps } from './notifier';
import { createNotificationsService, noticeContext } from './notifications.service';
import type { NotificationSettings } from './env';
import { startSmtpSink, type SmtpSink } from './smtpSink.test-support';

// The notifications service on the in-memory platform, sending to a real SMTP server in this process: what the
// applicant receives, what is recorded in the notification stream, and what is never sent twice.

const AIGERIM = {
  type: 'individual' as const,
  fullName: 'Айгерим Садыкова',
  email: 'aigerim@example.kz',
  phone: '+77011234567',
};
const ERLAN = { type: 'individual' as const, fullName: 'Ерлан Жумабаев', email: 'erlan@example.kz' };

let p: TestPlatform;
let sink: SmtpSink;
let smsLog: Array<{ details: Record<string, unknown>; message: string }>;
let service: ReturnType<typeof createNotificationsService>;

const settingsFor = (port: number): NotificationSettings => ({
  smtp: { host: '127.0.0.1', port, secure: false, from: 'Appeals <noreply@appeals.test>' },
  sms: 'log',
  publicUrl: 'https://appeals.test',
  retryBackoffMs: [1, 1],
});

beforeEach(async () => {
  p = createTestPlatform();
  sink = await startSmtpSink();
  smsLog = [];
  service = createNotificationsService({
    ...p,
    settings: settingsFor(sink.port),
    logger: { info: (details, message) => smsLog.push({ details, message }) },
  });
  await service.start();
});
afterEach(async () => {
  await service.stop();
  await p.stop();
  await sink.close();
});

const records = async (appealId: string) =>
  (await p.store.readStream(notificationStream(appealId))).map(
    (e): Record<string, unknown> => ({ type: e.type, ...(e.data as object) }),
  );
const registrationNumber = async (appealId: string) =>
  ((await p.events(appealId))[1]!.data as { registrationNumber: string }).registrationNumber;

describe('when an appeal is registered', () => {
  it('e-mails the applicant in the appeal’s language: the registration number, the tracking code, the case link', async () => {
    const appealId = await p.submitAppeal({ applicant: AIGERIM, language: 'kk' });
    await p.settled();

    expect(sink.received).toHaveLength(1);
    const [{ rcptTo, mail }] = sink.received as [(typeof sink.received)[0]];
    const number = await registrationNumber(appealId);
    expect(rcptTo).toEqual(['aigerim@example.kz']);
    expect(mail.headers.get('content-language')).toBe('kk');
    expect(mail.from?.value).toEqual([{ address: 'noreply@appeals.test', name: 'Appeals' }]);
    expect(mail.subject).toBe(`${number} өтініші тіркелді`);
    expect(mail.text).toContain(`${number} нөмірімен тіркелді`);
    expect(mail.text).toContain(`Бақылау коды: ${TRACKING_CODE}`);
    expect(mail.text).toContain(`https://appeals.test/appeals/${appealId}`);
    expect(mail.messageId).toMatch(/@appeals\.notifications>$/);
  });

  it('records each channel’s send without personal data, and logs the SMS to a masked number only', async () => {
    const appealId = await p.submitAppeal({ applicant: AIGERIM });
    await p.settled();

    expect(await records(appealId)).toEqual([
      expect.objectContaining({
        type: 'NotificationSent',
        channel: 'email',
        attempt: 1,
        template: 'appeal_registered',
        language: 'ru',
      }),
      expect.objectContaining({
        type: 'NotificationSent',
        channel: 'sms',
        attempt: 1,
        template: 'appeal_registered',
      }),
    ]);
    const stored = JSON.stringify(await p.store.readStream(notificationStream(appealId)));
    for (const clear of [AIGERIM.email, AIGERIM.phone, AIGERIM.fullName, TRACKING_CODE])
      expect(stored).not.toContain(clear);
    expect(smsLog).toEqual([
      {
        details: expect.objectContaining({ to: '+*********67', template: 'appeal_registered' }),
        message: expect.any(String),
      },
    ]);
    const logged = JSON.stringify(smsLog);
    for (const clear of [AIGERIM.phone, TRACKING_CODE, await registrationNumber(appealId)])
      expect(logged).not.toContain(clear);
  });

  it('tells each applicant about their own appeal only', async () => {
    const first = await p.submitAppeal({ applicant: AIGERIM, trackingCode: 'AAAAAAAAAA' });
    const second = await p.submitAppeal({
      applicant: ERLAN,
      trackingCode: 'BBBBBBBBBB',
      applicantAccountId: 'citizen-2',
    });
    await p.settled();

    const to = (address: string) => {
      const { rcptTo, mail } = sink.received.find((r) => r.rcptTo.includes(address))!;
      return [rcptTo, mail.to && JSON.stringify(mail.to), mail.subject, mail.text].join('\n');
    };
    expect(to(ERLAN.email)).toContain(await registrationNumber(second));
    for (const other of [
      AIGERIM.email,
      AIGERIM.fullName,
      'AAAAAAAAAA',
      await registrationNumber(first),
      first,
    ])
      expect(to(ERLAN.email)).not.toContain(other);
    expect(sink.received).toHaveLength(2);
  });

  it('sends nothing twice when the event is delivered again', async () => {
    const appealId = await p.submitAppeal({ applicant: AIGERIM });
    await p.settled();
    const registered = (await p.events(appealId))[1]!;

    await notifyOf(deps(), toEnvelope(registered));

    expect(sink.received).toHaveLength(1);
    expect(smsLog).toHaveLength(1);
    expect(await records(appealId)).toHaveLength(2);
  });
});

function deps(): NotifierDeps {
  return {
    ...p,
    channels: service.channels,
    context: noticeContext({ ...p, settings: settingsFor(sink.port) }),
    retryBackoffMs: [1, 1],
  };
}

describe('when the applicant cannot be told', () => {
  it('records an erased applicant as skipped, sends nothing and does not fail', async () => {
    const appealId = await p.submitAppeal({ applicant: AIGERIM });
    await p.vault.erase(await p.vault.subjectForAccount('citizen-1'), p.clock());
    await p.settled();

    expect(sink.received).toEqual([]);
    expect(smsLog).toEqual([]);
    expect(await records(appealId)).toEqual([
      expect.objectContaining({ type: 'NotificationSkipped', reason: 'erased' }),
    ]);
    expect(p.busProblems).toEqual([]);
  });

  it('sends and records nothing for an applicant who gave no e-mail or phone', async () => {
    const appealId = await p.submitAppeal({
      applicant: { type: 'individual', fullName: 'Айгерим Садыкова' },
    });
    await p.settled();

    expect(sink.received).toEqual([]);
    expect(smsLog).toEqual([]);
    expect(await records(appealId)).toEqual([]);
  });

  it('tells an anonymous applicant nothing and records nothing', async () => {
    const appealId = await p.submitAppeal({
      applicant: { type: 'anonymous' },
      applicantAccountId: undefined,
    });
    await p.settled();

    expect(sink.received).toEqual([]);
    expect(await records(appealId)).toEqual([]);
  });
});

describe('when the SMTP server refuses', () => {
  it('retries after a temporary refusal and records both tries', async () => {
    sink.reject(451);
    const appealId = await p.submitAppeal({ applicant: ERLAN, applicantAccountId: 'citizen-2' });
    await p.settled();

    expect(sink.received).toHaveLength(1);
    expect(await records(appealId)).toEqual([
      expect.objectContaining({
        type: 'NotificationFailed',
        attempt: 1,
        errorClass: 'deferred',
        final: false,
      }),
      expect.objectContaining({ type: 'NotificationSent', attempt: 2 }),
    ]);
  });

  it('gives up at once on a permanent refusal, recording the final failure', async () => {
    sink.reject(550);
    const appealId = await p.submitAppeal({ applicant: ERLAN, applicantAccountId: 'citizen-2' });
    await p.settled();

    expect(sink.received).toEqual([]);
    expect(await records(appealId)).toEqual([
      expect.objectContaining({
        type: 'NotificationFailed',
        attempt: 1,
        errorClass: 'rejected',
        final: true,
      }),
    ]);
    expect(JSON.stringify(await records(appealId))).not.toContain(ERLAN.email);
  });

  it('records the last of the tries as final when every try failed, and sends nothing more on redelivery', async () => {
    sink.reject(421, 451, 452);
    const appealId = await p.submitAppeal({ applicant: ERLAN, applicantAccountId: 'citizen-2' });
    await p.settled();
    await notifyOf(deps(), toEnvelope((await p.events(appealId))[1]!));

    expect(sink.received).toEqual([]);
    expect((await records(appealId)).map((r) => [r.attempt, r.final])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
  });
});

describe('later in the appeal', () => {
  it('tells the applicant where it was forwarded and that the receiving body runs its own term', async () => {
    const appealId = await p.routedAppeal({
      applicant: ERLAN,
      applicantAccountId: 'citizen-2',
      language: 'en',
    });
    await p.commands.execute(
      appealId,
      {
        type: 'ForwardAppeal',
        now: p.clock(),
        actor: actors.registrar,
        data: { toAgencyId: 'mon', scope: 'whole', reason: 'Schools are the ministry’s' },
      },
      { service: 'routing' },
    );
    await p.settled();

    const forwarded = sink.received.at(-1)!.mail;
    expect(forwarded.subject).toContain('forwarded to the competent body');
    expect(forwarded.text).toContain('Ministry of Education');
    expect(forwarded.text).toContain('That body considers it under its own term');
  });

  it('tells the applicant the new deadline and the reason of an extension, and of a deemed refusal', async () => {
    const appealId = await p.routedAppeal({ applicant: ERLAN, applicantAccountId: 'citizen-2' });
    await p.commands.execute(
      appealId,
      {
        type: 'ExtendDeadline',
        now: p.clock(),
        actor: actors.head,
        data: { newDueOn: '2026-04-15', reason: 'Нужна экспертиза' },
      },
      { service: 'response' },
    );
    p.setNow('2026-04-20T10:00:00+05:00');
    await p.commands.execute(
      appealId,
      { type: 'MarkDeemedRefused', now: p.clock(), actor: actorOf({ system: 'deadline-watch' }), data: {} },
      { service: 'audit' },
    );
    await p.settled();

    const [, extended, refused] = sink.received.map((r) => r.mail);
    expect(extended!.text).toContain('продлён до 15.04.2026');
    expect(extended!.text).toContain('Основание: Нужна экспертиза');
    expect(refused!.subject).toContain('срок ответа истёк');
    expect(refused!.text).toContain('считается отказом');
  });
});
