import {
  type AttributeValue,
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { SpecialistLoad } from '../../../domain/matching/match-candidates.ts';
import { monthOf, type SpecialistLoadStore } from '../../../domain/matching/specialist-load.ts';
import { specialistLoadKey as key, LOAD_PREFIX } from './keys.ts';
import { type DecodeOptions, unreadable } from './stored.ts';
import { KEY } from './table.ts';

/** BatchGetItem reads at most this many keys per call. */
const BATCH = 100;
/** Unprocessed keys (throttling) are asked again this many times before giving up. */
const MAX_ROUNDS = 8;

/** One string set per month: the offer ids of the appointments accepted that month. */
const monthAttribute = (month: string) => `m_${month.replace('-', '_')}`;

/**
 * The specialist load projection on the single table: item `LOAD#<specialistId>` / `LOAD` with
 * `lastOfferedAt` and, per UTC month, the set of accepted offer ids (`m_2026_11`). A set, not a
 * counter: a re-delivered event adds the same id again and the count does not move.
 */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** One load item as read: an offer instant that is a string instant, a month that is a string set. */
function loadOfItem(
  item: Record<string, AttributeValue>,
  month: string,
  options: DecodeOptions,
): { id: string; load: SpecialistLoad } {
  const id = item[KEY.pk]?.S?.slice(LOAD_PREFIX.length);
  const last = item['lastOfferedAt'];
  const accepted = item[month];
  const bad = [
    ...(id ? [] : [KEY.pk]),
    ...(last !== undefined && !(last.S !== undefined && INSTANT.test(last.S)) ? ['lastOfferedAt'] : []),
    ...(accepted !== undefined && accepted.SS === undefined ? [month] : []),
  ];
  if (bad.length > 0 || !id) return unreadable('specialist-load', item, bad, options);
  return {
    id,
    load: { monthCount: accepted?.SS?.length ?? 0, ...(last?.S ? { lastOfferedAt: last.S } : {}) },
  };
}

export function createSpecialistLoadStore(
  client: DynamoDBClient,
  tableName: string,
  options: DecodeOptions = {},
): SpecialistLoadStore {
  return {
    async recordOffer(specialistId, at) {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: key(specialistId),
            UpdateExpression: 'SET lastOfferedAt = :at',
            // Never back in time: an older event arriving late leaves the newer value.
            ConditionExpression: 'attribute_not_exists(lastOfferedAt) OR lastOfferedAt < :at',
            ExpressionAttributeValues: { ':at': { S: at } },
          }),
        );
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
      }
    },

    async recordAppointment(specialistId, offerId, at) {
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: key(specialistId),
          UpdateExpression: 'ADD #month :offer',
          ExpressionAttributeNames: { '#month': monthAttribute(monthOf(at)) },
          ExpressionAttributeValues: { ':offer': { SS: [offerId] } },
        }),
      );
    },

    async loadOf(ids, now) {
      const month = monthAttribute(monthOf(now));
      const out = new Map<string, SpecialistLoad>();
      const unique = [...new Set(ids)];
      for (let i = 0; i < unique.length; i += BATCH) {
        let keys: Record<string, AttributeValue>[] = unique.slice(i, i + BATCH).map(key);
        for (let round = 0; keys.length > 0; round++) {
          if (round >= MAX_ROUNDS) throw new Error('specialist load: keys left unprocessed');
          const res = await client.send(
            new BatchGetItemCommand({
              RequestItems: {
                [tableName]: {
                  Keys: keys,
                  ProjectionExpression: '#pk, lastOfferedAt, #month',
                  ExpressionAttributeNames: { '#pk': KEY.pk, '#month': month },
                },
              },
            }),
          );
          for (const item of res.Responses?.[tableName] ?? []) {
            const { id, load } = loadOfItem(item, month, options);
            out.set(id, load);
          }
          keys = (res.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, AttributeValue>[];
          if (keys.length > 0) await new Promise((ok) => setTimeout(ok, 20 * 2 ** round));
        }
      }
      return out;
    },
  };
}
