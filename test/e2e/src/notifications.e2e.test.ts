import { startSmtpSink, type SmtpSink } from '@appeals/notifications/testing';
import { startSystem, type TestSystem } from './client';
import { housingAppeal } from './lifecycle.scenarios';

// Issue 10 over HTTP: the embedded system sends the applicant a notice by e-mail (a real SMTP server in the test
// process) when an appeal is filed, in the appeal's language, with its registration number and tracking code.

let sink: SmtpSink;
let t: TestSystem;
beforeAll(async () => {
  sink = await startSmtpSink();
  t = await startSystem({
    notifications: {
      smtp: { host: '127.0.0.1', port: sink.port, secure: false, from: 'Appeals <noreply@appeals.test>' },
      sms: 'off',
      publicUrl: 'https://appeals.test',
      retryBackoffMs: [10],
    },
  });
});
afterAll(async () => {
  await t?.stop();
  await sink?.close();
});

describe('notices to the applicant (embedded system, SMTP)', () => {
  it('e-mails the applicant who filed with an e-mail: number and tracking code in the appeal’s language, nothing of anyone else', async () => {
    const citizen = await t.token('applicant', { sub: 'citizen-notified' });
    const other = await t.call('POST', '/api/v1/appeals', {
      body: housingAppeal({ language: 'ru', applicant: { type: 'individual', fullName: 'Ерлан Жумабаев' } }),
    });
    const filed = await t.call('POST', '/api/v1/appeals', {
      token: citizen,
      body: housingAppeal({
        language: 'en',
        applicant: { type: 'individual', fullName: 'Aigerim Sadykova', email: 'aigerim@example.kz' },
      }),
    });
    expect([other.status, filed.status]).toEqual([201, 201]);
    await t.settled();

    expect(sink.received).toHaveLength(1);
    const [{ rcptTo, mail }] = sink.received as [(typeof sink.received)[0]];
    expect(rcptTo).toEqual(['aigerim@example.kz']);
    expect(mail.headers.get('content-language')).toBe('en');
    expect(mail.subject).toBe(`Appeal ${filed.body.registrationNumber} registered`);
    expect(mail.text).toContain(`Tracking code: ${filed.body.trackingCode}.`);
    expect(mail.text).toContain(`https://appeals.test/appeals/${filed.body.id}`);
    for (const elsewhere of [other.body.registrationNumber, other.body.trackingCode, 'Жумабаев'])
      expect(`${mail.subject}\n${mail.text}`).not.toContain(elsewhere);
  });

  it('keeps the tracking code from the staff who read the appeal', async () => {
    const filed = await t.call('POST', '/api/v1/appeals', {
      body: housingAppeal({
        applicant: { type: 'individual', fullName: 'Aigerim Sadykova', email: 'a2@example.kz' },
      }),
    });
    await t.settled();
    const auditor = await t.token('auditor');
    const read = await t.call('GET', `/api/v1/appeals/${filed.body.id}`, { token: auditor });

    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).toContain('a2@example.kz');
    expect(JSON.stringify(read.body)).not.toContain(filed.body.trackingCode);
  });
});
