import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { PageSessionRecord, PageSessions } from '../../ports/page-sessions.ts';
import type { StaffPrincipal } from '../../ports/staff.ts';
import { pageSessionKey } from './keys.ts';
import { type DecodeOptions, decodeItem, storedPageSession } from './stored.ts';
import { KEY, TTL_ATTRIBUTE } from './table.ts';

export interface PageSessionOptions {
  /** How long a session lasts without a request (sliding). @default 30 minutes */
  readonly idleSeconds?: number;
  /**
   * The longest a session opened with a refresh token lasts, however busy: the provider's refresh
   * token lasts no longer (Cognito's app client: 12 hours). @default 12 hours
   */
  readonly maxSeconds?: number;
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

/** The attribute holding the refresh token, encrypted (never in `data`, never in clear). */
const REFRESH_ATTRIBUTE = 'rt';

/**
 * The refresh token's key: derived from the session id itself, which only the browser's cookie holds
 * (the table keys the item by its digest). Reading the table alone yields no usable refresh token.
 */
const refreshKey = (id: string): Buffer =>
  Buffer.from(hkdfSync('sha256', id, '', 'relais page session refresh token', 32));

/** AES-256-GCM, the item's digest as associated data (a ciphertext moved to another item fails). */
export function sealRefreshToken(id: string, token: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', refreshKey(id), iv);
  cipher.setAAD(Buffer.from(digestOf(id)));
  const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

function openRefreshToken(id: string, sealed: string): string | undefined {
  try {
    const bytes = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', refreshKey(id), bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(digestOf(id)));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    // Tampered with or not ours: the session simply cannot be refreshed.
    return undefined;
  }
}

/**
 * Staff page sessions on the single table: `SESSION#<sha256(id)>` / `SESSION`, the principal as `data`,
 * the deadline in the TTL attribute, the provider's refresh token (if any) sealed in `rt`. The deadline is
 * the earlier of the idle timeout and the token's expiry (a refreshable session: its maximum age);
 * DynamoDB's TTL only sweeps (it may lag by hours), so every read checks the deadline itself.
 */
export function createPageSessionStore(
  client: DynamoDBClient,
  tableName: string,
  options: PageSessionOptions = {},
): PageSessions {
  const idle = options.idleSeconds ?? 30 * 60;
  const max = options.maxSeconds ?? 12 * 60 * 60;
  const nowSeconds = () => Math.floor((options.now ?? Date.now)() / 1000);
  // A refreshable session outlives its ID token (the pages refresh it), never its maximum age.
  const deadline = (record: PageSessionRecord, refreshable: boolean, now: number) =>
    Math.min(refreshable ? record.openedAt + max : record.tokenExpiresAt, now + idle);
  const recordOf = (
    principal: StaffPrincipal,
    tokenExpiresAt: number,
    openedAt: number,
  ): PageSessionRecord => ({
    sub: principal.sub,
    org: principal.org,
    roles: [...principal.roles],
    tokenExpiresAt,
    openedAt,
  });

  return {
    async open(principal, tokenExpiresAt, refreshToken) {
      const now = nowSeconds();
      if (tokenExpiresAt <= now) throw new Error('the token has expired');
      const id = randomBytes(ID_BYTES).toString('base64url');
      const record = recordOf(principal, tokenExpiresAt, now);
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            ...pageSessionKey(digestOf(id)),
            type: { S: 'page-session' },
            data: { S: JSON.stringify(record) },
            [TTL_ATTRIBUTE]: { N: String(deadline(record, refreshToken !== undefined, now)) },
            ...(refreshToken ? { [REFRESH_ATTRIBUTE]: { S: sealRefreshToken(id, refreshToken) } } : {}),
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
      const sealed = out.Item[REFRESH_ATTRIBUTE]?.S;
      const refreshToken = sealed === undefined ? undefined : openRefreshToken(id, sealed);
      const next = deadline(record, sealed !== undefined, now);
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
      return {
        principal: { sub: record.sub, org: record.org, roles: record.roles },
        tokenExpiresAt: record.tokenExpiresAt,
        ...(refreshToken === undefined ? {} : { refreshToken }),
      };
    },

    async renew(id, principal, tokenExpiresAt, refreshToken) {
      if (!ID_SHAPE.test(id)) return false;
      const Key = pageSessionKey(digestOf(id));
      const out = await client.send(new GetItemCommand({ TableName: tableName, Key, ConsistentRead: true }));
      if (!out.Item) return false;
      const before = decodeItem(storedPageSession, 'page-session', out.Item, options);
      const now = nowSeconds();
      const record = recordOf(principal, tokenExpiresAt, before.openedAt);
      const refreshable = out.Item[REFRESH_ATTRIBUTE] !== undefined || refreshToken !== undefined;
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key,
            UpdateExpression: refreshToken
              ? 'SET #data = :data, #ttl = :next, #rt = :rt'
              : 'SET #data = :data, #ttl = :next',
            // Never revive a session signed out (or lapsed) while the provider was answering.
            ConditionExpression: 'attribute_exists(#pk) AND #ttl > :now',
            ExpressionAttributeNames: {
              '#pk': KEY.pk,
              '#ttl': TTL_ATTRIBUTE,
              '#data': 'data',
              ...(refreshToken ? { '#rt': REFRESH_ATTRIBUTE } : {}),
            },
            ExpressionAttributeValues: {
              ':data': { S: JSON.stringify(record) },
              ':next': { N: String(deadline(record, refreshable, now)) },
              ':now': { N: String(now) },
              ...(refreshToken ? { ':rt': { S: sealRefreshToken(id, refreshToken) } } : {}),
            },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
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
            // The sealed refresh token goes at once, whatever TTL's delay.
            UpdateExpression: 'SET #ttl = :ended REMOVE #rt',
            ConditionExpression: 'attribute_exists(#pk)',
            ExpressionAttributeNames: { '#pk': KEY.pk, '#ttl': TTL_ATTRIBUTE, '#rt': REFRESH_ATTRIBUTE },
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
