import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../../events/catalog.ts';
import { actionLabel } from '../../../functions/http/pages/referral-words.ts';
import { LOCALES } from '../../../functions/ui/messages.ts';

/*
 * A referral's timeline holds an entry per event of its writes (commit), the sweep's and the board's
 * included: each is shown in words in every language, never as its code (`escalation.raised`).
 */
describe('the timeline’s words', () => {
  it('name every event a referral’s timeline can hold, in every language', () => {
    // The directory's events are an entry's, not a referral's.
    const onTimelines = EVENT_TYPES.filter((type) => !type.startsWith('specialist.'));
    for (const locale of LOCALES) {
      const untranslated = onTimelines.filter(
        (type) => actionLabel(locale, type) === type.replace(/_/g, ' '),
      );
      expect(untranslated, locale).toEqual([]);
    }
  });
});
