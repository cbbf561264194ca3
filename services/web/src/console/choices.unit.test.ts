import { DecisionKind } from '@appeals/contracts';
import { DECISIONS } from './choices';

// The console lists the decision kinds in its own order; this keeps the list complete.
describe("the console's choices", () => {
  it('offer exactly the API’s decision kinds', () => {
    expect([...DECISIONS].sort()).toEqual([...DecisionKind.options].sort());
  });
});
