import type { Mail } from '../../../domain/ports.ts';
import { t } from '../../ui/messages.ts';
import { assertNoHealthData, type NoHealthData } from '../../ui/no-health-data.ts';
import type { Localised, SpecialistRecipient } from '../../ui/types.ts';
import { renderMail } from './layout.ts';

export type AddressEmailInput = NoHealthData<
  Localised & {
    readonly specialist: SpecialistRecipient;
    /** The signed address link (`<base>/o/<token>/address`): its page confirms, its GET never does. */
    readonly link: string;
  }
>;

/**
 * The email asking a specialist to confirm their address, sent to a new entry of the directory and to
 * a changed address: until they confirm from its link, no offer is sent there.
 */
export function addressEmail(input: AddressEmailInput): Mail {
  assertNoHealthData(input);
  const { locale, specialist } = input;
  return renderMail({
    to: specialist.email,
    locale,
    subject: t(locale, 'address.subject'),
    blocks: [
      { kind: 'paragraph', text: t(locale, 'email.greeting', { name: specialist.displayName }) },
      { kind: 'paragraph', text: t(locale, 'address.body') },
      { kind: 'button', label: t(locale, 'address.button'), href: input.link },
      { kind: 'small', text: t(locale, 'address.ignore') },
      { kind: 'small', text: t(locale, 'email.personalLink') },
    ],
    footer: [t(locale, 'email.signature')],
  });
}
