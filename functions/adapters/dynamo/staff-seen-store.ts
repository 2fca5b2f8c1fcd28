import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { DomainError } from '../../../domain/errors.ts';
import { STAFF_ROLES, type StaffRole } from '../../../domain/referral/model.ts';
import type { StaffSeen } from '../../ports/staff-seen.ts';
import { type CursorCodec, processCursorCodec } from './cursor.ts';
import { staffSeenKey as itemKey, staffSeenPartition as partition, STAFF_SEEN_PREFIX } from './keys.ts';
import { KEY, TTL_ATTRIBUTE } from './table.ts';

/** Someone not seen for a year leaves the list. */
const KEEP_SECONDS = 365 * 24 * 3600;

/** A cursor of one organisation's staff list opens on no other list, nor another organisation's. */
const listCursor = (org: string) => `staff:${org}`;

/**
 * Staff as seen: pk `STAFF#<org>`, sk `SUB#<sub>`, the roles (a string set, for the role filter), the
 * name and the day last seen. Written by a Put conditional on the day: the first request of the day
 * writes, the others of that day are refused by DynamoDB (one conditional write), and a container that
 * wrote today does not even try again (remembered in memory). Roles and name follow the first token of
 * each day.
 */
export function createStaffSeen(
  client: DynamoDBClient,
  tableName: string,
  now: () => Date,
  cursors: CursorCodec = processCursorCodec(),
): StaffSeen {
  const writtenOn = new Map<string, string>();
  return {
    async seen(principal) {
      const day = now().toISOString().slice(0, 10);
      const who = `${principal.org}\u0000${principal.sub}`;
      if (writtenOn.get(who) === day) return;
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: {
              ...itemKey(principal.org, principal.sub),
              type: { S: 'staff-seen' },
              sub: { S: principal.sub },
              roles: { SS: [...new Set(principal.roles)] },
              ...(principal.name ? { name: { S: principal.name } } : {}),
              seenOn: { S: day },
              seenAt: { S: now().toISOString() },
              [TTL_ATTRIBUTE]: { N: String(Math.floor(now().getTime() / 1000) + KEEP_SECONDS) },
            },
            ConditionExpression: 'attribute_not_exists(seenOn) OR seenOn < :day',
            ExpressionAttributeValues: { ':day': { S: day } },
          }),
        );
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
      }
      if (writtenOn.size > 10_000) writtenOn.clear();
      writtenOn.set(who, day);
    },

    async list(org, { role, cursor, limit }) {
      const after = cursor ? subOfCursor(await cursors.open(cursor, listCursor(org))) : undefined;
      const out = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ...(role ? { FilterExpression: 'contains(#roles, :role)' } : {}),
          ...(role ? { ExpressionAttributeNames: { '#roles': 'roles' } } : {}),
          ExpressionAttributeValues: {
            ':pk': { S: partition(org) },
            ...(role ? { ':role': { S: role } } : {}),
          },
          ...(after ? { ExclusiveStartKey: itemKey(org, after) } : {}),
          Limit: limit,
        }),
      );
      const items = (out.Items ?? []).map((i) => ({
        sub: i.sub?.S ?? '',
        ...(i.name?.S ? { name: i.name.S } : {}),
        roles: (i.roles?.SS ?? []).filter((r): r is StaffRole =>
          (STAFF_ROLES as readonly string[]).includes(r),
        ),
        ...(i.seenAt?.S && !Number.isNaN(Date.parse(i.seenAt.S)) ? { seenAt: i.seenAt.S } : {}),
      }));
      const last = out.LastEvaluatedKey?.[KEY.sk]?.S?.slice(STAFF_SEEN_PREFIX.length);
      return { items, ...(last ? { nextCursor: await cursors.seal(last, listCursor(org)) } : {}) };
    },
  };
}

/** The `sub` a sealed cursor holds, checked before it becomes a key. */
function subOfCursor(sub: string): string {
  if (sub.length === 0 || sub.length > 256 || [...sub].some((ch) => ch.charCodeAt(0) < 32)) {
    throw new DomainError('invalid_input', 'The cursor is not valid for this list.', 'cursor');
  }
  return sub;
}
