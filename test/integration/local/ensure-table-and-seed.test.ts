import {
  DeleteItemCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisationStore } from '../../../functions/adapters/dynamo/organisation-store.ts';
import { createSpecialistStore } from '../../../functions/adapters/dynamo/specialist-store.ts';
import { createTableInput, INDEXES, TTL_ATTRIBUTE } from '../../../functions/adapters/dynamo/table.ts';
import { createMovableClock } from '../../../local/clock.ts';
import { DEMO_SPECIALISTS } from '../../../local/demo-network.ts';
import { ensureTable } from '../../../local/ensure-table.ts';
import { SEED_MARKER_KEY, seedDemoNetwork } from '../../../local/seed.ts';
import { createTestTable } from '../../support/table.ts';

let dynamo: DynamoDBClient;
let tableName: string;

beforeAll(async () => {
  ({ dynamo, tableName } = await createTestTable('local-seed'));
});
afterAll(() => dynamo.destroy());

describe('ensureTable', () => {
  it('builds the table from the shared definition, with its stream, indexes and TTL', async () => {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual(createTableInput(tableName).KeySchema);
    expect(Table?.StreamSpecification).toMatchObject({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    expect(Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName).sort()).toEqual(
      INDEXES.map((i) => i.name).sort(),
    );
    const ttl = await dynamo.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription?.AttributeName).toBe(TTL_ATTRIBUTE);
    expect(ttl.TimeToLiveDescription?.TimeToLiveStatus).toMatch(/^ENABL/);
  });

  it('leaves an existing table as it is', async () => {
    expect(await ensureTable(dynamo, tableName)).toEqual({ created: false });
  });
});

describe('seedDemoNetwork', () => {
  it('loads the demo network once', async () => {
    const specialists = createSpecialistStore(dynamo, tableName);
    const organisations = createOrganisationStore(dynamo, tableName);
    const clock = createMovableClock({ realNow: () => Date.parse('2026-05-04T08:00:00Z') });
    const input = { dynamo, tableName, clock, specialists, organisations };

    const first = await seedDemoNetwork(input);
    expect(first).toEqual({ seeded: true, organisations: 4, specialists: DEMO_SPECIALISTS.length });
    expect((await organisations.get('mdm-lu'))?.name).toContain('Médecins du Monde Luxembourg');
    for (const specialty of ['ophthalmology', 'dental', 'cardiology'] as const) {
      const active = (await specialists.listBySpecialty(specialty)).filter(
        (s) => s.active && (!s.pausedUntil || s.pausedUntil < clock.now().toISOString()),
      );
      expect(active.length).toBeGreaterThanOrEqual(3);
      expect(new Set(active.map((s) => s.email)).size).toBe(active.length);
    }
    expect((await specialists.get('sp-oph-leave'))?.pausedUntil).toBe('2026-06-03T08:00:00.000Z');

    // A specialist edited since is not overwritten by a second start.
    const edited = { ...(await specialists.get('sp-den-bonnevoie'))!, monthlyQuota: 9 };
    await specialists.put(edited);
    expect(await seedDemoNetwork(input)).toMatchObject({ seeded: false });
    expect((await specialists.get('sp-den-bonnevoie'))?.monthlyQuota).toBe(9);

    // Without the marker (a wiped database), it seeds again.
    await dynamo.send(new DeleteItemCommand({ TableName: tableName, Key: SEED_MARKER_KEY }));
    expect(await seedDemoNetwork(input)).toMatchObject({ seeded: true });
  });
});
