import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import type { Specialist } from '../../../domain/directory/model.ts';
import { normalisedEmail } from '../../../domain/directory/model.ts';
import { DomainError } from '../../../domain/errors.ts';
import type { SpecialistStore } from '../../../domain/ports.ts';
import type { RelaisEvent } from '../../../events/catalog.ts';
import { itemsOf } from './batch-get.ts';
import { type CursorCodec, processCursorCodec } from './cursor.ts';
import { emailClaimKey, specialistKey as key } from './keys.ts';
import { queryAll } from './query-all.ts';
import { type DecodeOptions, decodeItem, storedSpecialist } from './stored.ts';
import { INDEX, KEY } from './table.ts';
import { cancellationCodes } from './transaction-codes.ts';

/** The directory partition on the byOrg index: the whole directory, listed without a Scan. */
const DIRECTORY = 'DIRECTORY#SPECIALISTS';

/** The specialists directory. Small (hundreds of entries), read on every offer, written by coordinators. */
export function createSpecialistStore(
  client: DynamoDBClient,
  tableName: string,
  options: DecodeOptions & { readonly cursors?: CursorCodec } = {},
): SpecialistStore {
  const cursors = options.cursors ?? processCursorCodec();
  const parse = (item: Record<string, AttributeValue>): Specialist =>
    decodeItem(storedSpecialist, 'specialist', item, options);
  return {
    async get(id) {
      const out = await client.send(new GetItemCommand({ TableName: tableName, Key: key(id) }));
      return out.Item ? parse(out.Item) : undefined;
    },

    async put(s) {
      await client.send(new PutItemCommand({ TableName: tableName, Item: itemOf(s) }));
    },

    async create(s, events = []) {
      try {
        await transact(client, [
          {
            Put: {
              TableName: tableName,
              Item: itemOf(s, events),
              ConditionExpression: 'attribute_not_exists(#pk)',
              ExpressionAttributeNames: { '#pk': KEY.pk },
            },
          },
          claim(tableName, s),
        ]);
        return 'created';
      } catch (err) {
        const [entry, email] = cancelled(err);
        // The entry first: a repeated Idempotency-Key finds its own entry (and its own claim).
        if (entry) return 'exists';
        if (email) throw emailTaken();
        throw err;
      }
    },

    async save(s, expectedVersion, previousEmail, events = []) {
      // An item written before versions were kept has no `version` attribute: it is at version 1.
      const unversioned = expectedVersion === 1 ? ' OR attribute_not_exists(#v)' : '';
      const put = {
        TableName: tableName,
        Item: itemOf(s, events),
        ConditionExpression: `attribute_exists(#pk) AND (#v = :v${unversioned})`,
        ExpressionAttributeNames: { '#pk': KEY.pk, '#v': 'version' },
        ExpressionAttributeValues: { ':v': { N: String(expectedVersion) } },
      };
      const moves =
        previousEmail !== undefined && normalisedEmail(previousEmail) !== normalisedEmail(s.email);
      try {
        if (!moves) {
          await client.send(new PutItemCommand(put));
          return;
        }
        // The new address claimed, the old one released (overwritten as free, not deleted: the api
        // function has no Delete), with the entry, in one transaction.
        await transact(client, [
          { Put: put },
          claim(tableName, s),
          { Put: { TableName: tableName, Item: { ...emailClaimKey(previousEmail), ...released(s.id) } } },
        ]);
      } catch (err) {
        if (err instanceof ConditionalCheckFailedException) throw stale();
        const [entry, email] = cancelled(err);
        if (entry) throw stale();
        if (email) throw emailTaken();
        throw err;
      }
    },

    async listBySpecialty(specialty) {
      const found = await queryAll(client, {
        TableName: tableName,
        IndexName: INDEX.bySpecialty.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': INDEX.bySpecialty.pk },
        ExpressionAttributeValues: { ':pk': { S: specialty } },
      });
      return found.map((item) => parse(item));
    },

    async list({ cursor, limit, specialty }) {
      const out = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: INDEX.byOrg.name,
          KeyConditionExpression: specialty ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
          ExpressionAttributeNames: specialty
            ? { '#pk': INDEX.byOrg.pk, '#sk': INDEX.byOrg.sk }
            : { '#pk': INDEX.byOrg.pk },
          ExpressionAttributeValues: specialty
            ? { ':pk': { S: DIRECTORY }, ':prefix': { S: `${specialty}#` } }
            : { ':pk': { S: DIRECTORY } },
          Limit: limit,
          ExclusiveStartKey: cursor ? await cursors.decode(cursor, INDEX.byOrg, DIRECTORY) : undefined,
        }),
      );
      // byOrg holds keys only (table.ts): the page's entries are read in one BatchGetItem.
      const items = (await itemsOf(client, tableName, out.Items ?? [])).map(parse);
      return {
        items,
        nextCursor: out.LastEvaluatedKey
          ? await cursors.encode(out.LastEvaluatedKey, INDEX.byOrg)
          : undefined,
      };
    },
  };
}

