import { type AttributeValue, BatchGetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KEY } from './table.ts';

type Item = Record<string, AttributeValue>;

/** BatchGetItem takes at most 100 keys a call. */
const BATCH_MAX = 100;
/** Unprocessed keys (throttling) are asked again this many times before the read fails. */
const RETRIES = 8;

/**
 * The items behind an index page whose index projects only keys (table.ts): one BatchGetItem per 100
 * keys, unprocessed keys asked again, answered in the order of `keys`. A key whose item is gone (deleted
 * between the query and the read) is left out. Eventually consistent, like the index query before it:
 * half the read units of a consistent read, and no staler than the page it completes.
 */
export async function itemsOf(
  client: DynamoDBClient,
  tableName: string,
  keys: readonly Item[],
): Promise<Item[]> {
  if (keys.length === 0) return [];
  const id = (i: Item) => `${i[KEY.pk]?.S}\u0000${i[KEY.sk]?.S}`;
  const found = new Map<string, Item>();
  const chunks: Item[][] = [];
  for (let i = 0; i < keys.length; i += BATCH_MAX) {
    chunks.push(keys.slice(i, i + BATCH_MAX).map((k) => ({ [KEY.pk]: k[KEY.pk]!, [KEY.sk]: k[KEY.sk]! })));
  }
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending: Item[] = chunk;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > RETRIES) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed`);
        if (attempt > 0) await new Promise((ok) => setTimeout(ok, 2 ** attempt * 10));
        const out = await client.send(
          new BatchGetItemCommand({ RequestItems: { [tableName]: { Keys: pending } } }),
        );
        for (const item of out.Responses?.[tableName] ?? []) found.set(id(item), item);
        pending = out.UnprocessedKeys?.[tableName]?.Keys ?? [];
      }
    }),
  );
  return keys.map((k) => found.get(id(k))).filter((i): i is Item => i !== undefined);
}
