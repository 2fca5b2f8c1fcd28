import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { DomainError } from '../../../domain/errors.ts';
import type { ReferralPage, ReferralStore, Transition } from '../../../domain/ports.ts';
import type { Referral } from '../../../domain/referral/model.ts';
import type { Logger } from '../../ports/logger.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { isTombstone } from './erasure-store.ts';
import { duePartition, referralDueSk, referralKey, shardOf } from './keys.ts';
import { decodeItem, storedReferral } from './stored.ts';
import { INDEX } from './table.ts';

/** Where a referral's pending deadline sits in the sparse due index, if it has one. */
export type DueOf = (r: Referral) => string | undefined;

export interface ReferralStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Derives the pending deadline (an instant) that the sweep will find; none by default. */
  readonly dueOf?: DueOf;
  /** Where an unreadable item is reported (by its key). */
  readonly logger?: Logger;
}

/**
 * Referrals on DynamoDB. Each transition is ONE conditional PutItem on the version it was computed
 * from; the transition's events ride on the same item (`outbox`) so the table stream publishes them
 * with no second write and no window where the state is saved but the events are not.
 */
export function createReferralStore({
  client,
  tableName,
  dueOf,
  logger,
}: ReferralStoreOptions): ReferralStore {
  const decode = (item: Record<string, AttributeValue>): Referral =>
    decodeItem(storedReferral, 'referral', item, { logger });

  const toItem = (t: Transition): Record<string, AttributeValue> => {
    const r = t.referral;
    const sortKey = `${r.createdAt}#${r.id}`;
    const item: Record<string, AttributeValue> = {
      ...referralKey(r.id),
      type: { S: 'referral' },
      version: { N: String(r.version) },
      data: { S: JSON.stringify(r) },
      outbox: { S: JSON.stringify(t.events) },
      [INDEX.byOrg.pk]: { S: r.org },
      [INDEX.byOrg.sk]: { S: sortKey },
      [INDEX.byOrgStatus.pk]: { S: `${r.org}#${r.status}` },
      [INDEX.byPerson.pk]: { S: `${r.org}#${r.pseudonym}` },
    };
    if (r.accompaniment.accompanierId && r.appointment) {
      item[INDEX.byAccompanier.pk] = { S: r.accompaniment.accompanierId };
      item[INDEX.byAccompanier.sk] = { S: `${r.appointment.at}#${r.id}` };
    }
    const due = dueOf?.(r);
    if (due) {
      item[INDEX.byDue.pk] = { S: duePartition(shardOf(r.id)) };
      item[INDEX.byDue.sk] = { S: referralDueSk(due, r.id) };
    }
    return item;
  };

  const put = async (t: Transition, condition: string, values?: Record<string, AttributeValue>) => {
    try {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: toItem(t),
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (err) {
      if (
        err instanceof ConditionalCheckFailedException ||
        (err as Error).name === 'ConditionalCheckFailedException'
      ) {
        throw new DomainError('conflict', 'The referral was changed by someone else; reload and try again.');
      }
      throw err;
    }
  };

  return {
    create: (t) => put(t, 'attribute_not_exists(pk)'),

    save: (t, expectedVersion) =>
      put(t, 'version = :expected', { ':expected': { N: String(expectedVersion) } }),

    async get(id) {
      const out = await client.send(
        new GetItemCommand({ TableName: tableName, Key: referralKey(id), ConsistentRead: true }),
      );
      // An erased referral's tombstone (erasure-store.ts) is no referral.
      return out.Item && !isTombstone(out.Item) ? decode(out.Item) : undefined;
    },

    async listByOrg(org, { status, pseudonym, cursor, limit }): Promise<ReferralPage> {
      const index = pseudonym ? INDEX.byPerson : status ? INDEX.byOrgStatus : INDEX.byOrg;
      const partition = pseudonym ? `${org}#${pseudonym}` : status ? `${org}#${status}` : org;
      const input: QueryCommandInput = {
        TableName: tableName,
        IndexName: index.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.pk },
        ExpressionAttributeValues: { ':pk': { S: partition } },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: cursor ? decodeCursor(cursor, index, partition) : undefined,
      };
      if (pseudonym && status) {
        // A person has few referrals: filtering their partition by status stays cheap.
        input.FilterExpression = '#status = :status';
        input.ExpressionAttributeNames = {
          ...input.ExpressionAttributeNames,
          '#status': INDEX.byOrgStatus.pk,
        };
        input.ExpressionAttributeValues = {
          ...input.ExpressionAttributeValues,
          ':status': { S: `${org}#${status}` },
        };
      }
      const out = await client.send(new QueryCommand(input));
      const items = (out.Items ?? []).map(decode);
      return { items, nextCursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : undefined };
    },

    async listByAccompanier(accompanierId, { from, cursor, limit }): Promise<ReferralPage> {
      const ix = INDEX.byAccompanier;
      const out = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: ix.name,
          KeyConditionExpression: '#pk = :pk AND #sk >= :from',
          ExpressionAttributeNames: { '#pk': ix.pk, '#sk': ix.sk },
          ExpressionAttributeValues: { ':pk': { S: accompanierId }, ':from': { S: from } },
          ScanIndexForward: true,
          Limit: limit,
          ExclusiveStartKey: cursor ? decodeCursor(cursor, ix, accompanierId) : undefined,
        }),
      );
      const items = (out.Items ?? []).map(decode);
      return { items, nextCursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : undefined };
    },

    async listNeedingAccompanier(org, { limit }) {
      // The organisation's scheduled referrals are few at any time (they leave the partition when the
      // appointment happens), so reading them and keeping those without an accompanier stays cheap;
      // the page cap bounds it all the same.
      const ix = INDEX.byOrgStatus;
      const found: Referral[] = [];
      let start: Record<string, AttributeValue> | undefined;
      for (let page = 0; page < NEEDING_ACCOMPANIER_MAX_PAGES && found.length < limit; page++) {
        const out = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: ix.name,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': ix.pk },
            ExpressionAttributeValues: { ':pk': { S: `${org}#scheduled` } },
            Limit: 100,
            ExclusiveStartKey: start,
          }),
        );
        for (const i of out.Items ?? []) {
          const r = decode(i);
          if (r.accompaniment.required && !r.accompaniment.accompanierId && r.appointment) found.push(r);
        }
        start = out.LastEvaluatedKey;
        if (!start) break;
      }
      return found
        .sort((a, b) => Date.parse(a.appointment?.at ?? '') - Date.parse(b.appointment?.at ?? ''))
        .slice(0, limit);
    },
  };
}

/** At most this many pages of 100 scheduled referrals are read to find those needing an accompanier. */
const NEEDING_ACCOMPANIER_MAX_PAGES = 10;
