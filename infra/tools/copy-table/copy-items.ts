import {
  type AttributeValue,
  BatchWriteItemCommand,
  type DynamoDBClient,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { OUTBOX_ATTRIBUTE } from '../../../functions/adapters/dynamo/outbox.ts';

/** Items not copied: page sessions (staff sign in again on the new stage) and the local stream checkpoint. */
const SKIPPED_PREFIXES = ['SESSION#', 'CKPT#'];
const BATCH = 25;

/**
 * Copies every item of one table into another (a table restored from point-in-time recovery into a new
 * stage's table), without the `outbox` attribute: those events were published when the items were
 * written, and the new table's stream must not publish them again (offer emails sent a second time).
 * BatchWriteItem's unprocessed items are sent again until none is left.
 */
export async function copyItems(
  dynamo: DynamoDBClient,
  from: string,
  to: string,
): Promise<{ readonly copied: number; readonly skipped: number }> {
  let copied = 0;
  let skipped = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamo.send(new ScanCommand({ TableName: from, ExclusiveStartKey: start }));
    const items: Record<string, AttributeValue>[] = [];
    for (const item of page.Items ?? []) {
      const pk = item['pk']?.S ?? '';
      if (SKIPPED_PREFIXES.some((p) => pk.startsWith(p))) {
        skipped++;
        continue;
      }
      const { [OUTBOX_ATTRIBUTE]: _published, ...rest } = item;
      items.push(rest);
    }
    for (let i = 0; i < items.length; i += BATCH) {
      let requests = items.slice(i, i + BATCH).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt)));
        const out = await dynamo.send(new BatchWriteItemCommand({ RequestItems: { [to]: requests } }));
        requests = (out.UnprocessedItems?.[to] ?? []) as typeof requests;
      }
      copied += Math.min(BATCH, items.length - i);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return { copied, skipped };
}
