import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Specialist } from '../../../../domain/directory/model.ts';
import {
  ineligibility,
  isEligible,
  type MatchableReferral,
  matchCandidates,
  type SpecialistLoad,
} from '../../../../domain/matching/match-candidates.ts';
import { OFFER_STATES, type Offer } from '../../../../domain/referral/model.ts';

const NOW = '2025-03-10T09:00:00.000Z';

function specialist(id: string, over: Partial<Specialist> = {}): Specialist {
  return {
    id,
    kind: 'doctor',
    displayName: `Dr ${id}`,
    email: `${id}@example.org`,
    specialty: 'ophthalmology',
    practice: 'CHL',
    languages: ['fr'],
    locale: 'fr',
    active: true,
    monthlyQuota: 4,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    ...over,
  };
}

const offerTo = (specialistId: string, state: Offer['state'] = 'pending'): Offer => ({
  id: `o-${specialistId}`,
  specialistId,
  sentAt: NOW,
  expiresAt: '2025-03-12T09:00:00.000Z',
  state,
});

const referral = (over: Partial<MatchableReferral> = {}): MatchableReferral => ({
  need: { specialty: 'ophthalmology' },
  languages: ['fr'],
  offers: [],
  ...over,
});

const NO_LOAD = new Map<string, SpecialistLoad>();
const ids = (xs: readonly Specialist[]) => xs.map((s) => s.id);

