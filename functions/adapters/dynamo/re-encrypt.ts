import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { KeyRing } from '../../ports/key-ring.ts';
import { openReferral, sealedVersionsOf, sealReferral } from '../crypto/referral-fields.ts';
import { orgStatusPartition, referralKey } from './keys.ts';
import { jsonTextOf, packJson } from './packed-json.ts';
import { decodeSealedItem, storedReferral } from './stored.ts';
import { INDEX } from './table.ts';

export interface ReEncryptResult {
  /** Referrals of the organisation read. */
  readonly scanned: number;
  /** Rewritten: re-sealed under the current key, or given the index key of its status class. */
  readonly reEncrypted: number;
  /** Changed by someone else meanwhile and read again (their write sealed it afresh, or we did after). */
  readonly retried: number;
}

/**
 * Re-seals every referral of `org` whose values are not all under the current data key (older
 * versions, or values stored before encryption). Each item is rewritten by an UpdateItem conditioned on
 * the `version` it was read at, so a transition written meanwhile is never lost: the update fails and
 * the item is read again. Only `data` changes (and `outbox`, emptied: the events of the item's last
 * transition were published from its own stream record, and must not go out twice); the referral's
 * version, its keys and its other index keys stay as they are (the blind index does not depend on the
 * version).
 *
 * It also brings an item written before issue 15 to the byOrgStatus key of its status class
 * (keys.ts orgStatusPartition: `<org>#active|closed` where it held `<org>#<status>`), by the same
 * conditioned write, re-sealing or not: `--no-rotate` on a deployed stage is the backfill (DEPLOY.md).
 */
export async function reEncryptOrganisation(options: {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly keyRing: KeyRing;
  readonly org: string;
}): Promise<ReEncryptResult> {
  const { client, tableName, keyRing, org } = options;
  const current = await keyRing.current(org);
  let scanned = 0;
  let reEncrypted = 0;
  let retried = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: INDEX.byOrg.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': INDEX.byOrg.pk, '#id': 'pk' },
        ExpressionAttributeValues: { ':pk': { S: org } },
        ProjectionExpression: '#id',
        ExclusiveStartKey: start,
      }),
    );
    for (const found of page.Items ?? []) {
      scanned += 1;
      const id = found['pk']?.S?.replace(/^REF#/, '');
      if (!id) continue;
      for (let attempt = 0; ; attempt++) {
        const outcome = await reEncryptOne(client, tableName, keyRing, id, current.version);
        if (outcome === 'done') reEncrypted += 1;
        if (outcome !== 'conflict') break;
        retried += 1;
        if (attempt >= 5) throw new Error(`referral ${id} kept changing while being re-encrypted`);
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return { scanned, reEncrypted, retried };
}

async function reEncryptOne(
  client: DynamoDBClient,
  tableName: string,
  keyRing: KeyRing,
  id: string,
  currentVersion: number,
): Promise<'done' | 'current' | 'conflict'> {
  const out = await client.send(
    new GetItemCommand({ TableName: tableName, Key: referralKey(id), ConsistentRead: true }),
  );
  const item = out.Item;
  const text = jsonTextOf(item?.['data']);
  const itemVersion = item?.['version']?.N;
  if (!item || text === undefined || itemVersion === undefined) return 'current';
  const raw = JSON.parse(text) as { org?: unknown; status?: unknown };
  const sealedCurrent = [...sealedVersionsOf(raw)].every((v) => v === currentVersion);
  const statusKey =
    typeof raw.org === 'string' && typeof raw.status === 'string'
      ? orgStatusPartition(raw.org, raw.status)
      : undefined;
  const keyCurrent = statusKey === undefined || item[INDEX.byOrgStatus.pk]?.S === statusKey;
  if (sealedCurrent && keyCurrent) return 'current';
  // Opened and sealed again only when a value is under an older key (an item that does not decode
  // throws here, as before); a rewrite for the key alone leaves `data` as it is.
  const data = sealedCurrent
    ? item['data']!
    : packJson(
        await sealReferral(
          keyRing,
          await decodeSealedItem(storedReferral, 'referral', item, {}, (raw) => openReferral(keyRing, raw)),
        ),
      );
  try {
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: referralKey(id),
        UpdateExpression: 'SET #data = :data, #outbox = :none, #status = :status',
        ConditionExpression: '#version = :read',
        ExpressionAttributeNames: {
          '#data': 'data',
          '#outbox': 'outbox',
          '#version': 'version',
          '#status': INDEX.byOrgStatus.pk,
        },
        ExpressionAttributeValues: {
          ':data': data,
          ':none': { S: '[]' },
          ':status': statusKey ? { S: statusKey } : item[INDEX.byOrgStatus.pk]!,
          ':read': { N: itemVersion },
        },
      }),
    );
    return 'done';
  } catch (err) {
    if (
      err instanceof ConditionalCheckFailedException ||
      (err as Error).name === 'ConditionalCheckFailedException'
    )
      return 'conflict';
    throw err;
  }
}
