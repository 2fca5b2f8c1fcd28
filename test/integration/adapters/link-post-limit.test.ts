import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { linkPostKey } from '../../../functions/adapters/dynamo/keys.ts';
import { createLinkPostLimit } from '../../../functions/adapters/dynamo/link-post-limit.ts';
import { TTL_ATTRIBUTE } from '../../../functions/adapters/dynamo/table.ts';
import { createTestTable } from '../../support/table.ts';

let dynamo: DynamoDBClient;
let tableName: string;
beforeAll(async () => {
  ({ dynamo, tableName } = await createTestTable('link-post-limit'));
});

const T0 = 1_800_000_000; // epoch seconds, on a window boundary of 100 s
const at = (s: number) => new Date(s * 1000);

describe('the link POST counter on the table', () => {
  it('allows the budget in a window, then refuses until the window ends, without counting refusals', async () => {
    const limit = createLinkPostLimit(dynamo, tableName, { posts: 3, windowSeconds: 100 });
    for (let i = 0; i < 3; i++) expect(await limit.take('jti-a', at(T0 + 10 + i))).toEqual({ allowed: true });
    expect(await limit.take('jti-a', at(T0 + 40))).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(await limit.take('jti-a', at(T0 + 99))).toEqual({ allowed: false, retryAfterSeconds: 1 });
    // Another token has its own count; the next window starts afresh.
    expect(await limit.take('jti-b', at(T0 + 50))).toEqual({ allowed: true });
    expect(await limit.take('jti-a', at(T0 + 100))).toEqual({ allowed: true });

    // One item per token and window, keyed by the jti, its count stopped at the budget, swept by TTL.
    const item = await dynamo.send(
      new GetItemCommand({ TableName: tableName, Key: linkPostKey('jti-a', T0), ConsistentRead: true }),
    );
    expect(item.Item?.['pk']).toEqual({ S: 'LINKPOST#jti-a' });
    expect(item.Item?.['posts']).toEqual({ N: '3' });
    expect(Number(item.Item?.[TTL_ATTRIBUTE]?.N)).toBeGreaterThanOrEqual(T0 + 100);
  });
});
