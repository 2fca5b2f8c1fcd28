import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../../domain/errors.ts';
import { pauseRemaining, resumeAt, resumeDeadline } from '../../../../domain/timers/hold-clock.ts';

const H = 3_600_000;

describe('the hold clock', () => {
  it('keeps the time left when a referral goes on hold', () => {
    expect(pauseRemaining('2025-03-12T09:00:00.000Z', '2025-03-12T01:00:00.000Z')).toBe(8 * H);
    expect(pauseRemaining({ at: '2025-03-12T09:00:00.000Z' }, '2025-03-12T08:59:59.000Z')).toBe(1000);
  });

  it('keeps nothing for a deadline already passed', () => {
    expect(pauseRemaining('2025-03-12T09:00:00.000Z', '2025-03-13T09:00:00.000Z')).toBe(0);
  });

  it('resumes with the time it had left', () => {
    expect(resumeAt(8 * H, '2025-03-15T10:00:00.000Z')).toBe('2025-03-15T18:00:00.000Z');
    expect(resumeAt(0, '2025-03-15T10:00:00+01:00')).toBe('2025-03-15T09:00:00.000Z');
  });

  it('gives an offer asked about on its 40th hour of 48 the 8 hours it had left after the answer', () => {
    const sent = Date.parse('2025-03-10T09:00:00.000Z');
    const expiresAt = new Date(sent + 48 * H).toISOString();
    const asked = new Date(sent + 40 * H).toISOString();
    const answered = '2025-03-14T12:00:00.000Z';
    expect(resumeDeadline(expiresAt, asked, answered)).toBe('2025-03-14T20:00:00.000Z');
  });

  it('refuses a negative or unknown time left, and unreadable instants', () => {
    expect(() => resumeAt(-1, '2025-03-15T10:00:00.000Z')).toThrow(DomainError);
    expect(() => resumeAt(Number.NaN, '2025-03-15T10:00:00.000Z')).toThrow(DomainError);
    expect(() => pauseRemaining('soon', '2025-03-15T10:00:00.000Z')).toThrow(DomainError);
    expect(() => resumeAt(1, 'later')).toThrow(DomainError);
  });
});
