import { describe, expect, it } from 'vitest';
import { organisationTimeZone } from '../../../../domain/directory/model.ts';

describe('organisationTimeZone', () => {
  it('is the organisation’s own zone', () => {
    expect(organisationTimeZone({ timeZone: 'Europe/Lisbon' })).toBe('Europe/Lisbon');
  });

  it('is Europe/Luxembourg for an organisation stored before zones existed, or not in the directory', () => {
    expect(organisationTimeZone({})).toBe('Europe/Luxembourg');
    expect(organisationTimeZone(undefined)).toBe('Europe/Luxembourg');
  });
});
