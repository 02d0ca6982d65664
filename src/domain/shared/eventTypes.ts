/**
 * Lists the `type` names of an event union at runtime. Taking a record keyed by every member makes the
 * compiler reject a list that forgets an event.
 */
export const eventTypeNames = <Type extends string>(names: { readonly [K in Type]: K }): readonly Type[] =>
  Object.freeze(Object.values<Type>(names));

/** A type guard over such a list, for projections and processors that receive untyped recorded events. */
export const eventTypeGuard =
  <Event extends { readonly type: string }>(names: readonly Event['type'][]) =>
  (event: { readonly type: string }): event is Event =>
    (names as readonly string[]).includes(event.type);
