import { describe, expect, it } from 'vitest';
import { SPECIALTIES } from '../../../domain/referral/model.ts';
import { DEMO_ORGANISATIONS, DEMO_SPECIALISTS } from '../../../local/demo-network.ts';

describe('the demo network', () => {
  it('has the organisations the docs name', () => {
    expect(DEMO_ORGANISATIONS.map((o) => o.id)).toEqual(
      expect.arrayContaining(['mdm-lu', 'dune-bxl', 'dropin-lu', 'strada-mi']),
    );
  });

  it.each(['ophthalmology', 'dental', 'cardiology'] as const)(
    'has three active %s specialists or more',
    (s) => {
      const active = DEMO_SPECIALISTS.filter(
        (x) => x.specialty === s && x.active && x.pausedForDays === undefined,
      );
      expect(active.length).toBeGreaterThanOrEqual(3);
    },
  );

  it('covers MdM specialties and the social needs', () => {
    const present = new Set(DEMO_SPECIALISTS.map((s) => s.specialty));
    for (const s of [
      'dermatology',
      'ent',
      'urology',
      'gastroenterology',
      'neurology',
      'orthopaedics',
      'psychiatry',
      'radiology',
      'podiatry',
      'social_services',
      'housing',
      'addiction_treatment',
    ] as const) {
      expect(present, s).toContain(s);
    }
    expect(new Set(DEMO_SPECIALISTS.map((s) => s.locale))).toEqual(new Set(['fr', 'de', 'en', 'nl', 'it']));
  });

  it('is valid and reaches nobody real', () => {
    const ids = DEMO_SPECIALISTS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    const emails = [
      ...DEMO_SPECIALISTS.map((s) => s.email),
      ...DEMO_ORGANISATIONS.map((o) => o.contact.email),
    ];
    expect(new Set(emails).size).toBe(emails.length);
    for (const e of emails) expect(e).toMatch(/^[a-z0-9.-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.example$/);
    const orgs = new Set(DEMO_ORGANISATIONS.map((o) => o.id));
    for (const s of DEMO_SPECIALISTS) {
      expect(SPECIALTIES).toContain(s.specialty);
      if (s.organisation) expect(orgs).toContain(s.organisation);
      expect(s.monthlyQuota).toBeGreaterThan(0);
      for (const l of s.languages) expect(l).toMatch(/^[a-z]{2}$/);
    }
  });
});