describe('matchCandidates', () => {
  it('offers only to specialists of the needed specialty', () => {
    const pool = [specialist('a'), specialist('b', { specialty: 'dental' })];
    expect(ids(matchCandidates(referral(), pool, NO_LOAD, NOW, 5))).toEqual(['a']);
  });

  it('leaves out inactive specialists', () => {
    const pool = [specialist('a', { active: false }), specialist('b')];
    expect(ids(matchCandidates(referral(), pool, NO_LOAD, NOW, 5))).toEqual(['b']);
  });

  it('leaves out specialists paused after now, and takes back those whose pause has ended', () => {
    const pool = [
      specialist('paused', { pausedUntil: '2025-03-10T09:00:00.001Z' }),
      specialist('ended', { pausedUntil: NOW }),
      specialist('long-ago', { pausedUntil: '2024-12-31T00:00:00.000Z' }),
      specialist('unreadable', { pausedUntil: 'next month' }),
    ];
    expect(ids(matchCandidates(referral(), pool, NO_LOAD, NOW, 5))).toEqual(['ended', 'long-ago']);
  });

  it('leaves out specialists during one of their absences, and offers to them before and after it', () => {
    const away = [{ from: '2025-03-08T00:00:00.000Z', until: '2025-03-15T00:00:00.000Z' }];
    const pool = [
      specialist('away', { absences: away }),
      specialist('back', { absences: [{ from: '2025-03-01T00:00:00.000Z', until: NOW }] }),
      specialist('later', {
        absences: [{ from: '2025-03-10T09:00:00.001Z', until: '2025-04-01T00:00:00Z' }],
      }),
    ];
    expect(ids(matchCandidates(referral(), pool, NO_LOAD, NOW, 5))).toEqual(['back', 'later']);
    expect(
      isEligible(pool[0]!, undefined, { specialty: 'ophthalmology', now: '2025-03-15T00:00:00.000Z' }),
    ).toBe(true);
  });

  it('compares the pause as an instant, whatever its offset', () => {
    const pool = [specialist('a', { pausedUntil: '2025-03-10T09:30:00+01:00' })];
    expect(ids(matchCandidates(referral(), pool, NO_LOAD, NOW, 5))).toEqual(['a']);
  });

  it('leaves out specialists whose monthly quota is used up', () => {
    const pool = [
      specialist('full', { monthlyQuota: 2 }),
      specialist('one-left', { monthlyQuota: 2 }),
      specialist('none', { monthlyQuota: 0 }),
    ];
    const load = new Map([
      ['full', { monthCount: 2 }],
      ['one-left', { monthCount: 1 }],
    ]);
    expect(ids(matchCandidates(referral(), pool, load, NOW, 5))).toEqual(['one-left']);
  });

  it.each(OFFER_STATES)('never asks again a specialist who had an offer on this referral (%s)', (state) => {
    const pool = [specialist('a'), specialist('b')];
    const r = referral({ offers: [offerTo('a', state)] });
    expect(ids(matchCandidates(r, pool, NO_LOAD, NOW, 5))).toEqual(['b']);
  });

  it('puts those who speak one of the person’s languages first', () => {
    const pool = [
      specialist('a', { languages: ['de'] }),
      specialist('b', { languages: ['en', 'PT'] }),
      specialist('c', { languages: ['fr'] }),
    ];
    const r = referral({ languages: ['pt', 'fr'] });
    expect(ids(matchCandidates(r, pool, NO_LOAD, NOW, 2))).toEqual(['b', 'c']);
  });

  it('still offers to others when nobody speaks the person’s languages', () => {
    const pool = [specialist('a', { languages: ['de'] }), specialist('b', { languages: ['en'] })];
    const r = referral({ languages: ['ti'] });
    expect(ids(matchCandidates(r, pool, NO_LOAD, NOW, 2))).toEqual(['a', 'b']);
  });

  it('fills up with others when too few speak the languages', () => {
    const pool = [specialist('a', { languages: ['de'] }), specialist('z', { languages: ['pt'] })];
    const r = referral({ languages: ['pt'] });
    expect(ids(matchCandidates(r, pool, NO_LOAD, NOW, 2))).toEqual(['z', 'a']);
  });

  it('prefers the least recently loaded: never offered first, then the oldest last offer', () => {
    const pool = [specialist('recent'), specialist('old'), specialist('never'), specialist('middle')];
    const load = new Map<string, SpecialistLoad>([
      ['recent', { monthCount: 0, lastOfferedAt: '2025-03-09T00:00:00.000Z' }],
      ['old', { monthCount: 0, lastOfferedAt: '2025-01-01T00:00:00.000Z' }],
      ['middle', { monthCount: 0, lastOfferedAt: '2025-02-01T00:00:00.000Z' }],
    ]);
    expect(ids(matchCandidates(referral(), pool, load, NOW, 4))).toEqual([
      'never',
      'old',
      'middle',
      'recent',
    ]);
  });

  it('puts a language speaker offered yesterday before a non-speaker never offered', () => {
    const pool = [specialist('never', { languages: ['de'] }), specialist('busy', { languages: ['fr'] })];
    const load = new Map([['busy', { monthCount: 3, lastOfferedAt: '2025-03-09T00:00:00.000Z' }]]);
    expect(ids(matchCandidates(referral(), pool, load, NOW, 2))).toEqual(['busy', 'never']);
  });

  it('breaks ties by id, whatever the order of the directory', () => {
    const pool = [specialist('c'), specialist('a'), specialist('b')];
    expect(ids(matchCandidates(referral(), pool, NO_LOAD, NOW, 3))).toEqual(['a', 'b', 'c']);
    expect(ids(matchCandidates(referral(), [...pool].reverse(), NO_LOAD, NOW, 3))).toEqual(['a', 'b', 'c']);
  });

  it('returns at most limit specialists, and none for a limit of zero or less', () => {
    const pool = ['a', 'b', 'c', 'd'].map((id) => specialist(id));
    expect(matchCandidates(referral(), pool, NO_LOAD, NOW, 2)).toHaveLength(2);
    expect(matchCandidates(referral(), pool, NO_LOAD, NOW, 0)).toEqual([]);
    expect(matchCandidates(referral(), pool, NO_LOAD, NOW, -1)).toEqual([]);
  });

  it('lists a specialist once even when the directory repeats them', () => {
    const pool = [specialist('a'), specialist('a')];
    expect(ids(matchCandidates(referral(), pool, NO_LOAD, NOW, 5))).toEqual(['a']);
  });
});

