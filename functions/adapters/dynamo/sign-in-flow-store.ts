import { createHash, randomBytes } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import { lazySchema } from '../../../events/lazy-schema.ts';
import type { SignInFlow, SignInFlows } from '../../ports/staff-sign-in.ts';
import { signInFlowKey } from './keys.ts';
import { KEY, TTL_ATTRIBUTE } from './table.ts';

const ID_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const digestOf = (id: string): string => createHash('sha256').update(id).digest('base64url');

/** The stored attempt (`data`): decoded here, the one reader of this family. */
const storedFlow = lazySchema(() =>
  z.object({
    state: z.string().check(z.minLength(16)),
    nonce: z.string().check(z.minLength(16)),
    codeVerifier: z.string().check(z.minLength(43), z.maxLength(128)),
    next: z.optional(z.string()),
  }),
);

/**
 * Sign-in attempts on the single table, chosen over a signed cookie because the api holds no key of
 * its own to sign one with: the browser keeps a random id in a short-lived cookie, the table the
 * attempt (PKCE verifier, state, nonce) under the id's digest, for `ttlSeconds`. `take` ends it in the
 * same conditional write that reads it, so an attempt is used once; the api may not delete, so it is
 * ended by moving its expiry to now, and TTL removes it.
 */
export function createSignInFlowStore(
  client: DynamoDBClient,
  tableName: string,
  options: { readonly ttlSeconds?: number; readonly now?: () => number } = {},
): SignInFlows {
  const ttl = options.ttlSeconds ?? 10 * 60;
  const nowSeconds = () => Math.floor((options.now ?? Date.now)() / 1000);
  return {
    async begin(flow: SignInFlow) {
      const id = randomBytes(32).toString('base64url');
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            ...signInFlowKey(digestOf(id)),
            type: { S: 'sign-in-flow' },
            data: { S: JSON.stringify(flow) },
            [TTL_ATTRIBUTE]: { N: String(nowSeconds() + ttl) },
          },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': KEY.pk },
        }),
      );
      return id;
    },

    async take(id) {
      if (!ID_SHAPE.test(id)) return undefined;
      const now = nowSeconds();
      try {
        const out = await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: signInFlowKey(digestOf(id)),
            UpdateExpression: 'SET #ttl = :now',
            ConditionExpression: 'attribute_exists(#pk) AND #ttl > :now',
            ExpressionAttributeNames: { '#pk': KEY.pk, '#ttl': TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ':now': { N: String(now) } },
            ReturnValues: 'ALL_OLD',
          }),
        );
        const parsed = storedFlow.safeParse(JSON.parse(out.Attributes?.['data']?.S ?? 'null'));
        return parsed.success ? parsed.data : undefined;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return undefined;
        throw error;
      }
    },
  };
}
