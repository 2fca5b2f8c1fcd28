import { describe, expect, it } from 'vitest';
import { addressToConfirm, governed, vettedChanges } from '../../../../domain/directory/approval.ts';
import type { Specialist } from '../../../../domain/directory/model.ts';
import { addressLinkState } from '../../../../domain/links/link-state.ts';

const NOW = '2026-07-01T00:00:00.000Z';
const s: Specialist = {
  id: 'sp-1',
  kind: 'doctor',
  displayName: 'Dr A',
  email: 'a@clinic.example',
  specialty: 'dental',
  organisation: 'mdm-lu',
  practice: 'Cabinet A',
  country: 'LU',
  languages: ['fr'],
  locale: 'fr',
  active: true,
  monthlyQuota: 4,
  approval: 'approved',
  addressConfirmed: true,
  confirmationId: 'c-0',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
let ids = 0;
const newId = () => `id-${++ids}`;
const actor = { role: 'coordinator' as const, id: 'coord-1' };

describe('governed', () => {
  it('makes a new entry pending and unconfirmed, with a confirmation to send', () => {
    const next = governed(undefined, s, 'coord-1', newId);
    expect(next).toMatchObject({
      approval: 'pending',
      approvalRequestedBy: 'coord-1',
      addressConfirmed: false,
    });
    expect(next.confirmationId).not.toBe('c-0');
    const [event] = addressToConfirm(undefined, next, actor, NOW, newId);
    expect(event).toMatchObject({
      type: 'specialist.address_to_confirm',
      referralId: s.id,
      org: 'mdm-lu',
      data: { specialistId: s.id, confirmationId: next.confirmationId },
    });
  });

  it('asks for approval again on a change of email, country or practice; a new confirmation on a new email only', () => {
    expect(governed(s, { ...s, monthlyQuota: 9, languages: ['de'] }, 'x', newId)).toEqual({
      ...s,
      monthlyQuota: 9,
      languages: ['de'],
    });
    // A change of case is the same mailbox: nothing to vet.
    expect(vettedChanges(s, { ...s, email: 'A@Clinic.example' })).toEqual([]);
    for (const change of [{ country: 'BE' }, { practice: 'Cabinet B' }, { country: undefined }]) {
      const next = governed(s, { ...s, ...change }, 'x', newId);
      expect(next).toMatchObject({ approval: 'pending', addressConfirmed: true, confirmationId: 'c-0' });
      expect(addressToConfirm(s, next, actor, NOW, newId)).toEqual([]);
    }
    const moved = governed(s, { ...s, email: 'b@clinic.example' }, 'x', newId);
    expect(moved).toMatchObject({ approval: 'pending', addressConfirmed: false });
    expect(addressToConfirm(s, moved, actor, NOW, newId)).toHaveLength(1);
  });
});

describe('addressLinkState', () => {
  it('is open for the confirmation waiting, used once confirmed, closed when replaced, invalid otherwise', () => {
    const waiting = { addressConfirmed: false, confirmationId: 'c-1' };
    expect(addressLinkState(waiting, 'c-1')).toBe('open');
    expect(addressLinkState({ ...waiting, addressConfirmed: true }, 'c-1')).toBe('used');
    expect(addressLinkState(waiting, 'c-0')).toBe('closed');
    expect(addressLinkState(undefined, 'c-1')).toBe('invalid');
    expect(addressLinkState({}, 'c-1')).toBe('invalid');
  });
});
