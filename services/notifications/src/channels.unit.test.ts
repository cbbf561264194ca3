import { createSmsLogChannel, errorClassOf, maskPhone, retryable } from './channels';

describe('the SMS logging adapter', () => {
  it('logs a masked number, the template and the length: never the number or the text', async () => {
    const lines: unknown[] = [];
    const channel = createSmsLogChannel({ info: (details, message) => lines.push({ details, message }) });
    const sms = 'Обращение 20260302-K7M2Q9 зарегистрировано. Код отслеживания: K7M2Q9X4TB.';
    await channel.send({
      to: '+77011234567',
      language: 'ru',
      rendered: { subject: 's', text: 't', sms },
      messageId: 'm',
      template: 'appeal_registered',
    });
    expect(lines).toEqual([
      {
        details: { channel: 'sms', to: '+*********67', template: 'appeal_registered', length: sms.length },
        message: expect.any(String),
      },
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/77011234567|K7M2Q9/);
  });

  it('reaches an applicant by phone, and no one without', () => {
    const channel = createSmsLogChannel({ info: () => undefined });
    expect(channel.addressOf({ phone: '87011234567', email: 'a@example.kz' })).toBe('87011234567');
    expect(channel.addressOf({ email: 'a@example.kz' })).toBeUndefined();
    expect(maskPhone('87011234567')).toBe('*********67');
  });
});

describe('the class of a send failure', () => {
  it.each([
    [{ responseCode: 550 }, 'rejected', false],
    [{ responseCode: 451 }, 'deferred', true],
    [{ code: 'ETIMEDOUT' }, 'timeout', true],
    [{ code: 'ECONNECTION' }, 'connection', true],
    [new Error('550 5.1.1 <aigerim@example.kz>: unknown user'), 'unknown', true],
  ])('%j is %s (retryable: %s)', (error, errorClass, retry) => {
    expect(errorClassOf(error)).toBe(errorClass);
    expect(retryable(errorClassOf(error))).toBe(retry);
  });
});
