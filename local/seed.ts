import { type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { Specialist } from '../domain/directory/model.ts';
import type { Clock, OrganisationStore, SpecialistStore } from '../domain/ports.ts';
import { KEY } from '../functions/adapters/dynamo/table.ts';
import { DEMO_ORGANISATIONS, DEMO_SPECIALISTS } from './demo-network.ts';

/**
 * Loads the demo network once per data folder. The marker is an item of the table itself (not a file
 * beside it), so a wiped database is seeded again and a kept one never twice, even when someone has
 * since edited or removed a demo specialist.
 */
export const SEED_MARKER_KEY = { [KEY.pk]: { S: 'SEED#demo-network' }, [KEY.sk]: { S: 'SEED' } };

export interface SeedInput {
  readonly dynamo: DynamoDBClient;
  readonly tableName: string;
  readonly clock: Clock;
  readonly specialists: SpecialistStore;
  readonly organisations: OrganisationStore;
}

/** Seeds the demo network unless it was seeded before; says whether it did. */
export async function seedDemoNetwork(input: SeedInput): Promise<{
  seeded: boolean;
  organisations: number;
  specialists: number;
}> {
  const { dynamo, tableName } = input;
  const marker = await dynamo.send(
    new GetItemCommand({ TableName: tableName, Key: SEED_MARKER_KEY, ConsistentRead: true }),
  );
  if (marker.Item) return { seeded: false, organisations: 0, specialists: 0 };

  const now = input.clock.now();
  const at = now.toISOString();
  // Puts are idempotent by id: a start that crashed half-way seeds again from the top.
  for (const o of DEMO_ORGANISATIONS) await input.organisations.put(o);
  for (const { pausedForDays, ...s } of DEMO_SPECIALISTS) {
    const specialist: Specialist = {
      ...s,
      // The demo network's volunteers are vetted and reachable: approved, with their address confirmed.
      approval: 'approved',
      addressConfirmed: true,
      ...(pausedForDays === undefined
        ? {}
        : { pausedUntil: new Date(now.getTime() + pausedForDays * 86_400_000).toISOString() }),
      createdAt: at,
      updatedAt: at,
    };
    await input.specialists.put(specialist);
  }
  await dynamo.send(
    new PutItemCommand({
      TableName: tableName,
      Item: { ...SEED_MARKER_KEY, seededAt: { S: at } },
    }),
  );
  return { seeded: true, organisations: DEMO_ORGANISATIONS.length, specialists: DEMO_SPECIALISTS.length };
}
