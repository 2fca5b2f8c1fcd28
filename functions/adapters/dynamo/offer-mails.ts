import { type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { OfferMails } from '../../ports/offer-mails.ts';
import { offerMailKey } from './keys.ts';
import { TTL_ATTRIBUTE } from './table.ts';

/**
 * How long the record outlives the offer: a withdrawal is told while the offer could still be answered,
 * so well before; the margin covers a redelivered event.
 */
const KEEP_SECONDS = 30 * 24 * 60 * 60;

/**
 * The offer emails sent, on the single table: `OFFERMAIL#<offerId>` / `OFFERMAIL` (keys.ts), the key
 * alone and a TTL. The offer id is a random id: nothing of the person or the request is kept.
 */
export function createOfferMails(client: DynamoDBClient, tableName: string): OfferMails {
  return {
    async sent(offerId, until) {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            ...offerMailKey(offerId),
            type: { S: 'offer-mail' },
            [TTL_ATTRIBUTE]: { N: String(Math.floor(until.getTime() / 1000) + KEEP_SECONDS) },
          },
        }),
      );
    },
    async wasSent(offerId) {
      const out = await client.send(
        new GetItemCommand({
          TableName: tableName,
          Key: offerMailKey(offerId),
          // Eventually consistent (half the read): the record was written when the offer email went
          // out, seconds to days before the withdrawal that asks; only a withdrawal within the same
          // second as the send could miss it, and its specialist's link says it is taken all the same.
          ProjectionExpression: '#pk',
          ExpressionAttributeNames: { '#pk': 'pk' },
        }),
      );
      return out.Item !== undefined;
    },
  };
}
