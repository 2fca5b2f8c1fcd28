import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../../domain/caller.ts';
import { STAFF_ROLES, type StaffRole } from '../../../../domain/referral/model.ts';
import { mayTryToTake, openToTake, VIEWS, viewOf } from '../../../../domain/referral/need-to-know.ts';
import { accompanied, opened, scheduled } from './builders.ts';

/* The need-to-know table (API.md "Who sees what"): which view of a referral each caller gets. */

const as = (org: string, sub: string, ...roles: StaffRole[]): Caller => ({ sub, org, roles });
const LU = 'mdm-lu';
const BXL = 'dune-bxl';

describe('the need-to-know table', () => {
  it('gives each caller the view API.md says', () => {
    const taken = accompanied(); // acc-1 assigned
    const open = scheduled(); // scheduled, accompaniment required, nobody yet
    const rows: [Caller, ReturnType<typeof viewOf>, ReturnType<typeof viewOf>][] = [
      // caller, view of the accompanied one, view of the open one
      [as(LU, 'sw', 'social_worker'), 'full', 'full'],
      [as(LU, 'co', 'coordinator'), 'full', 'full'],
      [as(LU, 'nc', 'network_coordinator'), 'full', 'full'],
      [as(LU, 'acc-1', 'accompanier'), 'accompaniment', 'open'],
      [as(LU, 'acc-2', 'accompanier'), undefined, 'open'],
      [as(LU, 'ad', 'admin'), undefined, undefined],
      [as(BXL, 'sw', 'social_worker'), undefined, undefined],
      [as(BXL, 'co', 'coordinator'), undefined, undefined],
      [as(BXL, 'acc-1', 'accompanier'), undefined, undefined],
      [as(BXL, 'ad', 'admin'), undefined, undefined],
      [as(BXL, 'nc', 'network_coordinator'), undefined, undefined],
    ];
    for (const [caller, ofTaken, ofOpen] of rows) {
      expect(viewOf(taken, caller, false), `${caller.org} ${caller.roles} taken`).toBe(ofTaken);
      expect(viewOf(open, caller, false), `${caller.org} ${caller.roles} open`).toBe(ofOpen);
    }
  });

  it('gives a network coordinator of another organisation the coordination view only through an escalation', () => {
    const nc = as(BXL, 'nc', 'network_coordinator');
    expect(viewOf(accompanied(), nc, true)).toBe('coordination');
    expect(viewOf(accompanied(), as(BXL, 'co', 'coordinator'), true)).toBeUndefined();
    expect(viewOf(accompanied(), as(BXL, 'ad', 'admin', 'accompanier'), true)).toBeUndefined();
  });

  it('shows other accompaniers only what is open to take: not before it is scheduled, not once taken', () => {
    const other = as(LU, 'acc-2', 'accompanier');
    expect(openToTake(opened())).toBe(false);
    expect(viewOf(opened(), other, false)).toBeUndefined();
    expect(viewOf(scheduled({ accompaniment: { required: false } }), other, false)).toBeUndefined();
    expect(viewOf(accompanied(), other, false)).toBeUndefined();
    // Trying to take one someone has is answered by the rules (taken, 409), not by the table.
    expect(mayTryToTake(accompanied(), other)).toBe(true);
    expect(mayTryToTake(opened(), other)).toBe(false);
    expect(mayTryToTake(accompanied(), as(BXL, 'acc-2', 'accompanier'))).toBe(false);
  });

  it('gives a caller with several roles the widest view any one of them gives', () => {
    const role = fc.constantFrom<StaffRole>(...STAFF_ROLES);
    const referral = fc.constantFrom(accompanied(), scheduled(), opened());
    const widest = (views: ReturnType<typeof viewOf>[]) => VIEWS.find((v) => views.includes(v));
    fc.assert(
      fc.property(
        fc.uniqueArray(role, { minLength: 1, maxLength: STAFF_ROLES.length }),
        fc.constantFrom(LU, BXL),
        fc.constantFrom('acc-1', 'acc-2'),
        fc.boolean(),
        referral,
        (roles, org, sub, escalated, r) => {
          const each = roles.map((one) => viewOf(r, as(org, sub, one), escalated));
          expect(viewOf(r, as(org, sub, ...roles), escalated)).toBe(widest(each));
        },
      ),
    );
  });
});
