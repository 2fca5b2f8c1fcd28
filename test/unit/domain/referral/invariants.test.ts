import { describe, expect, it } from 'vitest';
import type { Referral } from '../../../../domain/referral/model.ts';
import { invariantViolations, toTimelineEntry } from '../../../../domain/referral/rules/index.ts';
import type { RelaisEvent } from '../../../../events/catalog.ts';
import { accompanied, at, offered, opened, scheduled, worker } from './builders.ts';

describe('invariantViolations', () => {
  it('finds nothing wrong in referrals the transitions made', () => {
    for (const r of [opened(), offered(), scheduled(), accompanied()])
      expect(invariantViolations(r)).toEqual([]);
  });

  const broken: [string, (r: Referral) => Referral, () => Referral][] = [
    ['a version below 1', (r) => ({ ...r, version: 0 }), opened],
    ['a scheduled referral without appointment', (r) => ({ ...r, appointment: undefined }), scheduled],
    ['a closed referral without reason', (r) => ({ ...r, status: 'closed' }), opened],
    ['a close reason on an open referral', (r) => ({ ...r, closeReason: 'completed' }), opened],
    ['on hold without a hold', (r) => ({ ...r, status: 'on_hold' }), opened],
    ['a hold while open', (r) => ({ ...r, hold: { reason: 'person_absent', since: at(1) } }), opened],
    ['pending offers on an open referral', (r) => ({ ...r, status: 'open' }), offered],
    ['an offered referral without pending offer', (r) => ({ ...r, status: 'offered' }), opened],
    [
      'two accepted offers',
      (r) => ({ ...r, offers: r.offers.map((o) => ({ ...o, state: 'accepted' as const })) }),
      scheduled,
    ],
    [
      'an unsorted timeline',
      (r) => ({ ...r, timeline: [...r.timeline].reverse(), version: 1 }),
      () => offered(['sp-1']),
    ],
    ['fewer timeline entries than versions', (r) => ({ ...r, version: r.version + 5 }), offered],
    ['departed without a departure time', (r) => ({ ...r, status: 'departed' }), accompanied],
    [
      'an accompanier when none is required',
      (r) => ({ ...r, accompaniment: { required: false, accompanierId: 'acc-1' } }),
      opened,
    ],
    ['attended without outcome', (r) => ({ ...r, status: 'attended' }), scheduled],
  ];
  it.each(broken)('reports %s', (_name, breakIt, build) => {
    expect(invariantViolations(breakIt(build()))).not.toEqual([]);
  });
});

describe('toTimelineEntry', () => {
  it('keeps time, actor, type and the codes of the event', () => {
    const event: RelaisEvent = {
      id: 'e-1',
      type: 'offer.declined',
      version: 1,
      at: at(3),
      referralId: 'ref-1',
      org: 'mdm-lu',
      actor: { role: 'specialist', id: 'sp-1' },
      data: { offerId: 'o-1', specialistId: 'sp-1', reason: 'no_capacity' },
    };
    expect(toTimelineEntry(event)).toEqual({
      at: at(3),
      actor: { role: 'specialist', id: 'sp-1' },
      action: 'offer.declined',
      detail: { offerId: 'o-1', specialistId: 'sp-1', reason: 'no_capacity' },
    });
  });

  it('leaves detail out when the event carries no data', () => {
    const event: RelaisEvent = {
      id: 'e-2',
      type: 'person.absent',
      version: 1,
      at: at(3),
      referralId: 'ref-1',
      org: 'mdm-lu',
      actor: worker,
      data: {},
    };
    expect(toTimelineEntry(event)).toEqual({ at: at(3), actor: worker, action: 'person.absent' });
  });
});
