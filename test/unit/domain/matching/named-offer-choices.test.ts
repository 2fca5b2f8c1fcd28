import { describe, expect, it } from 'vitest';
import type { Specialist } from '../../../../domain/directory/model.ts';
import { DomainError } from '../../../../domain/errors.ts';
import { namedOfferChoices, type OfferDeps, offerMore } from '../../../../domain/matching/offer-slots.ts';
import type { SpecialistStore } from '../../../../domain/ports.ts';
import { declineOffer, expireOffer } from '../../../../domain/referral/rules/index.ts';
import { at, ctxAt, offered, opened, specialist, system } from '../referral/builders.ts';

/*
 * The specialists a worker may choose from to offer a referral by name (the referral page's list): the
 * same answer as the offer planner gives when they are named. Whoever the list shows as choosable is
 * offered; whoever it shows with a reason is refused; inactive entries and other organisations' pending
 * ones are not listed at all.
 */

const entry = (id: string, over: Partial<Specialist> = {}): Specialist => ({
  id,
  kind: 'doctor',
  displayName: `Dr ${id}`,
  email: `${id}@example.org`,
  specialty: 'ophthalmology',
  organisation: 'mdm-lu',
  practice: 'CHL',
  languages: ['fr'],
  locale: 'fr',
  active: true,
  monthlyQuota: 4,
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
  ...over,
});

const DIRECTORY: readonly Specialist[] = [
  entry('sp-1'),
  entry('free'),
  entry('paused', { pausedUntil: at(500) }),
  entry('full', { monthlyQuota: 0 }),
  entry('abroad', { country: 'BE' }),
  entry('own-pending', { approval: 'pending' }),
  entry('their-pending', { approval: 'pending', organisation: 'dune-bxl' }),
  entry('gone', { active: false }),
  entry('dentist', { specialty: 'dental' }),
];

const deps: OfferDeps = {
  specialists: {
    listBySpecialty: async (specialty: string) => DIRECTORY.filter((s) => s.specialty === specialty),
    get: async (id: string) => DIRECTORY.find((s) => s.id === id),
  } as unknown as SpecialistStore,
  offersAtOnce: 2,
  offerExpiry: (_u, now) => new Date(now.getTime() + 48 * 3_600_000),
  countryOf: async () => 'LU',
};

describe('namedOfferChoices', () => {
  const r = offered(['sp-1'], opened());

  it('lists the need’s specialists by name, with why not for those the planner refuses', async () => {
    const choices = await namedOfferChoices(deps, r, at(2));
    expect(choices.map((c) => [c.specialist.id, c.why])).toEqual([
      ['abroad', 'other_country'],
      ['free', undefined],
      ['full', 'quota_reached'],
      ['own-pending', 'pending_approval'],
      ['paused', 'paused'],
      ['sp-1', 'already_asked'],
    ]);
  });

  it('agrees with the offer planner on every specialist it lists', async () => {
    for (const { specialist, why } of await namedOfferChoices(deps, r, at(2))) {
      const offering = offerMore(deps, r, ctxAt(2), [specialist.id]);
      if (why === undefined) await expect(offering).resolves.toBeDefined();
      else await expect(offering).rejects.toBeInstanceOf(DomainError);
    }
  });

  it('lists one who declined as asked already, one who let an offer expire as choosable again', async () => {
    const two = offered(['sp-1', 'free'], opened());
    const [a, b] = two.offers;
    const answered = expireOffer(
      declineOffer(two, { offerId: a!.id, reason: 'no_capacity' }, ctxAt(2, specialist('sp-1'))).referral,
      { offerId: b!.id },
      ctxAt(49, system),
    ).referral;
    const choices = await namedOfferChoices(deps, answered, at(50));
    expect(
      choices.filter((c) => ['sp-1', 'free'].includes(c.specialist.id)).map((c) => [c.specialist.id, c.why]),
    ).toEqual([
      ['free', undefined],
      ['sp-1', 'already_asked'],
    ]);
    // The planner agrees: it never asks either again on its own (no pestering), names only the one who
    // let it expire, and the one who declined is refused naming the field.
    const next = await offerMore(deps, answered, ctxAt(50));
    expect(next.referral.offers.filter((o) => o.state === 'pending').map((o) => o.specialistId)).toEqual([]);
    const named = await offerMore(deps, answered, ctxAt(50), ['free']);
    expect(named.referral.offers.at(-1)).toMatchObject({ specialistId: 'free', state: 'pending' });
    await expect(offerMore(deps, answered, ctxAt(50), ['free', 'sp-1'])).rejects.toMatchObject({
      kind: 'invalid_state',
      field: 'specialistIds.1',
    });
  });
});

describe('the load the planner reads', () => {
  it('is only that of the specialists the load can still decide, and it still decides for them', async () => {
    const asked: string[][] = [];
    const withLoad: OfferDeps = {
      ...deps,
      loadOf: async (ids) => {
        asked.push([...ids].sort());
        return new Map([['free', { monthCount: 4 }]]);
      },
    };
    const choosable = ['free', 'full', 'sp-1'];
    const choices = await namedOfferChoices(withLoad, opened(), at(2));
    expect(asked).toEqual([choosable]);
    // A quota used up this month still counts: the load read said so.
    expect(choices.find((c) => c.specialist.id === 'free')?.why).toBe('quota_reached');

    asked.length = 0;
    const t = await offerMore(withLoad, opened(), ctxAt(2));
    expect(asked).toEqual([choosable]);
    expect(t.referral.offers.map((o) => o.specialistId)).toEqual(['sp-1']);
  });
});
