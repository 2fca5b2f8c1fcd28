import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { ReferralReadOptions } from '../../../domain/ports.ts';
import type { RelaisEvent } from '../../../events/catalog.ts';
import type { Consumer } from '../../../functions/consumers/dispatch.ts';
import { consumerHandler } from '../../../functions/consumers/lambda-handler.ts';
import { sendOfferEmail } from '../../../functions/consumers/send-offer-email.ts';
import type { Deps } from '../../../functions/lib/deps.ts';
import { createJsonLogger } from '../../../functions/lib/logger-json.ts';
import { fixture } from '../../lambda/support.ts';

/*
 * An event's organisation's data key is fetched beside the consumers' first reads only when one of
 * them may open a sealed field: the offer email is built from the shared minimum, reads its referral
 * sealed, and costs no key-ring read and no KMS call.
 */

const OFFER_SENT = {
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
} as RelaisEvent;

/** Deps that note the organisations whose key is warmed, and nothing else. */
function depsNotingWarms(): { deps: Deps; warmed: string[] } {
  const warmed: string[] = [];
  const deps = {
    keyRing: { warm: (org: string) => warmed.push(org) },
    logger: createJsonLogger({ level: 'error' }),
  } as unknown as Deps;
  return { deps, warmed };
}

/** A consumer of offer.sent that writes nothing (no de-duplication marker, so no table). */
const idle = (name: string, opensSealed?: false): Consumer<Deps> => ({
  name,
  handles: ['offer.sent'],
  idempotent: true,
  ...(opensSealed === false ? { opensSealed } : {}),
  handle: async () => undefined,
});

const run = (consumers: Consumer<Deps>[], deps: Deps) =>
  consumerHandler({ group: 'unit', consumers, deps, dynamo: new DynamoDBClient({}), tableName: 'unused' })(
    fixture('eventbridge-relais-event.json', { detailType: OFFER_SENT.type, detail: OFFER_SENT }) as never,
    {} as Context,
  );

describe('the data key of an event', () => {
  it('is not fetched when every consumer of the event opens no sealed field', async () => {
    const { deps, warmed } = depsNotingWarms();
    await run([idle('a', false), idle('b', false)], deps);
    expect(warmed).toEqual([]);
  });

  it('is fetched, once, when one consumer of the event may open a sealed field', async () => {
    const { deps, warmed } = depsNotingWarms();
    await run([idle('a', false), idle('b')], deps);
    expect(warmed).toEqual(['mdm-lu']);
  });

  it('is not fetched for the offer email, which reads its referral with every sealed field sealed', async () => {
    expect(sendOfferEmail.opensSealed).toBe(false);
    const reads: (ReferralReadOptions | undefined)[] = [];
    const deps = {
      store: {
        get: async (_id: string, options?: ReferralReadOptions) => {
          reads.push(options);
          return undefined;
        },
      },
      specialists: { get: async () => undefined },
      organisations: { get: async () => undefined },
    } as unknown as Deps;
    await sendOfferEmail.begin!(OFFER_SENT, deps);
    // Not found eventually consistent, then strongly: both sealed.
    expect(reads.length).toBeGreaterThan(0);
    for (const options of reads) expect(options?.reveal).toEqual([]);
  });
});