describe('matchCandidates properties', () => {
  const LANGS = ['fr', 'pt', 'en', 'ar', 'ro'] as const;
  const instant = fc
    .integer({ min: Date.parse('2025-01-01'), max: Date.parse('2025-06-01') })
    .map((t) => new Date(t).toISOString());
  const arbSpecialist = fc
    .record({
      id: fc.stringMatching(/^[a-f]{1,3}$/),
      active: fc.boolean(),
      specialty: fc.constantFrom('ophthalmology', 'dental'),
      languages: fc.subarray([...LANGS]),
      monthlyQuota: fc.integer({ min: 0, max: 4 }),
      pausedUntil: fc.option(instant, { nil: undefined }),
    })
    .map(({ pausedUntil, ...s }) => specialist(s.id, pausedUntil ? { ...s, pausedUntil } : s));
  const arbLoad = fc.record({
    monthCount: fc.integer({ min: 0, max: 5 }),
    lastOfferedAt: fc.option(instant, { nil: undefined }),
  });

  it('never returns an inactive, paused, over-quota or already-offered specialist; at most limit; speakers first', () => {
    fc.assert(
      fc.property(
        fc.array(arbSpecialist, { maxLength: 12 }),
        fc.dictionary(fc.stringMatching(/^[a-f]{1,3}$/), arbLoad),
        fc.subarray([...LANGS]),
        fc.array(fc.stringMatching(/^[a-f]{1,3}$/), { maxLength: 4 }),
        instant,
        fc.integer({ min: 0, max: 6 }),
        (pool, loads, languages, offered, now, limit) => {
          const load = new Map(Object.entries(loads));
          const r = referral({ languages, offers: offered.map((id) => offerTo(id, 'declined')) });
          const out = matchCandidates(r, pool, load, now, limit);

          expect(out.length).toBeLessThanOrEqual(limit);
          expect(new Set(ids(out)).size).toBe(out.length);
          for (const s of out) {
            expect(s.active).toBe(true);
            expect(s.specialty).toBe('ophthalmology');
            expect(s.pausedUntil === undefined || Date.parse(s.pausedUntil) <= Date.parse(now)).toBe(true);
            expect(load.get(s.id)?.monthCount ?? 0).toBeLessThan(s.monthlyQuota);
            expect(offered).not.toContain(s.id);
          }
          const speaks = out.map((s) =>
            s.languages.some((l) => (languages as readonly string[]).includes(l)),
          );
          expect(speaks).toEqual([...speaks].sort((a, b) => Number(b) - Number(a)));
        },
      ),
    );
  });
});

describe('where the person can go', () => {
  it('offers only specialists of the referring organisation’s country, and those who serve everywhere', () => {
    const pool = [
      specialist('lu-1', { country: 'LU' }),
      specialist('be-1', { country: 'BE' }),
      specialist('anywhere', {}),
    ];
    expect(ids(matchCandidates(referral(), pool, NO_LOAD, NOW, 5, { country: 'LU' }))).toEqual(
      expect.arrayContaining(['lu-1', 'anywhere']),
    );
    expect(ids(matchCandidates(referral(), pool, NO_LOAD, NOW, 5, { country: 'LU' }))).not.toContain('be-1');
  });

  it('considers every country when the organisation’s is not known', () => {
    const pool = [specialist('lu-1', { country: 'LU' }), specialist('be-1', { country: 'BE' })];
    expect(ids(matchCandidates(referral(), pool, NO_LOAD, NOW, 5)).sort()).toEqual(['be-1', 'lu-1']);
  });
});

describe('ineligibility', () => {
  const e = { specialty: 'ophthalmology' as const, now: NOW };
  it('leaves out entries pending approval or with an unconfirmed address, and keeps entries from before both', () => {
    expect(ineligibility(specialist('a', { approval: 'pending' }), undefined, e)).toBe('pending_approval');
    expect(
      ineligibility(specialist('b', { approval: 'approved', addressConfirmed: false }), undefined, e),
    ).toBe('address_unconfirmed');
    expect(
      ineligibility(specialist('c', { approval: 'approved', addressConfirmed: true }), undefined, e),
    ).toBe(undefined);
    expect(ineligibility(specialist('legacy'), undefined, e)).toBe(undefined);
    const chosen = matchCandidates(
      referral(),
      [
        specialist('p', { approval: 'pending' }),
        specialist('u', { addressConfirmed: false }),
        specialist('ok'),
      ],
      new Map(),
      NOW,
      5,
    );
    expect(chosen.map((s) => s.id)).toEqual(['ok']);
  });

  it('says the first rule failed, the same one isEligible applies', () => {
    fc.assert(
      fc.property(
        fc.record({
          active: fc.boolean(),
          approval: fc.constantFrom(undefined, 'pending' as const, 'approved' as const),
          addressConfirmed: fc.constantFrom(undefined, true, false),
          monthlyQuota: fc.nat(3),
        }),
        fc.nat(4),
        (over, monthCount) => {
          const s = specialist(
            'x',
            Object.fromEntries(Object.entries(over).filter(([, v]) => v !== undefined)),
          );
          const why = ineligibility(s, { monthCount }, e);
          expect(isEligible(s, { monthCount }, e)).toBe(why === undefined);
          if (!over.active) expect(why).toBe('inactive');
          else if (over.approval === 'pending') expect(why).toBe('pending_approval');
          else if (over.addressConfirmed === false) expect(why).toBe('address_unconfirmed');
        },
      ),
    );
  });
});
