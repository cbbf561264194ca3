import { blankRegistration, registrationBody } from './registration';

describe("the registrar's form", () => {
  const form = { ...blankRegistration('2026-03-02T10:15', 'akimat'), subject: ' Roads ', text: ' Potholes ' };

  it('sends the receipt time in the jurisdiction’s offset and the trimmed words', () => {
    expect(registrationBody(form, 300)).toMatchObject({
      receivedAt: '2026-03-02T10:15:00+05:00',
      subject: 'Roads',
      text: 'Potholes',
      channel: 'paper',
      addressedAgencyId: 'akimat',
    });
  });

  it('sends only the fields of the applicant type, leaving empty ones out', () => {
    expect(registrationBody({ ...form, fullName: ' Aigerim ', phone: ' ' }, 300).applicant).toEqual({
      type: 'individual',
      fullName: 'Aigerim',
    });
    expect(
      registrationBody(
        { ...form, applicantType: 'legal', bin: '123456789013', fullName: 'x', phone: '+77' },
        300,
      ).applicant,
    ).toEqual({ type: 'legal', bin: '123456789013', organisationName: '', representative: '', phone: '+77' });
    expect(registrationBody({ ...form, applicantType: 'anonymous', iin: '1' }, 300).applicant).toEqual({
      type: 'anonymous',
    });
  });

  it('leaves the agency to the routing rules when none is chosen', () => {
    expect(registrationBody({ ...form, addressed: '' }, 300)).not.toHaveProperty('addressedAgencyId');
  });
});
