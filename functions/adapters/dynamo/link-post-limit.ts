import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DEFAULT_LINK_POST_BUDGET, type LinkPostBudget, type LinkPostLimit } from '../../ports/link-posts.ts';
import { linkPostKey } from './keys.ts';
import { TTL_ATTRIBUTE } from './table.ts';

/** How long a window's counter outlives its window before TTL sweeps it: it is never read again. */
const KEEP_SECONDS = 60 * 60;

/**
 * The retry limit of link POSTs on the single table: one counter item per token and fixed window
 * (`LINKPOST#<jti>` / `WINDOW#<start>`, keys.ts), counted by one conditional UpdateItem (ADD) per POST.
 * The condition refuses the POST past the budget without counting it, so the count stops at the budget.
 * Windows follow the service clock (the clock the tokens' expiry is checked on); the TTL only sweeps.
 * The counter is never read back: the update's condition is the check.
 */
export function createLinkPostLimit(
  client: DynamoDBClient,
  tableName: string,
  budget: LinkPostBudget = DEFAULT_LINK_POST_BUDGET,
): LinkPostLimit {
  return {
    async take(jti, now) {
      const seconds = Math.floor(now.getTime() / 1000);
      const windowStart = seconds - (seconds % budget.windowSeconds);
      const windowEnd = windowStart + budget.windowSeconds;
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: linkPostKey(jti, windowStart),
            UpdateExpression: 'SET #type = :type, #ttl = :ttl ADD #posts :one',
            ConditionExpression: 'attribute_not_exists(#posts) OR #posts < :budget',
            ExpressionAttributeNames: { '#type': 'type', '#ttl': TTL_ATTRIBUTE, '#posts': 'posts' },
            ExpressionAttributeValues: {
              ':type': { S: 'link-posts' },
              ':ttl': { N: String(windowEnd + KEEP_SECONDS) },
              ':one': { N: '1' },
              ':budget': { N: String(budget.posts) },
            },
          }),
        );
        return { allowed: true };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        return { allowed: false, retryAfterSeconds: Math.max(1, windowEnd - seconds) };
      }
    },
  };
}
