import { type Locale, languageList, specialtyName, t, urgencyName } from './messages.ts';
import type { MailMinimum, SharedMinimum } from './types.ts';

/**
 * The rows "what we can tell you" shared by the offer email and the offer page: the minimum, nothing
 * more. The specialty is a row when given: on the page, never in an email ({@link MailMinimum}).
 */
export function sharedFacts(
  locale: Locale,
  minimum: SharedMinimum | MailMinimum,
): readonly (readonly [label: string, value: string])[] {
  return [
    ...(minimum.specialty
      ? [[t(locale, 'label.specialty'), specialtyName(locale, minimum.specialty)] as const]
      : []),
    [t(locale, 'label.urgency'), urgencyName(locale, minimum.urgency)],
    [t(locale, 'label.languages'), languageList(locale, minimum.languages)],
    [
      t(locale, 'label.interpreter'),
      t(locale, minimum.interpreterNeeded ? 'value.interpreterNeeded' : 'value.interpreterNotNeeded'),
    ],
    [
      t(locale, 'label.accompaniment'),
      t(locale, minimum.accompanied ? 'value.accompanied' : 'value.notAccompanied'),
    ],
  ];
}
