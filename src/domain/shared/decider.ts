/** A domain event or command as plain readonly data: `{ type, data }`, discriminated on `type`. */
export type Message<Type extends string = string, Data extends object = object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
}>;

/**
 * An aggregate as three pure functions (no I/O, no clock, no randomness): time, ids and outside facts
 * arrive inside the command.
 */
export type Decider<Command extends Message, Event extends Message, State> = Readonly<{
  decide: (command: Command, state: State) => readonly Event[];
  evolve: (state: State, event: Event) => State;
  initialState: () => State;
}>;

/** Ends every `switch` on a union: adding a member without handling it fails to compile. */
export const assertNever = (value: never): never => {
  throw new Error(`Unhandled variant: ${JSON.stringify(value)}`);
};
