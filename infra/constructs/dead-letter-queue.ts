import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * The name of a stage's dead-letter queue: what `npm run redrive -- <queue>` finds it by (the queue
 * names of infra/tools/redrive/queues.ts).
 */
export const deadLetterQueueName = (stage: string, queue: string) => `relais-${stage}-${queue}-dlq`;

/**
 * Where work that failed every retry waits to be looked at and replayed (`npm run redrive`): an SQS
 * queue, encrypted, TLS only, kept for the maximum 14 days. An alarm on its depth
 * (infra/constructs/alarms.ts) says when anything lands here. Every message holds what is needed to
 * replay it: the event itself (an EventBridge target's DLQ, a Lambda on-failure record), the sweep's
 * input, or the publisher's note naming the table item whose outbox failed
 * (functions/ports/publish-failures.ts). Events and notes carry ids and codes, never a person's data.
 */
export class DeadLetterQueue extends Construct {
  public readonly queue: sqs.Queue;

  constructor(scope: Construct, id: string, props: { readonly queueName: string }) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      queueName: props.queueName,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      // What failed is evidence: it outlives a redeploy of the stateless stack until it expires.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const rule of ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy']) {
      Validations.of(this.queue).acknowledge({
        id: rule,
        reason: 'This queue is itself a dead-letter queue: the end of the retry path, watched by an alarm.',
      });
    }
  }
}
