import { DomainError, fold, type Decider } from './decider';

/**
 * Given/when/then specifications for deciders.
 *
 * @example
 * const spec = DeciderSpecification.for(appealDecider);
 * spec.given([submitted, registered]).when(route).then([routed]);
 * spec.given([submitted]).when(route).thenThrows('APPEAL.NOT_REGISTERED');
 */
export const DeciderSpecification = {
  for<C, E, S>(decider: Decider<C, E, S>) {
    return {
      given(events: E[]) {
        return {
          when(command: C) {
            const run = () => decider.decide(command, fold(decider, events));
            return {
              then(expected: E[]) {
                expect(run()).toEqual(expected);
              },
              thenNothingHappens() {
                expect(run()).toEqual([]);
              },
              /** runs the decision and hands the events to an assertion */
              thenMatches(assert: (events: E[]) => void) {
                assert(run());
              },
              thenThrows(code: string) {
                let caught: unknown;
                try {
                  run();
                } catch (e) {
                  caught = e;
                }
                expect(caught).toBeInstanceOf(DomainError);
                expect((caught as DomainError).code).toBe(code);
              },
            };
          },
        };
      },
    };
  },
};
