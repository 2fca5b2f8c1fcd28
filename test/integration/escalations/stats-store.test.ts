import { PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Increment } from '../../../domain/stats/increments.ts';
import { statsNetworkKey, statsOrgKey, statsReferralKey } from '../../../functions/adapters/dynamo/keys.ts';
import { createStatsStore } from '../../../functions/adapters/dynamo/stats-store.ts';
import { localDynamoClient } from '../../../local/dynamodb.ts';
import { createTestTable } from '../../support/table.ts';

/*
 * The yearly figures count each event once however often it is recorded and each person once a year,
 * keep neither a pseudonym nor a referral's or event's id, and add the counters kept before issue 15.
 */

let stats: ReturnType<typeof createStatsStore>;
let tableName: string;
let dynamo: ReturnType<typeof localDynamoClient>;
beforeAll(async () => {
  const t = await createTestTable('stats-store');
  tableName = t.tableName;
  dynamo = t.dynamo;
  stats = createStatsStore(t.dynamo, t.tableName);
});

const OPENED: Increment[] = [{ field: 'referrals' }, { map: 'bySpecialty', key: 'dental' }];

describe('the stats store', () => {
  it('counts an event once however often it is recorded, and a person once a year', async () => {
    const opened = (referralId: string, person: string, org = 'mdm-lu') =>
      stats.record({
        referralId,
        eventId: `EVID-${referralId}`,
        org,
        year: 2026,
        increments: OPENED,
        person,
      });
    await opened('REFID-1', 'ZEBRA-1985');
    await opened('REFID-1', 'ZEBRA-1985');
    await opened('REFID-2', 'ZEBRA-1985'); // a second referral, same person
    await opened('REFID-3', 'OWL-22');
    await opened('REFID-4', 'ZEBRA-1985', 'dune-bxl'); // another org's pseudonym
    await Promise.all(Array.from({ length: 5 }, () => opened('REFID-5', 'LYNX-3')));
    // Two declines of one referral are two events; one of them recorded twice is still one.
    const declined = (eventId: string) =>
      stats.record({
        referralId: 'REFID-3',
        eventId,
        org: 'mdm-lu',
        year: 2026,
        increments: [{ map: 'declineReasons', key: 'no_capacity' }],
      });
    await Promise.all([declined('EVID-dec-1'), declined('EVID-dec-2'), declined('EVID-dec-1')]);

    expect(await stats.get({ org: 'mdm-lu' }, 2026)).toMatchObject({
      referrals: 4,
      distinctPeople: 3,
      bySpecialty: { dental: 4 },
      declineReasons: { no_capacity: 2 },
    });
    expect(await stats.get({ network: true }, 2026)).toMatchObject({ referrals: 5, distinctPeople: 4 });
    expect(await stats.get({ org: 'mdm-lu' }, 2025)).toMatchObject({ referrals: 0, distinctPeople: 0 });
    // The year's grid: the network and every organisation it counts, for suppressing them together.
    const grid = await stats.year(2026);
    expect(Object.keys(grid.orgs).sort()).toEqual(['dune-bxl', 'mdm-lu']);
    expect(grid.orgs['mdm-lu']).toMatchObject({ referrals: 4, distinctPeople: 3 });
    expect(grid.orgs['dune-bxl']).toMatchObject({ referrals: 1, distinctPeople: 1 });
    expect(grid.network).toMatchObject({ referrals: 5, distinctPeople: 4 });

    // Nothing in the table holds a pseudonym, a referral's id or an event's id in clear.
    const all = await localDynamoClient(inject('dynamoEndpoint')).send(
      new ScanCommand({ TableName: tableName }),
    );
    const text = JSON.stringify(all.Items);
    for (const p of ['ZEBRA-1985', 'OWL-22', 'LYNX-3', 'REFID-', 'EVID-']) expect(text).not.toContain(p);
    // One row per referral and year, well under 1 KB (one write unit).
    const rows = (all.Items ?? []).filter((i) => i['pk']?.S?.startsWith('STATSREF#'));
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(JSON.stringify(row).length).toBeLessThan(400);
  });

  it('adds the counters kept before issue 15 to the year’s rows', async () => {
    // Counters as the transactions before issue 15 left them: one organisation's, and the network shard
    // naming it.
    const counters = {
      c_referrals: { N: '6' },
      c_distinctPeople: { N: '5' },
      m_bySpecialty_dental: { N: '6' },
      c_outcomes: { N: '2' },
    };
    await dynamo.send(
      new PutItemCommand({ TableName: tableName, Item: { ...statsOrgKey('old-org', 2026), ...counters } }),
    );
    await dynamo.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { ...statsNetworkKey(2026, 2), ...counters, orgs: { SS: ['old-org'] } },
      }),
    );
    await stats.record({
      referralId: 'REFID-after',
      eventId: 'EVID-after',
      org: 'old-org',
      year: 2026,
      increments: OPENED,
      person: 'HERON-9',
    });
    expect(await stats.get({ org: 'old-org' }, 2026)).toMatchObject({
      referrals: 7,
      distinctPeople: 6,
      bySpecialty: { dental: 7 },
      outcomes: 2,
    });
    const grid = await stats.year(2026);
    expect(grid.orgs['old-org']).toMatchObject({ referrals: 7, distinctPeople: 6 });
    expect(grid.network).toMatchObject({ referrals: 12, distinctPeople: 10 });
  });

  it('refuses a row whose event it cannot read, naming the attribute', async () => {
    await dynamo.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          ...statsReferralKey('bad-org', 2026, 'hash-of-a-ref'),
          p: { S: 'person-hash' },
          eABCDEFGH: { S: 'r s:Dental' },
          eIJKLMNOP: { S: 'o n' },
        },
      }),
    );
    await expect(stats.get({ org: 'bad-org' }, 2026)).rejects.toMatchObject({
      name: 'StoredItemError',
      pk: 'STATSREF#bad-org#2026',
      fields: ['eABCDEFGH'],
    });
  });
});
