import { type Decider, type Message } from '../../../src/domain/shared/decider';
import { type OrderlyError } from '../../../src/domain/shared/errors';

type ErrorClass = abstract new (...args: never[]) => OrderlyError;

/**
 * given(events).when(command).then(events) / .thenThrows(ErrorClass, code): folds the given events with
 * `evolve`, runs `decide`, and also folds the decided events so a decision `evolve` cannot apply fails.
 */
export const DeciderSpecification = {
  for:
    <Command extends Message, Event extends Message, State>(decider: Decider<Command, Event, State>) =>
    (given: readonly Event[] = []) => ({
      when: (command: Command) => {
        const state = given.reduce(decider.evolve, decider.initialState());
        const decide = (): readonly Event[] => decider.decide(command, state);
        return {
          then: (expected: readonly Event[]): void => {
            const decided = decide();
            expect(decided).toEqual(expected);
            decided.reduce(decider.evolve, state);
          },
          thenNothing: (): void => {
            expect(decide()).toEqual([]);
          },
          thenThrows: (errorClass: ErrorClass, code: string): void => {
            const thrown = thrownBy(decide);
            expect(thrown).toBeInstanceOf(errorClass);
            expect(thrown).toMatchObject({ code });
          },
        };
      },
    }),
};

/** The error `action` throws, or undefined if it returns. */
export const thrownBy = (action: () => unknown): unknown => {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
};
