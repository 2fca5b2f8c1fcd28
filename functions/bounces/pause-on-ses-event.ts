import * as z from 'zod/mini';
import { normalisedEmail, type Specialist, specialistVersion } from '../../domain/directory/model.ts';
import {
  type DeliveryFailure,
  pauseForDeliveryFailure,
} from '../../domain/directory/pause-for-delivery-failure.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Clock, SpecialistStore } from '../../domain/ports.ts';
import { ATTEMPTS } from '../../domain/referral/change-referral.ts';
import type { Logger } from '../ports/logger.ts';

/*
 * SES (configuration set → EventBridge default bus) tells us when mail bounced or was reported as spam.
 * The events are parsed at the edge, loosely (SES adds fields), for the few fields we act on.
 */

const recipient = z.looseObject({ emailAddress: z.string().check(z.minLength(3), z.maxLength(320)) });

export const sesEventSchema = z.looseObject({
  source: z.literal('aws.ses'),
  'detail-type': z.string(),
  id: z.string(),
  detail: z.looseObject({
    eventType: z.string(),
    bounce: z.optional(
      z.looseObject({
        bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']),
        bounceSubType: z.optional(z.string()),
        bouncedRecipients: z.array(recipient).check(z.minLength(1)),
      }),
    ),
    complaint: z.optional(z.looseObject({ complainedRecipients: z.array(recipient).check(z.minLength(1)) })),
  }),
});
export type SesEvent = z.infer<typeof sesEventSchema>;

export interface PauseDeps {
  readonly specialists: SpecialistStore;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface PauseOutcome {
  /** The specialists paused by this event (ids only). */
  readonly paused: readonly string[];
  /** Recipients of the event that are not in the directory (staff desks, typos), counted only. */
  readonly unknownRecipients: number;
}

/** What an SES event says went wrong, and for whom; undefined for events that need no action. */
export function failureOf(event: SesEvent): { failure: DeliveryFailure; addresses: string[] } | undefined {
  const { detail } = event;
  if (detail.eventType === 'Bounce' && detail.bounce) {
    return {
      // "Undetermined" bounces are treated as the temporary kind: SES could not tell.
      failure: detail.bounce.bounceType === 'Permanent' ? 'permanent_bounce' : 'transient_bounce',
      addresses: detail.bounce.bouncedRecipients.map((r) => r.emailAddress),
    };
  }
  if (detail.eventType === 'Complaint' && detail.complaint) {
    return {
      failure: 'complaint',
      addresses: detail.complaint.complainedRecipients.map((r) => r.emailAddress),
    };
  }
  return undefined;
}

/** The page size used to read the directory while looking an address up. */
const PAGE = 100;

/**
 * Finds the directory entries of the addresses, case-insensitively. The directory has no index by email:
 * it is read page by page (a Query on its partition, not a Scan). It holds hundreds of entries, and
 * bounces are rare: not worth an index and a second write on every directory change.
 */
async function specialistsByEmail(
  store: SpecialistStore,
  addresses: readonly string[],
): Promise<Specialist[]> {
  const wanted = new Set(addresses.map(normalisedEmail));
  const found: Specialist[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ limit: PAGE, ...(cursor ? { cursor } : {}) });
    for (const s of page.items) if (wanted.has(normalisedEmail(s.email))) found.push(s);
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

/**
 * Pauses in matching every specialist an SES bounce or complaint names. Idempotent (EventBridge
 * delivers at least once): a repeat finds them paused already. Logs ids and codes, never an address.
 */
export async function pauseOnSesEvent(input: unknown, deps: PauseDeps): Promise<PauseOutcome> {
  return (await pauseFailing(input, deps)).outcome;
}

/**
 * Pauses one specialist with a write conditional on the version read, as every directory change is: a
 * coordinator's PATCH landing at the same instant is never lost, and the pause is decided again on the
 * entry as it now is, as many times as the referral write path does (ATTEMPTS). False when nothing changed (already paused as long, or the entry is gone).
 */
async function pauseOne(deps: PauseDeps, found: Specialist, failure: DeliveryFailure, now: Date) {
  let s: Specialist | undefined = found;
  for (let attempt = 1; s; attempt++) {
    const next = pauseForDeliveryFailure(s, failure, now);
    if (!next) return false;
    try {
      await deps.specialists.save(next, specialistVersion(s));
      return true;
    } catch (err) {
      if (!(err instanceof DomainError && err.kind === 'conflict') || attempt >= ATTEMPTS) throw err;
      s = await deps.specialists.get(s.id);
    }
  }
  return false;
}

/**
 * {@link pauseOnSesEvent}, also returning every specialist the event names (paused by it or already):
 * whose pending offers nobody will answer.
 */
export async function pauseFailing(
  input: unknown,
  deps: PauseDeps,
): Promise<{ readonly outcome: PauseOutcome; readonly failing: readonly Specialist[] }> {
  const event = sesEventSchema.parse(input);
  const log = deps.logger.child({ sesEventId: event.id, detailType: event['detail-type'] });
  const what = failureOf(event);
  if (!what) {
    log.debug('SES event needs no action');
    return { outcome: { paused: [], unknownRecipients: 0 }, failing: [] };
  }
  const found = await specialistsByEmail(deps.specialists, what.addresses);
  const now = deps.clock.now();
  const paused: string[] = [];
  for (const s of found) {
    if (await pauseOne(deps, s, what.failure, now)) paused.push(s.id);
  }
  const known = new Set(found.map((s) => normalisedEmail(s.email)));
  const unknownRecipients = new Set(what.addresses.map(normalisedEmail).filter((a) => !known.has(a))).size;
  log.info('specialists paused after a delivery failure', {
    failure: what.failure,
    paused,
    unknownRecipients,
  });
  return { outcome: { paused, unknownRecipients }, failing: found };
}
