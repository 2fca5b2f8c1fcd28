import type { Mail } from '../../../domain/ports.ts';
import { t } from '../../ui/messages.ts';
import { assertNoHealthData, type NoHealthData } from '../../ui/no-health-data.ts';
import type { Localised, SpecialistRecipient } from '../../ui/types.ts';
import { renderMail } from './layout.ts';

export type TakenEmailInput = NoHealthData<
  Localised & {
    readonly specialist: SpecialistRecipient;
  }
>;

/**
 * "No longer needed, thank you": another specialist took the request this one was offered, so they
 * need not open their link to find out. It says no more than that, not even the specialty.
 */
export function takenEmail(input: TakenEmailInput): Mail {
  assertNoHealthData(input);
  const { locale, specialist } = input;
  return renderMail({
    to: specialist.email,
    locale,
    subject: t(locale, 'taken.subject'),
    blocks: [
      { kind: 'paragraph', text: t(locale, 'email.greeting', { name: specialist.displayName }) },
      { kind: 'paragraph', text: t(locale, 'taken.body') },
      { kind: 'paragraph', text: t(locale, 'withdrawn.thanks') },
    ],
    footer: [t(locale, 'email.signature')],
  });
}
