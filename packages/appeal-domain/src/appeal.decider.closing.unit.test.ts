import { AppealErrorCodes as E } from './errors';
import {
  APPEAL_ID,
  answeredAppeal,
  appealInProgress,
  applicant,
  at,
  command,
  registeredAppeal,
  registered,
  routed,
  sealedFixture,
  spec,
  submitted,
  terminated,
  terminatedAppeal,
  triagedAppeal,
  withdrawnAppeal,
} from './testAppeal';
import type { TerminateAppeal } from './types';

const terminate = (ground: TerminateAppeal['data']['ground'], groundText?: string) =>
  command('TerminateAppeal', { ground, groundText }, at('2026-03-10T11:00'));
const withdraw = (reason?: string) =>
  command('WithdrawAppeal', { reason }, at('2026-03-04T11:00'), applicant);

const anonymousAppeal = [submitted({ applicant: { type: 'anonymous' } }), registered(), routed()];
const anonymousCrimeReport = [
  submitted({ applicant: { type: 'anonymous' }, isAboutCrimeOrThreat: true }),
  registered(),
  routed(),
];
/** The same report as it must go: routed to the police at once. */
const crimeReportWithPolice = [
  submitted({ applicant: { type: 'anonymous' }, isAboutCrimeOrThreat: true }),
  registered(),
  routed('police', { lawEnforcement: true }),
];
const legalEntityAppeal = [
  submitted({
    applicant: { type: 'legal', personal: sealedFixture() },
  }),
  registered(),
  routed(),
];

describe('TerminateAppeal', () => {
  describe('when the appeal does not exist', () => {
    it('refuses', () => {
      spec.given([]).when(terminate('substance_not_stated')).thenThrows(E.NOT_FOUND);
    });
  });

  describe('when in progress', () => {
    it('terminates on a ground', () => {
      spec
        .given(appealInProgress)
        .when(terminate('substance_not_stated'))
        .then([terminated('substance_not_stated')]);
    });

    it('keeps the text of an other legal ground', () => {
      spec
        .given(appealInProgress)
        .when(terminate('other_legal_ground', 'Art. 89 p. 1'))
        .then([
          {
            type: 'AppealTerminated',
            data: {
              appealId: APPEAL_ID,
              ground: 'other_legal_ground',
              groundText: 'Art. 89 p. 1',
              terminatedAt: '2026-03-10T06:00:00.000Z',
            },
          },
        ]);
    });

    it('refuses the anonymous ground for an identified individual', () => {
      spec.given(appealInProgress).when(terminate('anonymous')).thenThrows(E.GROUND_NOT_APPLICABLE);
    });

    it('refuses the anonymous ground for a legal entity', () => {
      spec.given(legalEntityAppeal).when(terminate('anonymous')).thenThrows(E.GROUND_NOT_APPLICABLE);
    });
  });

  describe('when registered or waiting for triage', () => {
    it('terminates before routing, e.g. an empty appeal', () => {
      spec
        .given(registeredAppeal)
        .when(terminate('substance_not_stated'))
        .then([terminated('substance_not_stated')]);
      spec
        .given(triagedAppeal)
        .when(terminate('returned'))
        .then([terminated('returned')]);
    });
  });

  describe('when anonymous', () => {
    it('terminates on the anonymous ground', () => {
      spec
        .given(anonymousAppeal)
        .when(terminate('anonymous'))
        .then([terminated('anonymous')]);
    });

    it('refuses when the report is about a crime or a threat: it must be forwarded to law enforcement', () => {
      spec
        .given(anonymousCrimeReport)
        .when(terminate('anonymous'))
        .thenThrows(E.ANONYMOUS_CRIME_MUST_BE_FORWARDED);
    });
  });

  describe('when an anonymous report of a crime never reached law enforcement', () => {
    it.each([
      'substance_not_stated',
      'repeated_no_new_arguments',
      'returned',
      'court_act_in_force',
      'administrative_decision_exists',
    ] as const)('refuses the ground %s too: it would skip the forward to law enforcement', (ground) => {
      spec
        .given(anonymousCrimeReport)
        .when(terminate(ground))
        .thenThrows(E.ANONYMOUS_CRIME_MUST_BE_FORWARDED);
    });

    it('refuses an other legal ground as well', () => {
      spec
        .given(anonymousCrimeReport)
        .when(terminate('other_legal_ground', 'Art. 89 p. 1'))
        .thenThrows(E.ANONYMOUS_CRIME_MUST_BE_FORWARDED);
    });
  });

  describe('when an anonymous report of a crime is with law enforcement', () => {
    it('may be terminated there on another ground', () => {
      spec
        .given(crimeReportWithPolice)
        .when(terminate('court_act_in_force'))
        .then([terminated('court_act_in_force')]);
    });

    it('still may not be terminated as anonymous', () => {
      spec
        .given(crimeReportWithPolice)
        .when(terminate('anonymous'))
        .thenThrows(E.ANONYMOUS_CRIME_MUST_BE_FORWARDED);
    });
  });

  describe('on the withdrawal ground', () => {
    it('refuses while the applicant has not withdrawn the appeal', () => {
      spec.given(appealInProgress).when(terminate('withdrawn')).thenThrows(E.GROUND_NOT_APPLICABLE);
    });

    it('terminates the procedure once the applicant withdrew it (an AppealWithdrawn in the stream)', () => {
      spec
        .given(withdrawnAppeal)
        .when(terminate('withdrawn'))
        .then([terminated('withdrawn')]);
    });

    it('does nothing the second time', () => {
      spec
        .given([...withdrawnAppeal, terminated('withdrawn')])
        .when(terminate('withdrawn'))
        .thenNothingHappens();
    });
  });

  describe('when answered', () => {
    it('refuses', () => {
      spec.given(answeredAppeal).when(terminate('returned')).thenThrows(E.ALREADY_ANSWERED);
    });
  });

  describe('when terminated', () => {
    // another ground is refused (CLOSED): appeal.decider.repeated.unit.test.ts
    it('does nothing on the same ground', () => {
      spec.given(terminatedAppeal).when(terminate('substance_not_stated')).thenNothingHappens();
    });
  });

  describe('when withdrawn', () => {
    it('refuses any ground but the withdrawal: the appeal is closed', () => {
      spec.given(withdrawnAppeal).when(terminate('substance_not_stated')).thenThrows(E.CLOSED);
    });
  });
});

