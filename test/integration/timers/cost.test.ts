import { type AttributeValue, BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Referral } from '../../../domain/referral/model.ts';
import { orgStatusPartition, referralKey } from '../../../functions/adapters/dynamo/keys.ts';
import { INDEX } from '../../../functions/adapters/dynamo/table.ts';
import { composeDeps } from '../../../functions/lib/compose.ts';
import {
  type BoardAndSweepCapacity,
  measureBoardAndSweep,
  meterCapacity,
} from '../../../functions/sweep/measure.ts';
import { localDynamoClient } from '../../../local/dynamodb.ts';
import { createHarness, type Harness } from '../http/harness.ts';
import { builtReferral, closedReferral } from './support.ts';

/*
 * The board query and a sweep cost what is due and what is on the board, not what the table holds: with
 * 10,000 closed referrals beside 20 overdue ones they consume (ReturnConsumedCapacity TOTAL) at most
 * twice what they consume with the 20 alone.
 */

const NOW = '2026-11-25T09:00:00.000Z';
const harnesses: Harness[] = [];
afterAll(async () => {
  for (const h of harnesses) await h.stopEvents();
});

/** A closed referral as the store writes it, without the due keys it never has. */
function closedItem(r: Referral): Record<string, AttributeValue> {
  return {
    ...referralKey(r.id),
    type: { S: 'referral' },
    version: { N: String(r.version) },
    data: { S: JSON.stringify(r) },
    outbox: { S: '[]' },
    [INDEX.byOrg.pk]: { S: r.org },
    [INDEX.byOrg.sk]: { S: `${r.createdAt}#${r.id}` },
    [INDEX.byOrgStatus.pk]: { S: orgStatusPartition(r.org, r.status) },
    [INDEX.byPerson.pk]: { S: `${r.org}#${r.pseudonym}` },
  };
}

async function seedClosed(h: Harness, n: number): Promise<void> {
  const template = closedReferral(NOW);
  const items = Array.from({ length: n }, (_, i) =>
    closedItem({ ...template, id: `CLOSED-${String(i).padStart(5, '0')}`, pseudonym: `OLD-${i}` }),
  );
  const batches: Record<string, AttributeValue>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      let pending = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const out = await dynamoOf(h).send(
          new BatchWriteItemCommand({ RequestItems: { [h.tableName]: pending } }),
        );
        pending = (out.UnprocessedItems?.[h.tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

const clients = new Map<Harness, ReturnType<typeof localDynamoClient>>();
const dynamoOf = (h: Harness) => {
  let c = clients.get(h);
  if (!c) {
    c = localDynamoClient(inject('dynamoEndpoint'));
    clients.set(h, c);
  }
  return c;
};

/** A table with `closed` closed referrals and 20 overdue ones; one sweep and one board query measured. */
async function measure(name: string, closed: number): Promise<BoardAndSweepCapacity> {
  const h = await createHarness(name);
  harnesses.push(h);
  await h.startEvents();
  if (closed > 0) await seedClosed(h, closed);
  for (let i = 0; i < 20; i++) await h.deps.store.create({ referral: builtReferral(NOW), events: [] });
  h.clock.set(new Date(NOW));

  const metered = localDynamoClient(inject('dynamoEndpoint'));
  const meter = meterCapacity(metered);
  const deps = composeDeps({
    dynamo: metered,
    tableName: h.tableName,
    clock: h.clock,
    mailer: { send: async () => undefined },
    verifyStaff: h.deps.verifyStaff,
    logger: h.deps.logger,
    settings: h.deps.settings,
    keyWrapper: h.keyWrapper,
    linkKeys: {
      signingKey: { kid: h.linkKey.kid, privateJwk: h.linkKey.privateJwk },
      verificationKeys: [{ kid: h.linkKey.kid, publicJwk: h.linkKey.publicJwk }],
    },
  });
  return measureBoardAndSweep({ deps, meter, scope: { org: 'mdm-lu' }, between: () => h.drainEvents() });
}

describe('the cost of the board and the sweep', () => {
  it('does not grow with 10,000 closed referrals', async () => {
    const alone = await measure('cost-alone', 0);
    const crowded = await measure('cost-crowded', 10_000);
    console.info(
      `capacity units — 20 overdue alone: sweep ${alone.sweep}, board ${alone.board}; ` +
        `with 10,000 closed: sweep ${crowded.sweep}, board ${crowded.board}`,
    );
    expect(alone).toMatchObject({ fired: 20, listed: 20 });
    expect(crowded).toMatchObject({ fired: 20, listed: 20 });
    expect(alone.sweep).toBeGreaterThan(0);
    expect(alone.board).toBeGreaterThan(0);
    expect(crowded.sweep).toBeLessThanOrEqual(2 * alone.sweep);
    expect(crowded.board).toBeLessThanOrEqual(2 * alone.board);
  }, 300_000);
});
