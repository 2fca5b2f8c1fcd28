import type { Caller } from '../caller.ts';
import { checkIfMatch, DomainError, refuse } from '../errors.ts';
import { escalationIdsOf } from '../escalations/referral-escalations.ts';
import type { Transition, TransitionContext } from '../ports.ts';
import type { WriteDeps } from './deps.ts';
import { type Need, visibleTo } from './load-referral.ts';
import type { Referral } from './model.ts';
import { changed } from './transition.ts';

/**
 * How many times a change is decided when other writes keep moving the referral under it. The same for
 * every route, link, consumer and person-wide change; the sweep asks for 1 (a deadline it loses is left
 * to the next sweep, which sees the new state).
 */
export const ATTEMPTS = 5;

/** When a decision is made and where its fresh ids come from: the decision names its actor. */
export type Moment = Omit<TransitionContext, 'actor'>;

/** Decides the change from the referral as read: pure transitions, combined into one write. */
export type Decide<R> = (r: R, at: Moment) => Transition | Promise<Transition>;

export interface ChangeOptions {
  /** The staff member asking: a referral they may not see is "not found", like one that does not exist. */
  readonly caller?: Caller | undefined;
  /**
   * How far the caller must reach the referral for this change (load-referral.ts): `organisation` (the
   * default) for the referring organisation only, `coordination` for a change a network coordinator may
   * make on an escalated referral of another organisation, `taking` for taking an accompaniment.
   */
  readonly reach?: Need | undefined;
  /**
   * The version the client based its change on (If-Match): a referral at another version is refused
   * (409) at once, never decided again, since the client asked for exactly that version.
   */
  readonly ifMatch?: number | undefined;
  /** How many times to decide when the write loses a race. @default ATTEMPTS */
  readonly attempts?: number | undefined;
  /** The referral as the caller already read it (the sweep's due index, a list): spares the first read. */
  readonly read?: Referral | undefined;
  /**
   * The id was made for this write (a fresh ULID, no Idempotency-Key): nothing can be stored under it,
   * so the first read is spared and the decision made on "nothing yet". Were the create to lose all the
   * same, the referral would be read and the change decided again, as for any lost race.
   */
  readonly idIsNew?: boolean | undefined;
}

export interface Written {
  readonly referral: Referral;
  /** False when the decision changed nothing (an idempotent repeat): nothing was written. */
  readonly written: boolean;
}

/**
 * THE write path of a referral: read → authorise → decide → one write conditional on the version read
 * (a create when nothing is stored yet). When another write got there first (the sweep, a colleague, a
 * second click), the referral is read again and the change decided again on the fresh state: nobody
 * fails because something unrelated happened meanwhile, and the rules still refuse what the fresh state
 * no longer allows (the second of two acceptances is told "taken", the second close "already closed").
 * A refusal by the rules is final; only a lost race is retried. `decide` gets `undefined` for a referral
 * that does not exist, unless a caller is given (then it is "not found").
 */
export async function writeReferral(
  deps: WriteDeps,
  id: string,
  decide: Decide<Referral | undefined>,
  opts: ChangeOptions = {},
): Promise<Written> {
  const attempts = opts.ifMatch !== undefined ? 1 : Math.max(1, opts.attempts ?? ATTEMPTS);
  let known = opts.read;
  let absent = opts.idIsNew === true && known === undefined;
  // The first read is eventually consistent (half the read units): the write is conditional on the
  // version read, so a stale read costs a lost race, never a wrong write. What it would answer without
  // writing (not found, If-Match, a rule's refusal, nothing to change) is read again strongly consistent
  // and decided again before it is answered.
  let consistent = false;
  for (let attempt = 1; ; attempt++) {
    const fresh = known !== undefined || consistent || absent;
    const read = absent
      ? undefined
      : (known ?? (await deps.store.get(id, consistent ? {} : { consistent: false })));
    known = undefined;
    absent = false;
    let t: Transition;
    let r: Referral | undefined;
    try {
      r = opts.caller ? await visibleTo(deps, read, opts.caller, opts.reach) : read;
      if (r) checkIfMatch(opts.ifMatch, r.version, 'referral');
      t = await decide(r, { now: deps.clock.now().toISOString(), newId: deps.newId });
    } catch (err) {
      if (fresh || !(err instanceof DomainError)) throw err;
      consistent = true;
      attempt--;
      continue;
    }
    if (!changed(t)) {
      if (fresh) return { referral: t.referral, written: false };
      consistent = true;
      attempt--;
      continue;
    }
    // The one version rule (transition.ts), checked where it is written: a bug, never a user's error.
    if (t.referral.version !== (r?.version ?? 0) + 1) throw new Error('a write must move the version by one');
    t = markEscalated(t);
    try {
      if (r) await deps.store.save(t, r.version, r);
      else await deps.store.create(t);
      return { referral: t.referral, written: true };
    } catch (err) {
      const lostTheRace = err instanceof DomainError && err.kind === 'conflict';
      if (!lostTheRace || attempt >= attempts) throw err;
      consistent = true;
    }
  }
}

/**
 * The transition's events, each saying whether the referral it leaves has an escalation raised
 * (`escalated`, events/envelope.ts): stamped here, where every change of a referral is written, so that
 * no event of a referral goes out without it.
 */
function markEscalated(t: Transition): Transition {
  const escalated = escalationIdsOf(t.referral).length > 0;
  return { ...t, events: t.events.map((e) => ({ ...e, escalated })) };
}

/** {@link writeReferral} for a referral that must exist: the changed referral, as written. */
export async function changeReferral(
  deps: WriteDeps,
  id: string,
  decide: Decide<Referral>,
  opts: ChangeOptions = {},
): Promise<Referral> {
  const w = await writeReferral(
    deps,
    id,
    (r, at) => (r ? decide(r, at) : refuse('not_found', 'No such referral.')),
    opts,
  );
  return w.referral;
}
