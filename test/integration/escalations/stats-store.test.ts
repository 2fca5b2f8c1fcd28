import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createStatsStore } from '../../../functions/adapters/dynamo/stats-store.ts';
import { localDynamoClient } from '../../../local/dynamodb.ts';
import { createTestTable } from '../../support/table.ts';

/* The yearly counters count each event once and each person once a year, and keep no pseudonym. */

let stats: ReturnType<typeof createStatsStore>;
let tableName: string;
beforeAll(async () => {
  const t = await createTestTable('stats-store');
  tableName = t.tableName;
  stats = createStatsStore(t.dynamo, t.tableName);
});

describe('the stats store', () => {
  it('counts an event once however often it is delivered, and a person once a year', async () => {
    const opened = (eventId: string, person: string, org = 'mdm-lu') =>
      stats.apply({
        eventId,
        org,
        year: 2026,
        increments: [{ field: 'referrals' }, { map: 'bySpecialty', key: 'dental' }],
        person,
      });
    expect(await opened('ev-1', 'ZEBRA-1985')).toBe('applied');
    expect(await opened('ev-1', 'ZEBRA-1985')).toBe('duplicate');
    expect(await opened('ev-2', 'ZEBRA-1985')).toBe('applied'); // a second referral, same person
    expect(await opened('ev-3', 'OWL-22')).toBe('applied');
    expect(await opened('ev-4', 'ZEBRA-1985', 'dune-bxl')).toBe('applied'); // another org's pseudonym
    await Promise.all(Array.from({ length: 5 }, () => opened('ev-5', 'LYNX-3')));

    expect(await stats.get({ org: 'mdm-lu' }, 2026)).toMatchObject({
      referrals: 4,
      distinctPeople: 3,
      bySpecialty: { dental: 4 },
    });
    expect(await stats.get({ network: true }, 2026)).toMatchObject({ referrals: 5, distinctPeople: 4 });
    expect(await stats.get({ org: 'mdm-lu' }, 2025)).toMatchObject({ referrals: 0, distinctPeople: 0 });
    // The year's grid: the network and every organisation it counts, for suppressing them together.
    const grid = await stats.year(2026);
    expect(Object.keys(grid.orgs).sort()).toEqual(['dune-bxl', 'mdm-lu']);
    expect(grid.orgs['mdm-lu']).toMatchObject({ referrals: 4, distinctPeople: 3 });
    expect(grid.orgs['dune-bxl']).toMatchObject({ referrals: 1, distinctPeople: 1 });
    expect(grid.network).toMatchObject({ referrals: 5, distinctPeople: 4 });

    // Nothing in the table holds a pseudonym in clear.
    const all = await localDynamoClient(inject('dynamoEndpoint')).send(
      new ScanCommand({ TableName: tableName }),
    );
    const text = JSON.stringify(all.Items);
    for (const p of ['ZEBRA-1985', 'OWL-22', 'LYNX-3']) expect(text).not.toContain(p);
  });
});
