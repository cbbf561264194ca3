import {
  createInMemoryKeyStore,
  createPersonalDataVault,
  generateMasterKey,
  masterKeysFrom,
} from '@appeals/personal-data';
import { openSubmission, sealSubmission } from './personalData';

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
