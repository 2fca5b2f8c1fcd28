import { organisationTimeZone } from '../../domain/directory/model.ts';
import type { Referral } from '../../domain/referral/model.ts';
import type { EventType, RelaisEvent } from '../../events/catalog.ts';
import { organisationOf } from '../lib/organisation-cache.ts';
import type { Consumer } from './dispatch.ts';
import { accompanimentInvitationEmail } from './emails/accompaniment-invitation-email.ts';
import type { NotifyDeps } from './notify-parts.ts';
import { referralOf } from './referral-of-event.ts';
import { consumerLog, deskOrganizer } from './specialist-mail.ts';
import { referralPageUrl, tellStaff } from './staff-feed.ts';

const HANDLED = [
  'accompaniment.assigned',
  'appointment.rescheduled',
  'referral.closed',
] as const satisfies EventType[];

/** What changes the accompanier's calendar event: its first assignment, then each change. */
const CHANGES: readonly string[] = ['accompaniment.assigned', 'appointment.rescheduled'];

/** The accompaniment's calendar event: apart from the specialist's (`<offerId>@relais`). */
export const accompanimentUid = (offerId: string): string => `${offerId}.accompaniment@relais`;

/**
 * The sequence of the accompaniment's calendar event after the changes up to `until`: 0 for the first
 * assignment, one more for each reassignment, new meeting details or reschedule after it.
 */
export function accompanimentSequence(r: Referral, until: string): number {
  const upTo = r.timeline.filter((e) => Date.parse(e.at) <= Date.parse(until));
  const first = upTo.findIndex((e) => e.action === 'accompaniment.assigned');
  if (first < 0) return 0;
  return Math.max(0, upTo.slice(first).filter((e) => CHANGES.includes(e.action)).length - 1);
}

/**
 * The accompanier's side of an accompaniment: a calendar invitation when it is assigned (and an update,
 * same uid and a higher sequence, when it is reassigned, its meeting details change or the appointment
 * moves), and when the referral is closed before the appointment took place (cancelled, consent
 * withdrawn, contact lost, returned with advice) an item in the accompanier's feed and the calendar
 * cancellation.
 *
 * Relais knows staff by their `sub` only, never by address: the invitation and the cancellation go to
 * the organisation's desk address (organiser and attendee both), the one staff address Relais has, from
 * which the accompanier's calendar is served; the accompanier hears of the cancellation personally in
 * their feed.
 */
export const tellAccompanier: Consumer<NotifyDeps> = {
  name: 'tell-accompanier',
  handles: HANDLED,
  async handle(event, deps) {
    const log = consumerLog(deps, 'tell-accompanier', event);
    const r = await referralOf(deps, event);
    const appointment = r?.appointment;
    const accompanierId = r?.accompaniment.accompanierId;
    if (!r || !appointment || !accompanierId || r.outcome) return log.debug('no accompaniment to tell of');

    const cancelled = event.type === 'referral.closed';
    if (cancelled) {
      await tellStaff(deps, r, event, 'accompaniment_cancelled', [accompanierId]);
    } else if (r.status !== 'scheduled' || !isCurrent(r, event)) {
      return log.info('accompaniment moved on since: no invitation');
    }

    const org = await organisationOf(deps, r.org);
    const organizer = deskOrganizer(org);
    if (!org || !organizer) return log.warn('organisation has no desk address: feed only', { org: r.org });
    const sequence = accompanimentSequence(r, event.at);
    // Neither the place nor the meeting point (typed by people), nor the specialty: the referral's page
    // behind sign-in shows them (accompanimentInvitationEmail).
    const { meetingAt } = r.accompaniment;
    await deps.mailer.send(
      accompanimentInvitationEmail({
        to: organizer.email,
        locale: org.locale,
        timeZone: organisationTimeZone(org),
        appointmentAt: new Date(appointment.at),
        ...(meetingAt && !cancelled ? { meetingAt: new Date(meetingAt) } : {}),
        method: cancelled ? 'CANCEL' : 'REQUEST',
        calendar: {
          uid: accompanimentUid(appointment.offerId),
          sequence: cancelled ? sequence + 1 : sequence,
          now: deps.clock.now(),
          organizer,
        },
        link: referralPageUrl(deps, r.id),
      }),
    );
    log.info(cancelled ? 'accompaniment cancellation sent' : 'accompaniment invitation sent', {
      sequence,
    });
  },
};

/** Whether the event is still the latest change of the accompaniment (a later one sends its own). */
function isCurrent(r: Referral, event: RelaisEvent): boolean {
  const later = r.timeline.some((e) => CHANGES.includes(e.action) && Date.parse(e.at) > Date.parse(event.at));
  return !later;
}
