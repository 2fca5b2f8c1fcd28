import { describe, expect, it } from 'vitest';
import { AccompanimentsPage, type CardView } from '../../../functions/http/pages/accompanier/views.tsx';
import { renderHtml } from '../../../functions/http/pages/layout.tsx';

/* The accompanier's page as a component: words in the page's language, times and days in the organisation's zone. */

const card = (id: string, at: string): CardView => ({
  id,
  status: 'scheduled',
  pseudonym: `OWL-${id}`,
  need: { specialty: 'ophthalmology' },
  languages: ['pt'],
  interpreterNeeded: true,
  accompaniment: { required: true, accompanierId: 'acc-1' },
  appointment: { at, place: 'Clinic <b>' },
});

const page = (where: { locale: 'de' | 'en'; timeZone: string }, mine: CardView[]) =>
  renderHtml(
    AccompanimentsPage({
      signedInAs: { sub: 'acc-1', org: 'aide-ny', roles: ['accompanier'] },
      where,
      now: new Date('2026-11-27T04:00:00Z'),
      mine,
      available: [],
    }),
  );

describe('the accompanier’s page', () => {
  it('shows times and tells today from later in the organisation’s time zone, in the page’s language', () => {
    // 04:00 UTC on the 27th is still the 26th in New York: an appointment at 15:00 UTC on the 27th is tomorrow there.
    const html = page({ locale: 'de', timeZone: 'America/New_York' }, [card('1', '2026-11-27T15:00:00Z')]);
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('Fr., 27. Nov., 10:00');
    expect(html.indexOf('Demnächst')).toBeLessThan(html.indexOf('OWL-1'));
    expect(html).toContain('<p class="muted">Heute nichts.</p>');
    expect(html).toContain('Portugiesisch · Dolmetschung nötig');
    // Escaped by construction.
    expect(html).toContain('Clinic &lt;b&gt;');
    const luxembourg = page({ locale: 'en', timeZone: 'Europe/Luxembourg' }, [
      card('1', '2026-11-27T15:00:00Z'),
    ]);
    expect(luxembourg).toContain('Fri 27 Nov, 16:00');
    expect(luxembourg.indexOf('Today')).toBeLessThan(luxembourg.indexOf('OWL-1'));
  });
});
