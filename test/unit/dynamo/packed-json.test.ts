import { describe, expect, it } from 'vitest';
import { OUTBOX_ATTRIBUTE, outboxTextOf, packedOutbox } from '../../../functions/adapters/dynamo/outbox.ts';
import {
  jsonTextOf,
  packJson,
  packJsonAsFormat1,
  packJsonText,
} from '../../../functions/adapters/dynamo/packed-json.ts';

/** A record as Relais packed it in format 1 (the code before format 2 wrote these bytes). */
const FORMAT_1_TEXT =
  '{"id":"ref-0001","org":"org-lyon-1","status":"closed","timeline":[{"at":"2026-11-25T09:00:00.000Z","actor":{"role":"social_worker","id":"sw-ana"},"action":"referral.opened"}]}';
const FORMAT_1_BYTES =
  'AYOaWpSapmtgYGAINz2/KF03pzI/TxckBDcbXk/hKLQMDXWNTEMMLK0MDKwMDPQMDAyiwOUfEeVHcbluYl4iOPxxFbu1sbUA';

const RECORD = JSON.stringify({
  id: '01M95EK7BCS9X5RYYCB2K4NVRM',
  org: 'mdm-lu',
  version: 2,
  status: 'offered',
  timeline: [
    {
      at: '2027-03-01T08:00:00.000Z',
      actor: { role: 'social_worker', id: 'sw-anna' },
      action: 'offer.sent',
      detail: {
        offerId: '01M95EK82Y0XVPFW6Z49MM31GJ',
        specialistId: 'sp-1',
        expiresAt: '2027-03-03T08:00:00.000Z',
      },
    },
  ],
});
const EVENTS = [
  {
    id: '01M95EK82YECREMXMDKF8MSQYY',
    type: 'offer.sent',
    version: 1,
    at: '2027-03-01T08:00:00.000Z',
    referralId: '01M95EK7BCS9X5RYYCB2K4NVRM',
    org: 'mdm-lu',
    actor: { role: 'social_worker', id: 'sw-anna' },
    data: {
      offerId: '01M95EK82Y0XVPFW6Z49MM31GJ',
      specialistId: 'sp-1',
      expiresAt: '2027-03-03T08:00:00.000Z',
    },
  },
];

describe('a packed record', () => {
  it('written in format 1 before format 2 still reads, byte for byte as it was written', () => {
    expect(jsonTextOf({ B: Buffer.from(FORMAT_1_BYTES, 'base64') })).toBe(FORMAT_1_TEXT);
    expect(jsonTextOf(packJsonAsFormat1(JSON.parse(FORMAT_1_TEXT)))).toBe(FORMAT_1_TEXT);
  });

  it('is written in format 2, smaller than format 1, and reads back as its JSON text', () => {
    const packed = packJsonText(RECORD);
    expect(packed.B?.[0]).toBe(2);
    expect(jsonTextOf(packed)).toBe(RECORD);
    expect(packed.B!.length).toBeLessThan(packJsonAsFormat1(JSON.parse(RECORD)).B!.length);
    expect(jsonTextOf(packJson(JSON.parse(RECORD)))).toBe(RECORD);
  });

  it('reads from base64, as a Lambda stream event carries binaries', () => {
    const bytes = packJsonText(RECORD).B!;
    expect(jsonTextOf({ B: Buffer.from(bytes).toString('base64') })).toBe(RECORD);
  });

  it('of no known format, or that does not inflate, reads as nothing', () => {
    expect(jsonTextOf({ B: Uint8Array.of(9, 1, 2) })).toBeUndefined();
    expect(jsonTextOf({ B: Uint8Array.of(2, 0xff, 0xff, 0xff) })).toBeUndefined();
    expect(jsonTextOf(undefined)).toBeUndefined();
  });
});

describe('an outbox', () => {
  it('packed beside its record reads back with that record, and costs a fraction of its JSON', () => {
    const item = { data: packJsonText(RECORD), [OUTBOX_ATTRIBUTE]: packedOutbox(EVENTS, RECORD) };
    expect(outboxTextOf(item)).toBe(JSON.stringify(EVENTS));
    expect(item[OUTBOX_ATTRIBUTE].B!.length).toBeLessThan(JSON.stringify(EVENTS).length / 3);
  });

  it('written as JSON text (before packing, or by escalations and specialists) reads as it is', () => {
    expect(outboxTextOf({ [OUTBOX_ATTRIBUTE]: { S: '[]' } })).toBe('[]');
    expect(outboxTextOf({ data: { S: RECORD } })).toBeUndefined();
  });

  it('packed beside a record the item does not hold cannot be read', () => {
    const outbox = packedOutbox(EVENTS, RECORD);
    expect(() => outboxTextOf({ [OUTBOX_ATTRIBUTE]: outbox })).toThrow();
    expect(() => outboxTextOf({ [OUTBOX_ATTRIBUTE]: { N: '1' } as never })).toThrow();
  });
});