describe('WithdrawAppeal', () => {
  describe('when the appeal does not exist', () => {
    it('refuses', () => {
      spec.given([]).when(withdraw()).thenThrows(E.NOT_FOUND);
    });
  });

  describe('when open', () => {
    it('withdraws a registered appeal', () => {
      spec
        .given(registeredAppeal)
        .when(withdraw())
        .then([
          { type: 'AppealWithdrawn', data: { appealId: APPEAL_ID, withdrawnAt: '2026-03-04T06:00:00.000Z' } },
        ]);
    });

    it('withdraws an appeal in progress, with the reason', () => {
      spec
        .given(appealInProgress)
        .when(withdraw('Resolved on the spot'))
        .then([
          {
            type: 'AppealWithdrawn',
            data: {
              appealId: APPEAL_ID,
              reason: 'Resolved on the spot',
              withdrawnAt: '2026-03-04T06:00:00.000Z',
            },
          },
        ]);
    });
  });

  describe('when answered', () => {
    it('refuses: there is nothing left to withdraw', () => {
      spec.given(answeredAppeal).when(withdraw()).thenThrows(E.ALREADY_ANSWERED);
    });
  });

  describe('when withdrawn', () => {
    it('does nothing', () => {
      spec.given(withdrawnAppeal).when(withdraw()).thenNothingHappens();
    });
  });

  describe('when terminated', () => {
    it('refuses: the appeal is closed', () => {
      spec.given(terminatedAppeal).when(withdraw()).thenThrows(E.CLOSED);
    });
  });
});
