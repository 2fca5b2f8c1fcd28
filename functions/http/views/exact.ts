/*
 * Views are typed by their response schemas (`z.output<typeof referralViewSchema>`), and more: TypeScript
 * refuses a key the type lacks only when it is written in an object literal, not when it comes from a
 * spread (`...(r.hold ? { hold: r.hold } : {})`) or from a domain object passed through (`consent:
 * r.consent`). `exactly` refuses those too, at any depth, so a field a view emits and its schema does
 * not declare (and so /openapi.json does not document) fails to compile.
 */

type KeysOf<S> = S extends unknown ? keyof S : never;
type ValueOf<S, K extends PropertyKey> = S extends unknown ? (K extends keyof S ? S[K] : never) : never;

/** `T` with every key that `Shape` lacks (at any depth) typed `never`. */
export type Exact<Shape, T> = T extends readonly (infer E)[]
  ? NonNullable<Shape> extends readonly (infer S)[]
    ? readonly Exact<S, E>[]
    : T
  : T extends object
    ? {
        [K in keyof T]: K extends KeysOf<NonNullable<Shape>>
          ? Exact<ValueOf<NonNullable<Shape>, K>, T[K]>
          : never;
      }
    : T;

/** `value` as `Shape`, refused at compile time when it carries a key `Shape` does not declare. */
export const exactly =
  <Shape>() =>
  <T extends Shape>(value: T & Exact<Shape, T>): Shape =>
    value;
