import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * Where work that failed every retry waits to be looked at and redriven: an SQS queue, encrypted, TLS
 * only, kept for the maximum 14 days. An alarm on its depth (infra/constructs/alarms.ts) says when
 * anything lands here. Messages carry event ids and stream record pointers, never a person's data.
 */
export class DeadLetterQueue extends Construct {
  public readonly queue: sqs.Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
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
