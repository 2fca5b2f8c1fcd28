import type { Transition } from '../ports.ts';
import type { Referral } from '../referral/model.ts';

/**
 * Several transitions computed one after the other, written as ONE change: the events of every step,
 * the state of the last, and the version moved by one from `from` (one write, one version). Steps that
 * changed nothing add nothing; when none changed, nothing is written.
 */
export function inOneWrite(from: Referral, ...steps: readonly Transition[]): Transition {
  const events = steps.flatMap((s) => s.events);
  const last = steps.at(-1);
  if (!last || events.length === 0) return { referral: from, events: [] };
  return { referral: { ...last.referral, version: from.version + 1 }, events };
}
