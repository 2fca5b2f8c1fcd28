import { describe, expect, it } from 'vitest';
import {
  ALARM_METRICS,
  fixedMonthly,
  PRICE_REGIONS,
  PRICES_BY_REGION,
  pricesFor,
} from '../../../bench/prices.ts';

describe('the list prices the cost figures use', () => {
  it('prices every item in every region, each a positive amount', () => {
    const items = Object.keys(PRICES_BY_REGION['us-east-1']).sort();
    for (const region of PRICE_REGIONS) {
      const prices = PRICES_BY_REGION[region];
      expect(Object.keys(prices).sort(), region).toEqual(items);
      for (const [item, usd] of Object.entries(prices)) expect(usd, `${region} ${item}`).toBeGreaterThan(0);
    }
  });

  it('prices the region deployed, and refuses one it has no prices for, naming those it has', () => {
    expect(pricesFor('eu-central-1').prices.dynamoWriteRequestUnit).toBeGreaterThan(
      pricesFor('us-east-1').prices.dynamoWriteRequestUnit,
    );
    expect(() => pricesFor('ap-south-2')).toThrow(/ap-south-2.*us-east-1, eu-west-1, eu-central-1/);
  });

  it("derives the fixed monthly cost from the region's prices", () => {
    const total = (region: 'us-east-1' | 'eu-central-1') =>
      fixedMonthly(PRICES_BY_REGION[region]).reduce((sum, f) => sum + f.usd, 0);
    // The key, two secrets, 0.10 USD per alarm metric (the stack's count: test/infra/stacks.test.ts)
    // and the sweep every minute.
    expect(total('us-east-1')).toBeCloseTo(
      1 + 0.8 + ALARM_METRICS * 0.1 + 43_200 * (0.2e-6 + 0.01 * 0.0000133334),
      6,
    );
  });
});
