import { createHash, randomBytes } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { PageSessionRecord, PageSessions } from '../../ports/page-sessions.ts';
import { pageSessionKey } from './keys.ts';
import { type DecodeOptions, decodeItem, storedPageSession } from './stored.ts';
import { KEY, TTL_ATTRIBUTE } from './table.ts';

export interface PageSessionOptions {
  /** How long a session lasts without a request (sliding). @default 30 minutes */
  readonly idleSeconds?: number;
  /**
   * Wall clock in epoch ms. Token expiry is wall-clock time (the verifier checks `exp` against it), so
   * sessions follow the same clock, not the settable service clock. @default Date.now
   */
  readonly now?: () => number;
  readonly logger?: DecodeOptions['logger'];
}

/** 32 random bytes: 256 bits, 43 base64url characters. */
const ID_BYTES = 32;
const ID_SHAPE = /^[A-Za-z0-9_-]{43}$/;
/** A session's deadline is pushed back at most once a minute, so that a busy page is not a write per request. */
const SLIDE_STEP = 60;

const digestOf = (id: string): string => createHash('sha256').update(id).digest('base64url');

/**
 * Staff page sessions on the single table: `SESSION#<sha256(id)>` / `SESSION`, the principal as `data`,
 * the deadline in the TTL attribute. The deadline is the earlier of the token's expiry and the idle
 * timeout; DynamoDB's TTL only sweeps (it may lag by hours), so every read checks the deadline itself.
 */
export function createPageSessionStore(
  client: DynamoDBClient,
  tableName: string,
  options: PageSessionOptions = {},
): PageSessions {
  const idle = options.idleSeconds ?? 30 * 60;
  const nowSeconds = () => Math.floor((options.now ?? Date.now)() / 1000);
  const deadline = (tokenExpiresAt: number, now: number) => Math.min(tokenExpiresAt, now + idle);

  return {
    async open(principal, tokenExpiresAt) {
      const now = nowSeconds();
      if (tokenExpiresAt <= now) throw new Error('the token has expired');
      const id = randomBytes(ID_BYTES).toString('base64url');
      const record: PageSessionRecord = {
        sub: principal.sub,
        org: principal.org,
        roles: [...principal.roles],
        tokenExpiresAt,
        openedAt: now,
      };
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            ...pageSessionKey(digestOf(id)),
            type: { S: 'page-session' },
            data: { S: JSON.stringify(record) },
            [TTL_ATTRIBUTE]: { N: String(deadline(tokenExpiresAt, now)) },
          },
          // 256 random bits do not collide; should they, the sign-in fails rather than share a session.
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': KEY.pk },
        }),
      );
      return id;
    },

    async resume(id) {
      // Anything not shaped like an id we hand out is no session: no table read for it.
      if (!ID_SHAPE.test(id)) return undefined;
      const Key = pageSessionKey(digestOf(id));
      const out = await client.send(new GetItemCommand({ TableName: tableName, Key, ConsistentRead: true }));
      if (!out.Item) return undefined;
      const record = decodeItem(storedPageSession, 'page-session', out.Item, options);
      const until = Number(out.Item[TTL_ATTRIBUTE]?.N ?? 0);
      const now = nowSeconds();
      if (until <= now) return undefined;
      const next = deadline(record.tokenExpiresAt, now);
      if (next - until >= SLIDE_STEP) {
        try {
          await client.send(
            new UpdateItemCommand({
              TableName: tableName,
              Key,
              UpdateExpression: 'SET #ttl = :next',
              // Never revive a session signed out (deleted) or lapsed since it was read.
              ConditionExpression: 'attribute_exists(#pk) AND #ttl > :now',
              ExpressionAttributeNames: { '#pk': KEY.pk, '#ttl': TTL_ATTRIBUTE },
              ExpressionAttributeValues: { ':next': { N: String(next) }, ':now': { N: String(now) } },
            }),
          );
        } catch (error) {
          if (error instanceof ConditionalCheckFailedException) return undefined;
          throw error;
        }
      }
      return { sub: record.sub, org: record.org, roles: record.roles };
    },

    async close(id) {
      if (!ID_SHAPE.test(id)) return;
      // Ended by moving its expiry to the past rather than deleting it: the api may not delete items
      // (infra/table-access.ts), and `resume` refuses a lapsed session at once; TTL removes it later.
      // The condition keeps sign-out from creating an item for an id that was never a session.
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: pageSessionKey(digestOf(id)),
            UpdateExpression: 'SET #ttl = :ended',
            ConditionExpression: 'attribute_exists(#pk)',
            ExpressionAttributeNames: { '#pk': KEY.pk, '#ttl': TTL_ATTRIBUTE },
            // Now, not 0: DynamoDB's TTL leaves alone items whose expiry is more than five years past.
            ExpressionAttributeValues: { ':ended': { N: String(nowSeconds()) } },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },
  };
}
