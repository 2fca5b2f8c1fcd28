import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import type { Organisation } from '../../../domain/directory/model.ts';
import { DomainError } from '../../../domain/errors.ts';
import type { OrganisationStore } from '../../../domain/ports.ts';
import { type CursorCodec, processCursorCodec } from './cursor.ts';
import {
  organisationKey as key,
  organisationEntryKey as listKey,
  ORGANISATION_ENTRY_PREFIX,
  ORGANISATION_LIST,
} from './keys.ts';
import { type DecodeOptions, decodeItem, storedOrganisation } from './stored.ts';
import { KEY } from './table.ts';
import { cancellationCodes } from './transaction-codes.ts';

/** What a cursor of the organisations' list is bound to: it opens on no other list. */
const LIST_CURSOR = 'organisations';

/**
 * The list of organisations: one partition, `ORGS`, an entry per organisation at `ORG#<id>` holding a copy
 * of it, written in the same transaction as the organisation itself. A network has tens of
 * organisations, so one partition read a page at a time is all the admin list needs (no index, no Scan).
 * Organisations written before the list existed appear in it once they are written again.
 */
/** Organisations of the network: read to tell a specialist who refers and how to reach their desk. */
export function createOrganisationStore(
  client: DynamoDBClient,
  tableName: string,
  options: DecodeOptions & { readonly cursors?: CursorCodec } = {},
): OrganisationStore {
  const cursors = options.cursors ?? processCursorCodec();
  const items = (o: Organisation, idempotencyKey?: string) => {
    const data = {
      type: { S: 'organisation' },
      data: { S: JSON.stringify(o) },
      // Beside `data` too, for the condition of a change (If-Match).
      version: { N: String(o.version ?? 0) },
    };
    return {
      main: {
        ...key(o.id),
        ...data,
        ...(idempotencyKey ? { idempotencyKey: { S: idempotencyKey } } : {}),
      },
      entry: { ...listKey(o.id), ...data },
    };
  };
  const cancelled = (err: unknown) => cancellationCodes(err).includes('ConditionalCheckFailed');
  /**
   * The organisation and its list entry in one transaction, the organisation's Put under `condition` if
   * any; false when the condition failed.
   */
  const writePair = async (
    { main, entry }: ReturnType<typeof items>,
    condition?: { expression: string; values?: Record<string, AttributeValue> },
  ): Promise<boolean> => {
    const guard = condition
      ? {
          ConditionExpression: condition.expression,
          ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}),
        }
      : {};
    try {
      await client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: main, ...guard } },
            { Put: { TableName: tableName, Item: entry } },
          ],
        }),
      );
      return true;
    } catch (err) {
      if (condition && cancelled(err)) return false;
      throw err;
    }
  };

  return {
    async get(id) {
      const out = await client.send(new GetItemCommand({ TableName: tableName, Key: key(id) }));
      return out.Item ? decodeItem(storedOrganisation, 'organisation', out.Item, options) : undefined;
    },

    async put(o) {
      await writePair(items(o));
    },

    async create(o, idempotencyKey) {
      if (await writePair(items(o, idempotencyKey), { expression: 'attribute_not_exists(pk)' })) {
        return { created: true };
      }
      const out = await client.send(
        new GetItemCommand({ TableName: tableName, Key: key(o.id), ConsistentRead: true }),
      );
      if (!out.Item) throw new Error(`organisation ${o.id}: creation refused, yet nothing stored`);
      const existing = decodeItem(storedOrganisation, 'organisation', out.Item, options);
      const was = out.Item.idempotencyKey?.S;
      return { created: false, existing, ...(was ? { idempotencyKey: was } : {}) };
    },

    async replace(o, expectedVersion) {
      // The Idempotency-Key it was created with stays, so a late retry of the creation still names it.
      const was = await client.send(
        new GetItemCommand({ TableName: tableName, Key: key(o.id), ConsistentRead: true }),
      );
      // A whole-item Put conditional on the version (the api writes no Update: table-access.ts).
      return writePair(items(o, was.Item?.idempotencyKey?.S), {
        // Organisations stored before versions have none: they are at version 0.
        expression:
          expectedVersion === 0
            ? 'attribute_exists(pk) AND (attribute_not_exists(version) OR version = :was)'
            : 'version = :was',
        values: { ':was': { N: String(expectedVersion) } },
      });
    },

    async list({ cursor, limit }) {
      const after = cursor ? idOfCursor(await cursors.open(cursor, LIST_CURSOR)) : undefined;
      const out = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: ORGANISATION_LIST } },
          ...(after ? { ExclusiveStartKey: listKey(after) } : {}),
          Limit: limit,
        }),
      );
      const found = (out.Items ?? []).map((i) => decodeItem(storedOrganisation, 'organisation', i, options));
      const last = out.LastEvaluatedKey?.[KEY.sk]?.S?.slice(ORGANISATION_ENTRY_PREFIX.length);
      return { items: found, ...(last ? { nextCursor: await cursors.seal(last, LIST_CURSOR) } : {}) };
    },
  };
}

/** The id a sealed cursor holds, checked before it becomes a key. */
function idOfCursor(id: string): string {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) {
    throw new DomainError('invalid_input', 'The cursor is not valid for this list.', 'cursor');
  }
  return id;
}
