import { describe, expect, it } from 'vitest';
import { findOffences } from '../../support/log-guard.ts';

describe('the log guard', () => {
  it('finds a token, an email address and a registered sensitive value', () => {
    const lines = [
      '{"message":"request","auth":"eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"}',
      '{"message":"mail","to":"doctor@clinic.example"}',
      '{"message":"x","p":"ZEBRA-1985"}',
      '{"message":"request","route":"/v1/referrals/:id","status":200}',
    ];
    expect(findOffences(lines, new Set(['ZEBRA-1985']))).toEqual([
      'a token',
      'an email address',
      'a sensitive value sent by a test',
    ]);
  });
});
