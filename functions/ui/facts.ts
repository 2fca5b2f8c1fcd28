import { type Locale, languageList, specialtyName, t, urgencyName } from './messages.ts';
import type { SharedMinimum } from './types.ts';

/** The rows "what we can tell you" shared by the offer email and the offer page: the minimum, nothing more. */
export function sharedFacts(
  locale: Locale,
  minimum: SharedMinimum,
): readonly (readonly [label: string, value: string])[] {
  return [
    [t(locale, 'label.specialty'), specialtyName(locale, minimum.specialty)],
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
