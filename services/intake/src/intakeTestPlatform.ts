import { createDuplicateFinder } from '@appeals/appeal-application';
import { createInMemoryIdempotencyStore } from '@appeals/http';
import { createTestPlatform, type TestPlatform } from '@appeals/testkit';
import { eraseApplicantRouter } from './eraseApplicant.http';
import { submitAppealRouter } from './submitAppeal.http';

/** The test platform with intake's filing and erasure routes mounted as the service wires them (tests only). */
export function intakeTestPlatform(options: Parameters<typeof createTestPlatform>[0] = {}): TestPlatform {
  const s = createTestPlatform(options);
  const deps = {
    ...s,
    profileId: 'kz-appk',
    idempotency: createInMemoryIdempotencyStore(),
    duplicates: createDuplicateFinder(s),
  };
  s.mount(submitAppealRouter(deps));
  s.mount(eraseApplicantRouter(deps));
  return s;
}
