import type { Mail } from '../../../domain/ports.ts';
import { sharedFacts } from '../../ui/facts.ts';
import { formatDateTime, t } from '../../ui/messages.ts';
import { assertNoHealthData, type NoHealthData } from '../../ui/no-health-data.ts';
import { contactThroughOrganisationOnly } from '../../ui/reschedule-words.ts';
import type { Localised, MailMinimum, ReferringOrg, SpecialistRecipient } from '../../ui/types.ts';
import { renderMail } from './layout.ts';

export type OfferEmailInput = NoHealthData<
  MailMinimum &
    Localised & {
      readonly specialist: SpecialistRecipient;
      readonly referringOrg: ReferringOrg;
      /** The signed offer link (`<base>/o/<token>`). */
      readonly link: string;
      /** The offer's deadline: when the link stops working. */
      readonly expiresAt: Date;
      /** The same offer again at half its time: the subject and the first line say it is a reminder. */
      readonly reminder?: boolean;
    }
>;

/**
 * The email offering an appointment to a specialist: the shared minimum but the specialty (the link's
 * page shows it), the deadline and the link. Its subject says only that a request came. As a reminder it
 * is the same email, said to be one in its subject and its first line.
 */
export function offerEmail(input: OfferEmailInput): Mail {
  assertNoHealthData(input);
  const { locale, specialist, referringOrg, link, timeZone } = input;
  const deadline = formatDateTime(locale, input.expiresAt, timeZone);
  return renderMail({
    to: specialist.email,
    locale,
    subject: t(locale, input.reminder ? 'reminder.subject' : 'offer.subject'),
    blocks: [
      ...(input.reminder ? [{ kind: 'paragraph' as const, text: t(locale, 'reminder.intro') }] : []),
      { kind: 'paragraph', text: t(locale, 'email.greeting', { name: specialist.displayName }) },
      { kind: 'paragraph', text: t(locale, 'offer.intro', { org: referringOrg.name }) },
      { kind: 'paragraph', text: t(locale, 'offer.whatWeKnow') },
      {
        kind: 'facts',
        rows: [
          ...sharedFacts(locale, input),
          [t(locale, 'label.referredBy'), `${referringOrg.name} (${referringOrg.contact})`],
          [t(locale, 'label.answerBefore'), deadline],
        ],
      },
      { kind: 'paragraph', text: t(locale, 'offer.details') },
      ...(input.contactThroughOrganisationOnly
        ? [{ kind: 'paragraph' as const, text: contactThroughOrganisationOnly(locale, referringOrg) }]
        : []),
      { kind: 'paragraph', text: t(locale, 'offer.action') },
      { kind: 'button', label: t(locale, 'offer.button'), href: link },
      { kind: 'paragraph', text: t(locale, 'offer.deadline', { deadline }) },
      { kind: 'small', text: t(locale, 'email.personalLink') },
    ],
    footer: [t(locale, 'email.noHealthData'), t(locale, 'email.signature')],
  });
}
