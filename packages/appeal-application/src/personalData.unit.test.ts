import {
  createInMemoryKeyStore,
  createPersonalDataVault,
  generateMasterKey,
  masterKeysFrom,
} from '@appeals/personal-data';
import { sameRemark } from '@appeals/contracts';
import { openSubmission, sealRemark, sealSubmission } from './personalData';

// The tracking code travels sealed with the applicant's contact, so the notifications service can put it in the
// registration notice (docs/adr/0017-notifications.md); readers of the appeal never see it.
const vault = () =>
  createPersonalDataVault({
    keys: createInMemoryKeyStore(),
    masterKeys: masterKeysFrom({ key: generateMasterKey() }),
  });
const applicant = { type: 'individual' as const, fullName: 'Айгерим Садыкова', email: 'aigerim@example.kz' };

describe('a submission sealed with its tracking code', () => {
  it('keeps the code in the sealed applicant block, beside the contact', async () => {
    const v = vault();
    const sealed = await sealSubmission(v, { applicant, text: 'Нет отопления.', trackingCode: 'K7M2Q9X4TB' });
    if (sealed.applicant.type === 'anonymous') throw new Error('expected a sealed applicant');
    const opened = await v.open<Record<string, unknown>>(sealed.applicant.personal, 'applicant');
    expect(opened).toEqual({
      status: 'present',
      value: { fullName: 'Айгерим Садыкова', email: 'aigerim@example.kz', trackingCode: 'K7M2Q9X4TB' },
    });
  });

  it('opens for a reader without the code: staff who read the appeal cannot act as its applicant', async () => {
    const v = vault();
    const sealed = await sealSubmission(v, { applicant, text: 'Нет отопления.', trackingCode: 'K7M2Q9X4TB' });
    const opened = await openSubmission(v, sealed);
    expect(opened.applicant).toEqual({
      type: 'individual',
      fullName: 'Айгерим Садыкова',
      email: 'aigerim@example.kz',
    });
    expect(JSON.stringify(opened)).not.toContain('K7M2Q9X4TB');
  });

  it('seals nothing for an anonymous applicant: there is nobody to send the code to', async () => {
    const sealed = await sealSubmission(vault(), {
      applicant: { type: 'anonymous' },
      text: 'Сообщение.',
      trackingCode: 'K7M2Q9X4TB',
    });
    expect(sealed.applicant).toEqual({ type: 'anonymous' });
  });
});

// The place an appeal is about can be the applicant's home: it is sealed under the appeal's subject like the text.
describe('a submission with a location', () => {
  const location = { lat: 51.1283, long: 71.4305, address: 'Кабанбай батыра 1, Астана' };

  it('seals the point and the address under the appeal’s subject, for the purpose location only', async () => {
    const v = vault();
    const sealed = await sealSubmission(v, { applicant, text: 'Яма на дороге.', location });
    if (!sealed.location || sealed.applicant.type === 'anonymous')
      throw new Error('expected a sealed location');
    expect(JSON.stringify(sealed.location)).not.toContain('Кабанбай');
    expect(sealed.location.subjectId).toBe(sealed.text.subjectId);
    expect(await v.open(sealed.location, 'location')).toEqual({ status: 'present', value: location });
    await expect(v.open(sealed.location, 'text')).rejects.toThrow();
    expect(await v.open(sealed.applicant.personal, 'applicant')).toMatchObject({ status: 'present' });
  });

  it('seals one for an anonymous applicant too, and none when none was given', async () => {
    const v = vault();
    const anonymous = await sealSubmission(v, { applicant: { type: 'anonymous' }, text: 'Яма.', location });
    expect(await v.open(anonymous.location!, 'location')).toEqual({ status: 'present', value: location });
    expect(await sealSubmission(v, { applicant, text: 'Яма.' })).not.toHaveProperty('location');
  });

  it('opens for a reader with the rest of the submission, and reads `erased` once the subject is erased', async () => {
    const v = vault();
    const sealed = await sealSubmission(v, { applicant, text: 'Яма на дороге.', location });
    expect(await openSubmission(v, sealed)).toMatchObject({ text: 'Яма на дороге.', location });
    await v.erase(sealed.text.subjectId, new Date());
    expect(await openSubmission(v, sealed)).toMatchObject({ personalData: 'erased', location: 'erased' });
    expect(await openSubmission(v, await sealSubmission(v, { applicant, text: 'Яма.' }))).not.toHaveProperty(
      'location',
    );
  });
});

// The applicant's remarks after filing (rating comment, reasons) are sealed under the appeal's subject; a repeat with
// the same words must stay recognisable to the decider, which compares sealed values, never words.
describe('a remark', () => {
  it('is sealed under the subject; the same words again give the sealed value on file, other words a new one', async () => {
    const v = vault();
    const subject = await v.newSubject();
    const first = await sealRemark(v, subject, 'Батареи едва тёплые');
    expect(JSON.stringify(first)).not.toContain('Батареи');
    expect(first).toMatchObject({ subjectId: subject, alg: 'A256GCM' });
    expect(await sealRemark(v, subject, 'Батареи едва тёплые', first)).toBe(first);
    const other = await sealRemark(v, subject, 'Батареи холодные', first);
    expect(sameRemark(other, first)).toBe(false);
    // without the remark on file, the same words seal anew: a fresh nonce, so not the same value
    expect(sameRemark(await sealRemark(v, subject, 'Батареи едва тёплые'), first)).toBe(false);
  });

  it('on file as clear text (an event from before remarks were sealed) is kept when the words are the same', async () => {
    const v = vault();
    const subject = await v.newSubject();
    expect(await sealRemark(v, subject, 'Решено', 'Решено')).toBe('Решено');
    expect(typeof (await sealRemark(v, subject, 'Решено иначе', 'Решено'))).toBe('object');
  });

  it('opens with the submission in one go, and reads `erased` once the subject is erased', async () => {
    const v = vault();
    const sealed = await sealSubmission(v, { applicant, text: 'Нет отопления.' });
    const remark = (await sealRemark(v, sealed.text.subjectId, 'Тепло так и не дали')) as typeof sealed.text;
    const opened = await openSubmission(v, { ...sealed, remarks: [remark, remark] });
    expect(opened).toMatchObject({
      text: 'Нет отопления.',
      remarks: ['Тепло так и не дали', 'Тепло так и не дали'],
    });
    await v.erase(sealed.text.subjectId, new Date());
    expect(await openSubmission(v, { ...sealed, remarks: [remark] })).toMatchObject({
      personalData: 'erased',
      text: 'erased',
      remarks: ['erased'],
    });
  });

  it('is bound to its purpose: a remark cannot be passed off as the appeal text', async () => {
    const v = vault();
    const sealed = await sealSubmission(v, { applicant: { type: 'anonymous' }, text: 'Текст.' });
    const remark = (await sealRemark(v, sealed.text.subjectId, 'Подмена')) as typeof sealed.text;
    await expect(openSubmission(v, { ...sealed, text: remark })).rejects.toThrow();
    expect((await openSubmission(v, { ...sealed, remarks: [remark] })).remarks).toEqual(['Подмена']);
  });
});
