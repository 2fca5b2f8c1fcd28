import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../../domain/caller.ts';
import {
  applySpecialistChanges,
  mayChangeSpecialist,
} from '../../../../domain/directory/change-specialist.ts';
import type { Specialist } from '../../../../domain/directory/model.ts';
import type { StaffRole } from '../../../../domain/referral/model.ts';

const NOW = '2026-07-01T00:00:00.000Z';
const s: Specialist = {
  id: 'sp-1',
  kind: 'doctor',
  displayName: 'Dr A',
  email: 'a@clinic.example',
  specialty: 'dental',
  organisation: 'mdm-lu',
  practice: 'Cabinet A',
  languages: ['fr'],
  locale: 'fr',
  active: true,
  monthlyQuota: 4,
  pausedUntil: '2026-07-10T00:00:00.000Z',
  absences: [{ from: '2026-08-01T00:00:00.000Z', until: '2026-08-15T00:00:00.000Z' }],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('applySpecialistChanges', () => {
  it('changes the fields given only, and moves an unversioned entry to version 2', () => {
    const next = applySpecialistChanges(s, { monthlyQuota: 6 }, NOW);
    expect(next).toEqual({ ...s, monthlyQuota: 6, version: 2, updatedAt: NOW });
    expect(applySpecialistChanges(next, {}, NOW).version).toBe(3);
  });

  it('lifts a pause with null and clears the absences with an empty list, leaving no key behind', () => {
    const next = applySpecialistChanges(s, { pausedUntil: null, absences: [] }, NOW);
    expect(next).not.toHaveProperty('pausedUntil');
    expect(next).not.toHaveProperty('absences');
  });

  it('drops absences kept that are over by now', () => {
    const next = applySpecialistChanges(s, {}, '2026-08-16T00:00:00.000Z');
    expect(next).not.toHaveProperty('absences');
  });
});

describe('mayChangeSpecialist', () => {
  const caller = (roles: StaffRole[], org = 'mdm-lu'): Caller => ({ sub: 'x', org, roles });
  it('lets coordinators change their organisation’s specialists only, admins any, network coordinators none', () => {
    expect(mayChangeSpecialist(caller(['coordinator']), s)).toBe(true);
    expect(mayChangeSpecialist(caller(['coordinator'], 'dune-bxl'), s)).toBe(false);
    expect(mayChangeSpecialist(caller(['admin'], 'relais'), s)).toBe(true);
    expect(mayChangeSpecialist(caller(['network_coordinator'], 'dune-bxl'), s)).toBe(false);
    expect(mayChangeSpecialist(caller(['network_coordinator'], 'mdm-lu'), s)).toBe(false);
    expect(mayChangeSpecialist(caller(['social_worker'], 'mdm-lu'), s)).toBe(false);
    expect(mayChangeSpecialist(caller(['coordinator'], 'mdm-lu'), { ...s, organisation: undefined })).toBe(
      false,
    );
  });
});
