import { requestSlot } from './request-scope.ts';

/*
 * Work a request starts but need not wait for, so long as it is done before the answer leaves: the
 * staff member recorded as seen while the route reads what it was asked. It runs beside the request
 * (a cold start's first request pays the slower of the two round trips, not their sum) and the answer
 * waits for it, so nothing is left running when a Lambda container is frozen between invocations, and
 * a test that asks again after an answer finds it done.
 */

const requests = requestSlot<Promise<unknown>[]>('work before the answer');

/**
 * Runs `answer` (a request's handling), then waits for the work it left with {@link beforeAnswer},
 * whether the handling succeeded or not.
 */
export async function answeringAfterWork<T>(answer: () => Promise<T>): Promise<T> {
  const pending: Promise<unknown>[] = [];
  try {
    return await requests.run(pending, answer);
  } finally {
    // Failures are the work's own to handle (it is handed over already caught): only its end matters.
    await settle(pending);
  }
}

/**
 * Lets `work` (already observing its own failure) finish before the answer of the request under way
 * leaves rather than now; outside a request (no {@link answeringAfterWork} around it), waits for it here.
 */
export async function beforeAnswer(work: Promise<void>): Promise<void> {
  const pending = requests.get();
  if (pending) pending.push(work);
  else await work;
}

/**
 * Waits for the work the request under way has left so far: for a read that must see it (the staff
 * list shows the caller, recorded as seen by this very request).
 */
export async function workDone(): Promise<void> {
  const pending = requests.get();
  if (pending) await settle(pending);
}

/** Until none is left: work may start more work. */
async function settle(pending: Promise<unknown>[]): Promise<void> {
  while (pending.length > 0) await Promise.allSettled(pending.splice(0));
}