/**
 * The stored item: the entry as JSON, its indexes, its version as an attribute for conditions, and the
 * events of the change that wrote it (`outbox`, published from the table stream as a referral's; a
 * write without events leaves none, so nothing is published twice).
 */
function itemOf(s: Specialist, events: readonly RelaisEvent[] = []): Record<string, AttributeValue> {
  return {
    ...key(s.id),
    type: { S: 'specialist' },
    data: { S: JSON.stringify(s) },
    ...(s.version !== undefined ? { version: { N: String(s.version) } } : {}),
    [INDEX.bySpecialty.pk]: { S: s.specialty },
    [INDEX.bySpecialty.sk]: { S: s.id },
    [INDEX.byOrg.pk]: { S: DIRECTORY },
    [INDEX.byOrg.sk]: { S: `${s.specialty}#${s.id}` },
    ...(events.length > 0 ? { outbox: { S: JSON.stringify(events) } } : {}),
  };
}

/**
 * The Put claiming the entry's email: only if nobody holds it, or its claim was released, or it is the
 * entry's own already.
 */
function claim(tableName: string, s: Specialist): TransactWriteItem {
  return {
    Put: {
      TableName: tableName,
      Item: { ...emailClaimKey(s.email), type: { S: 'email_claim' }, specialistId: { S: s.id } },
      ConditionExpression: 'attribute_not_exists(#pk) OR #released = :yes OR #owner = :id',
      ExpressionAttributeNames: { '#pk': KEY.pk, '#released': 'released', '#owner': 'specialistId' },
      ExpressionAttributeValues: { ':yes': { BOOL: true }, ':id': { S: s.id } },
    },
  };
}

/**
 * One transaction, tried again (a few times, after a short random wait) when it only lost a race with
 * another transaction on the same items: concurrent entries for one email are then decided by the
 * claim's condition, one created and the others told the address is taken, rather than a 500.
 */
async function transact(client: DynamoDBClient, items: TransactWriteItem[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new TransactWriteItemsCommand({ TransactItems: items }));
      return;
    } catch (err) {
      const codes = cancellationCodes(err);
      const raced = codes.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed');
      if (!raced || attempt >= 8) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/** A claim given up: the address is free for another specialist. */
const released = (formerOwner: string): Record<string, AttributeValue> => ({
  type: { S: 'email_claim' },
  released: { BOOL: true },
  specialistId: { S: formerOwner },
});

/** Which items of a cancelled transaction failed their condition (false for the others). */
const cancelled = (err: unknown): boolean[] =>
  cancellationCodes(err).map((code) => code === 'ConditionalCheckFailed');

const stale = (): DomainError =>
  new DomainError('conflict', 'The specialist has changed since you read it (If-Match).');

// Named by its field, as the pages tell it next to the address (pages/directory/routes.tsx).
const emailTaken = (): DomainError =>
  new DomainError('conflict', 'Another specialist of the network has this email (email).', 'email');
