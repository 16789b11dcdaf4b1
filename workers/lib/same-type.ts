/**
 * `true` only when A and B are the same type (each assignable to the other). Assign `true` to a
 * constant of this type to make the type check fail when two copies of a shape drift apart.
 */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
