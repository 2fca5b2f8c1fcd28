import { AsyncLocalStorage } from 'node:async_hooks';

/*
 * What a request carries beside its handling, each in its own slot (the work left before the answer,
 * the access it touched), held by ONE AsyncLocalStorage. Node 20 runs a hook of each AsyncLocalStorage
 * in use at every promise made and every continuation (a transition makes well over a thousand), so each
 * further instance costs CPU on every request: the modules share this one rather than make their own.
 */

const scopes = new AsyncLocalStorage<Readonly<Record<symbol, unknown>>>();

/** One value a request carries: set for the handling run inside, read from anywhere within it. */
export interface RequestSlot<T> {
  /** Runs `fn` with this slot set to `value`; the other slots are those of the scope around, if any. */
  run<R>(value: T, fn: () => R): R;
  /** The value of the request under way, if any. */
  get(): T | undefined;
}

export function requestSlot<T>(name: string): RequestSlot<T> {
  const key = Symbol(name);
  return {
    run: (value, fn) => scopes.run({ ...scopes.getStore(), [key]: value }, fn),
    get: () => scopes.getStore()?.[key] as T | undefined,
  };
}
