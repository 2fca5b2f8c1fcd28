import { type Organisation, organisationTimeZone, type Specialist } from '../../domain/directory/model.ts';
import { sharedView } from '../../domain/links/view-link.ts';
import type { ReferralSealedField } from '../../domain/ports.ts';
import type { Appointment, Referral } from '../../domain/referral/model.ts';
import type { EventOf, EventType, RelaisEvent } from '../../events/catalog.ts';
import type { Deps } from '../lib/deps.ts';
import { organisationOf } from '../lib/organisation-cache.ts';
import type { Logger } from '../ports/logger.ts';
import { type Consumer, withReadsBesideClaim } from './dispatch.ts';
import type { AppointmentEmailInput } from './emails/appointment-email.ts';
import type {
  CalendarRef,
  Localised,
  MailMinimum,
  ReferringOrg,
  SpecialistRecipient,
} from './emails/index.ts';
import { outcomeLink } from './links.ts';
import type { NotifyDeps } from './notify-parts.ts';
import { type EventRead, referralOf } from './referral-of-event.ts';

/*
 * The steps the consumers that email specialists share: a logger per event, and the start of every
 * email's input (who it goes to, the shared minimum but the specialty, for an appointment its time and
 * outcome link; never its place).
 */

/** The logger of one consumer handling one event: every line says which, and of which referral. */
export const consumerLog = (
  deps: Pick<Deps, 'logger'>,
  consumer: string,
  event: Pick<RelaisEvent, 'id' | 'referralId'>,
): Logger => deps.logger.child({ consumer, eventId: event.id, referralId: event.referralId });

/** What every email to a specialist about a referral starts with, to spread into the template's input. */
export type SpecialistMailBase = Localised &
  MailMinimum & {
    readonly specialist: SpecialistRecipient;
    readonly referringOrg: ReferringOrg;
  };

/** The directory entries an email to a specialist needs besides the referral. */
export type MailRecipients = readonly [Specialist | undefined, Organisation | undefined];

/**
 * Reads the specialist and the referring organisation. Both are named by the event itself
 * (`specialistId`, `org`), so a consumer can send these reads beside the referral's: one round trip
 * instead of two before the email goes out.
 */
export const readMailRecipients = (
  deps: Pick<Deps, 'specialists' | 'organisations'>,
  specialistId: string,
  org: string,
): Promise<MailRecipients> => Promise.all([deps.specialists.get(specialistId), organisationOf(deps, org)]);

/**
 * The organizer of a calendar invitation about a referral: the referring organisation's desk, which
 * arranges the appointment and answers for it (iTIP wants an ORGANIZER on REQUEST and CANCEL).
 * Undefined when the organisation is not in the directory.
 */
export const deskOrganizer = (
  org: Organisation | undefined,
): { readonly email: string; readonly name: string } | undefined =>
  org?.contact.email ? { email: org.contact.email, name: org.name } : undefined;

/** The specialist's calendar event of an appointment: one per accepted offer, across every change. */
export const appointmentUid = (offerId: string): string => `${offerId}@relais`;

/** The reference of the specialist's calendar event at `sequence`, organised by the referring desk. */
export const specialistCalendar = (
  offerId: string,
  sequence: number,
  now: Date,
  org: Organisation | undefined,
): CalendarRef => {
  const organizer = deskOrganizer(org);
  return { uid: appointmentUid(offerId), sequence, now, ...(organizer ? { organizer } : {}) };
};

/** The referral and the recipients an event names ({@link readReferralAndRecipients}). */
type ReferralAndRecipients = readonly [Referral | undefined, MailRecipients];

/**
 * The referral of an event that names its specialist, read together with that specialist and the
 * referring organisation: what an email about an offer or an appointment needs, in one round trip.
 */
const readReferralAndRecipients = (
  deps: Pick<Deps, 'store' | 'specialists' | 'organisations'>,
  event: EventRead & {
    readonly org: string;
    readonly data: { readonly specialistId: string };
  },
  reveal: readonly ReferralSealedField[] | undefined,
): Promise<ReferralAndRecipients> =>
  Promise.all([
    referralOf(deps, event, reveal ? { reveal } : {}),
    readMailRecipients(deps, event.data.specialistId, event.org),
  ]);

