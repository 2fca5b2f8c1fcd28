import { formatDateTime, type Locale, t } from '../../ui/messages.ts';
import { renderPage } from './layout.tsx';

export const MESSAGE_PAGE_KINDS = [
  'accepted',
  'declined',
  'info_requested',
  'advice_sent',
  'outcome_recorded',
  'taken',
  'used',
  'expired',
  'closed',
  'uncertain',
  'outcome_expired',
  'address_replaced',
  'invalid',
  'throttled',
  'address_confirmed',
] as const;
export type MessagePageKind = (typeof MESSAGE_PAGE_KINDS)[number];

export type MessagePageInput =
  | {
      readonly locale: Locale;
      readonly kind: 'accepted';
      readonly appointmentAt: Date;
      readonly place: string;
      readonly timeZone?: string;
    }
  | {
      readonly locale: Locale;
      readonly kind: 'used';
      /** An outcome someone else recorded: "recorded by the accompanier on …" rather than "your answer". */
      readonly recordedBy: { readonly role: RecordedByRole; readonly at: string };
      readonly timeZone?: string;
    }
  | { readonly locale: Locale; readonly kind: Exclude<MessagePageKind, 'accepted'> };

type RecordedByRole =
  | 'social_worker'
  | 'accompanier'
  | 'coordinator'
  | 'network_coordinator'
  | 'admin'
  | 'system';

/** The page shown after an answer, or instead of the form when the link cannot be used. */
export function messagePage(input: MessagePageInput): string {
  const { locale, kind } = input;
  if (!MESSAGE_PAGE_KINDS.includes(kind)) throw new TypeError('Unknown message page');
  const title = t(locale, `message.${kind}.title`);
  const text =
    input.kind === 'accepted'
      ? t(locale, 'message.accepted.body', {
          when: formatDateTime(locale, input.appointmentAt, input.timeZone),
          place: input.place,
        })
      : 'recordedBy' in input
        ? t(locale, 'message.outcome_recorded_by.body', {
            who: t(locale, `who.${input.recordedBy.role}`),
            when: formatDateTime(locale, new Date(input.recordedBy.at), input.timeZone),
          })
        : t(locale, `message.${input.kind}.body`);
  return renderPage(
    locale,
    title,
    <>
      <h1>{title}</h1>
      <section class="card">
        <p>{text}</p>
      </section>
    </>,
  );
}
