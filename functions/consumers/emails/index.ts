/** The emails Relais sends, each a pure function of inputs that cannot carry health data. */

export type {
  CalendarRef,
  Localised,
  MailMinimum,
  ReferringOrg,
  SharedMinimum,
  SpecialistRecipient,
} from '../../ui/types.ts';
export { type AddressEmailInput, addressEmail } from './address-email.ts';
export { appointmentSummary } from './appointment-email.ts';
export { type ConfirmationEmailInput, confirmationEmail } from './confirmation-email.ts';
export { type OfferEmailInput, offerEmail } from './offer-email.ts';
export {
  STAFF_NOTIFICATION_KINDS,
  type StaffNotificationEmailInput,
  type StaffNotificationKind,
  staffNotificationEmail,
} from './staff-notification-email.ts';
export { type WithdrawnEmailInput, withdrawnEmail } from './withdrawn-email.ts';
