import { describe, expect, it } from 'vitest';
import { settingsFromEnvironment } from '../../../functions/lib/compose.ts';

describe('settings from the environment', () => {
  it('uses PRODUCT.md’s timer table when nothing is set', () => {
    const s = settingsFromEnvironment({}, 'https://relais.example');
    expect(s.timers?.offerWindowMs).toEqual({
      routine: 48 * 3600_000,
      soon: 24 * 3600_000,
      urgent: 4 * 3600_000,
    });
    expect(s.timers?.offersAtOnce).toBe(2);
  });

  it('takes deadlines and escalation waits from variables, so they are configuration and not code', () => {
    const s = settingsFromEnvironment(
      {
        RELAIS_OFFER_WINDOW_URGENT: 'PT2H',
        RELAIS_OFFERS_AT_ONCE: '3',
        RELAIS_NETWORK_ESCALATION_AFTER: 'PT12H',
      },
      'https://relais.example',
    );
    expect(s.timers?.offerWindowMs.urgent).toBe(2 * 3600_000);
    expect(s.timers?.offersAtOnce).toBe(3);
    expect(s.escalations?.networkClimbMs).toBe(12 * 3600_000);
  });

  it('refuses a bad value naming the variable', () => {
    expect(() => settingsFromEnvironment({ RELAIS_ARRIVAL_GRACE: '30 minutes' }, 'x')).toThrow(
      /RELAIS_ARRIVAL_GRACE/,
    );
  });
});
