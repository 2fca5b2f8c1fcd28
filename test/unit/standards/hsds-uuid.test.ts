import { describe, expect, it } from 'vitest';
import { hsdsId, RELAIS_HSDS_NAMESPACE, uuidV5 } from '../../../functions/standards/hsds/uuid-v5.ts';

const DNS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

describe('uuidV5', () => {
  it('gives the RFC 9562 value for a name in the DNS namespace', () => {
    expect(uuidV5('www.example.com', DNS)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
  it('is stable and separates kinds', () => {
    expect(hsdsId('service', 'spec-1')).toBe(hsdsId('service', 'spec-1'));
    expect(hsdsId('service', 'spec-1')).not.toBe(hsdsId('organization', 'spec-1'));
    expect(hsdsId('service', 'spec-1')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
  it('refuses a namespace that is not a UUID', () => {
    expect(() => uuidV5('x', 'nope')).toThrow();
    expect(RELAIS_HSDS_NAMESPACE).toMatch(/^[0-9a-f-]{36}$/);
  });
});
