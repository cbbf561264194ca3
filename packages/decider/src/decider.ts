/**
 * A decider (Chassaing): pure decisions over a fold of past events.
 * A command that no longer applies yields no events, so redelivery is harmless.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState: State;
  isTerminal(state: State): boolean;
}

/** Folds events into state with the decider's evolve. */
export const fold = <C, E, S>(
  decider: Decider<C, E, S>,
  events: readonly E[],
  from: S = decider.initialState,
): S => events.reduce(decider.evolve, from);

/** A rule broken by a command: stable code for clients, optional field it concerns. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isDomainError = (e: unknown): e is DomainError =>
  e instanceof DomainError ||
  (typeof e === 'object' &&
    e !== null &&
    (e as { name?: unknown }).name === 'DomainError' &&
    typeof (e as { code?: unknown }).code === 'string');
