import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { PublishFailure, PublishFailures } from '../../ports/publish-failures.ts';

/** The publisher's failure notes, as messages of its dead-letter queue (one JSON note each). */
export function createSqsPublishFailures(client: SQSClient, queueUrl: string): PublishFailures {
  return {
    async note(failure: PublishFailure) {
      await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(failure) }));
    },
  };
}
