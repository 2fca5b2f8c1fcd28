import type { Mail } from '../../../domain/ports.ts';
import { formatDateTime, t } from '../../ui/messages.ts';
import { assertNoHealthData, type NoHealthData } from '../../ui/no-health-data.ts';
import { contactThroughOrganisationOnly } from '../../ui/reschedule-words.ts';
import type { Localised, ReferringOrg, SpecialistRecipient } from '../../ui/types.ts';
import { renderMail } from './layout.ts';

export type InDoubtEmailInput = NoHealthData<
  Localised & {
    readonly specialist: SpecialistRecipient;
    readonly referringOrg: ReferringOrg;
    readonly appointmentAt: Date;
    readonly contactThroughOrganisationOnly?: boolean;
    /** The person was found in time: the appointment holds after all. */
    readonly back?: boolean;
  }
>;

/**
 * The person was not at the meeting point (or, with `back`, was found again in time: the appointment
 * holds): the specialist learns that the appointment is in doubt (the
 * calendar event stays: the person may yet be found in time), and that they will hear again when it is
 * moved or cancelled. Nothing of why, nothing of the person, not the place (its time says which).
 */
export function inDoubtEmail(input: InDoubtEmailInput): Mail {
  assertNoHealthData(input);
  const { locale, specialist, referringOrg, timeZone } = input;
  const when = formatDateTime(locale, input.appointmentAt, timeZone);
  return renderMail({
    to: specialist.email,
    locale,
    subject: t(locale, input.back ? 'back.subject' : 'absent.subject', { when }),
    blocks: [
      { kind: 'paragraph', text: t(locale, 'email.greeting', { name: specialist.displayName }) },
      {
        kind: 'paragraph',
        text: t(locale, input.back ? 'back.body' : 'absent.body', { when }),
      },
      ...(input.back ? [] : [{ kind: 'paragraph' as const, text: t(locale, 'absent.next') }]),
      {
        kind: 'paragraph',
        text: input.contactThroughOrganisationOnly
          ? contactThroughOrganisationOnly(locale, referringOrg)
          : t(locale, 'confirmation.contact', { org: referringOrg.name, contact: referringOrg.contact }),
      },
    ],
    footer: [t(locale, 'email.noHealthData'), t(locale, 'email.signature')],
  });
}
