import {
  createInMemoryKeyStore,
  createPersonalDataVault,
  generateMasterKey,
  masterKeysFrom,
} from '@appeals/personal-data';
import { openSealedParts, UNREADABLE } from './appealHistory';
import { ERASED, sealSubmission } from './personalData';

// `appeals history --open-personal-data` opens every sealed block of an event or a state, wherever it sits, under
// the purpose it was sealed for; erased subjects read `erased`, an altered ciphertext `unreadable`.

const vault = () =>
  createPersonalDataVault({
    keys: createInMemoryKeyStore(),
    masterKeys: masterKeysFrom({ key: generateMasterKey() }),
  });
const applicant = { type: 'individual' as const, fullName: 'Айгерим Садыкова', phone: '+77010000000' };

async function sealedEvent(v: ReturnType<typeof vault>) {
  const sealed = await sealSubmission(v, { applicant, text: 'Нет отопления.', trackingCode: 'K7M2Q9X4TB' });
  const subjectId = sealed.text.subjectId;
  return {
    subjectId,
    data: {
      appealId: 'a-1',
      subject: 'Отопление',
      ...sealed,
      rating: { score: 2, comment: await v.seal(subjectId, 'remark', 'Ответ формальный') },
      // a complaint's reason is sealed as the complaint appeal's text, under the key `reason`
      complaints: [{ reason: await v.seal(subjectId, 'text', 'Не согласна с ответом') }],
    },
  };
}

it('opens the applicant (without the tracking code), the text, a remark and a complaint reason in place', async () => {
  const v = vault();
  const { data } = await sealedEvent(v);
  expect(await openSealedParts(v, data)).toEqual({
    appealId: 'a-1',
    subject: 'Отопление',
    applicant: { type: 'individual', personal: { fullName: 'Айгерим Садыкова', phone: '+77010000000' } },
    text: 'Нет отопления.',
    rating: { score: 2, comment: 'Ответ формальный' },
    complaints: [{ reason: 'Не согласна с ответом' }],
  });
});

it('reads erased once the subject was erased, and changes nothing but the sealed blocks', async () => {
  const v = vault();
  const { data, subjectId } = await sealedEvent(v);
  await v.erase(subjectId, new Date());
  expect(await openSealedParts(v, data)).toMatchObject({
    subject: 'Отопление',
    applicant: { type: 'individual', personal: ERASED },
    text: ERASED,
    rating: { comment: ERASED },
  });
});

it('reads unreadable where a ciphertext was altered, and opens the rest', async () => {
  const v = vault();
  const { data } = await sealedEvent(v);
  const flipped = Buffer.from(data.text.ciphertext, 'base64');
  flipped[0] = flipped[0]! ^ 1;
  const altered = { ...data, text: { ...data.text, ciphertext: flipped.toString('base64') } };
  expect(await openSealedParts(v, altered)).toMatchObject({
    text: UNREADABLE,
    rating: { comment: 'Ответ формальный' },
  });
});

it('leaves values without sealed blocks as they are', async () => {
  const value = { a: [1, 'two', null, { b: true }], alg: 'none' };
  expect(await openSealedParts(vault(), value)).toEqual(value);
});
