import type { EventData } from '@appeals/contracts';
import { demoCatalog, loadReferenceData } from '@appeals/reference-data';
import { HOUSING_APPEAL, sealedPlaceholder } from '@appeals/testkit';
import { routeDecision } from './router.consumer';

// Where a newly registered appeal goes, decided from its AppealSubmitted facts and the demo reference data.

const catalog = demoCatalog();

const submitted = (over: Partial<EventData<'AppealSubmitted'>> = {}): EventData<'AppealSubmitted'> => ({
  appealId: '5b0c2f1e-8d4a-4c3b-9e6f-1a2b3c4d5e6f',
  profileId: 'kz-appk',
  ...HOUSING_APPEAL,
  // routing reads the applicant's kind only; who they are stays sealed
  text: sealedPlaceholder(),
  applicant: { type: 'individual', personal: sealedPlaceholder() },
  isAboutCrimeOrThreat: false,
  channel: 'portal',
  receivedAt: '2026-03-02T05:00:00.000Z',
  trackingCodeHash: 'hash',
  origin: { type: 'direct' },
  ...over,
});

describe('routeDecision', () => {
  describe('when the applicant addressed a body', () => {
    it('sends the appeal to that body, whatever the rules say', () => {
      expect(routeDecision(catalog, submitted({ addressedAgencyId: 'moh' }))).toEqual({
        agencyId: 'moh',
        ruleId: 'addressed',
      });
    });

    it('sends an anonymous report of a crime to law enforcement all the same (a registrar files for their own body)', () => {
      const appeal = submitted({
        addressedAgencyId: 'akimat-astana',
        applicant: { type: 'anonymous' },
        isAboutCrimeOrThreat: true,
      });
      expect(routeDecision(catalog, appeal)).toEqual({
        agencyId: 'mvd',
        ruleId: 'anonymous-crime-report',
        lawEnforcement: true,
      });
    });
  });

  describe('when an anonymous applicant reports a crime or threat', () => {
    it('sends it to law enforcement (mvd)', () => {
      const appeal = submitted({ applicant: { type: 'anonymous' }, isAboutCrimeOrThreat: true });
      expect(routeDecision(catalog, appeal)).toEqual({
        agencyId: 'mvd',
        ruleId: 'anonymous-crime-report',
        lawEnforcement: true,
      });
    });

    it('leaves it to triage when the reference data has no law-enforcement body, rather than to another body', () => {
      const noPolice = loadReferenceData({
        ...catalog.data,
        agencies: catalog.data.agencies.map(({ lawEnforcement: _police, ...a }) => a),
      });
      const appeal = submitted({ applicant: { type: 'anonymous' }, isAboutCrimeOrThreat: true });
      expect(routeDecision(noPolice, appeal)).toBeUndefined();
    });

    it('routes an identified applicant’s crime report by the rules instead', () => {
      expect(routeDecision(catalog, submitted({ isAboutCrimeOrThreat: true }))).toEqual({
        agencyId: 'akimat-almaty-bostandyk',
        ruleId: 'r-housing-bostandyk',
      });
    });
  });

  describe('when a rule matches', () => {
    it('picks the district rule over the city rule for housing in Bostandyk (longer KATO prefix, higher priority)', () => {
      expect(routeDecision(catalog, submitted())).toEqual({
        agencyId: 'akimat-almaty-bostandyk',
        ruleId: 'r-housing-bostandyk',
      });
    });

    it('falls back to the city rule for housing elsewhere in Almaty', () => {
      expect(routeDecision(catalog, submitted({ regionKato: '750000000' }))).toEqual({
        agencyId: 'akimat-almaty',
        ruleId: 'r-housing-almaty',
      });
    });

    it('routes by kind when the kind has its own body (media request → mci)', () => {
      expect(routeDecision(catalog, submitted({ kind: 'media_request' }))).toEqual({
        agencyId: 'mci',
        ruleId: 'r-media',
      });
    });

    it('routes public safety to the police by category, anywhere, and says it is law enforcement', () => {
      expect(
        routeDecision(catalog, submitted({ categoryId: 'public_safety', regionKato: '390000000' })),
      ).toEqual({
        agencyId: 'mvd',
        ruleId: 'r-safety',
        lawEnforcement: true,
      });
    });
  });

  describe('when no rule matches', () => {
    it('decides nothing, so the appeal goes to triage', () => {
      expect(
        routeDecision(catalog, submitted({ categoryId: 'environment', regionKato: '390000000' })),
      ).toBeUndefined();
    });

    it('decides nothing for housing in a region without a housing rule (Kostanay)', () => {
      expect(routeDecision(catalog, submitted({ regionKato: '390000000' }))).toBeUndefined();
    });
  });
});