/** Event types that name the specialist an email goes to (`data.specialistId`). */
type NamesSpecialist = {
  [T in EventType]: EventOf<T>['data'] extends { readonly specialistId: string } ? T : never;
}[EventType];

/**
 * A consumer that emails the specialist an event names, about its referral: the referral, the
 * specialist and the referring organisation are read together with the de-duplication claim
 * ({@link withReadsBesideClaim}), then `act` decides and sends. `reveal`: the sealed fields its email
 * shows (all by default); with none, the referral is read sealed, and the organisation's data key is
 * not fetched for it (need to know, and a KMS call and a key-ring read fewer).
 */
export function specialistEmailConsumer<T extends NamesSpecialist>(
  name: string,
  type: T,
  act: (
    event: EventOf<T>,
    deps: NotifyDeps,
    read: { readonly r: Referral | undefined; readonly recipients: MailRecipients; readonly log: Logger },
  ) => Promise<void>,
  options: { readonly reveal?: readonly ReferralSealedField[] } = {},
): Consumer<NotifyDeps> {
  const isType = (event: RelaisEvent): event is EventOf<T> => event.type === type;
  const { reveal } = options;
  return withReadsBesideClaim<NotifyDeps, ReferralAndRecipients | undefined>({
    name,
    handles: [type],
    ...(reveal?.length === 0 ? { opensSealed: false as const } : {}),
    read: async (event, deps) => (isType(event) ? readReferralAndRecipients(deps, event, reveal) : undefined),
    async act(event, deps, read) {
      if (!isType(event) || !read) return;
      const [r, recipients] = read;
      await act(event, deps, { r, recipients, log: consumerLog(deps, name, event) });
    },
  });
}

/**
 * The specialist's language and address, the referring organisation's time zone, and the referral's shared minimum with the referring
 * organisation: built by `sharedView`, so an email can say no more than the specialist's link page, and
 * without the specialty, which the page shows and an email does not (EMAIL_FORBIDDEN_KEYS).
 * Undefined when the specialist is not (or no longer) in the directory.
 */
export function mailBaseOf(r: Referral, [specialist, org]: MailRecipients): SpecialistMailBase | undefined {
  if (!specialist) return undefined;
  const { specialty: _onTheLinkPage, ...minimum } = sharedView(r, org);
  return {
    locale: specialist.locale,
    // Times as the link page shows them and as the specialist typed them: the organisation's zone.
    timeZone: organisationTimeZone(org),
    specialist: { displayName: specialist.displayName, email: specialist.email },
    ...minimum,
  };
}

/** {@link mailBaseOf} once the recipients are read, for a consumer that had to read the referral first. */
export async function specialistMailBase(
  deps: Pick<Deps, 'specialists' | 'organisations'>,
  r: Referral,
  specialistId: string,
): Promise<SpecialistMailBase | undefined> {
  return mailBaseOf(r, await readMailRecipients(deps, specialistId, r.org));
}

/** What an email about a set appointment starts with: all but its calendar reference. */
export type AppointmentMailBase = Omit<AppointmentEmailInput, 'calendar'>;

/**
 * {@link specialistMailBase} for the appointment's specialist, with its time and a freshly signed outcome
 * link (the confirmation, and each change of time): the link's page shows the place, the email does not.
 * Undefined when the specialist is not in the directory. `recipients`, when the consumer read them beside
 * the referral, saves reading again.
 */
export async function appointmentMailBase(
  deps: Pick<Deps, 'specialists' | 'organisations' | 'linkTokens' | 'settings'>,
  r: Referral,
  appointment: Appointment,
  now: Date,
  recipients?: MailRecipients,
): Promise<AppointmentMailBase | undefined> {
  // Signing the link does not wait for the reads (a signature for a specialist who has left is dropped).
  const [base, outcome] = await Promise.all([
    recipients ? mailBaseOf(r, recipients) : specialistMailBase(deps, r, appointment.specialistId),
    outcomeLink(deps, r, appointment, now),
  ]);
  if (!base) return undefined;
  return {
    ...base,
    appointmentAt: new Date(appointment.at),
    outcomeLink: outcome.url,
    outcomeLinkExpiresAt: outcome.expiresAt,
  };
}
