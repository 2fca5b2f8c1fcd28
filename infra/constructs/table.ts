import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import {
  projectionOf as apiProjection,
  type IndexDefinition,
  TABLE_DEFINITION,
} from '../../functions/adapters/dynamo/table.ts';

type TableDefinition = typeof TABLE_DEFINITION;

// Exhaustive maps: adding a stream view or billing mode to TABLE_DEFINITION fails to compile here
// until the translation knows it.
const STREAM_VIEW = {
  NEW_IMAGE: dynamodb.StreamViewType.NEW_IMAGE,
} as const satisfies Record<TableDefinition['stream'], dynamodb.StreamViewType>;

const BILLING = {
  PAY_PER_REQUEST: dynamodb.BillingMode.PAY_PER_REQUEST,
} as const satisfies Record<TableDefinition['billing'], dynamodb.BillingMode>;

// Every key attribute holds a string, as in createTableInput (the local runtime's CreateTable).
const stringAttribute = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

/**
 * Relais's single table, translated from TABLE_DEFINITION (functions/adapters/dynamo/table.ts), the same
 * definition the adapters and the local runtime use, so the deployed table cannot drift from the code.
 *
 * A `Table` (AWS::DynamoDB::Table), not a `TableV2` (a global table): TableV2 cannot render a
 * customer-managed key in a region-agnostic stack, and the app must synthesise without an account or
 * region. Moving between the two later takes a retain-and-import of the table, so the choice is deliberate.
 *
 * Encrypted with a customer-managed KMS key (rotated yearly) that this construct owns. The table and its
 * key are retained when removed from the app, and the table has deletion protection: both hold personal
 * data and are the one thing a redeploy cannot recreate.
 *
 * The construct ids inside ('Key', 'Resource') are part of the CloudFormation logical ids: renaming one
 * replaces the table. test/infra pins them.
 */
export class RelaisTable extends Construct {
  /** The table. Grant access with its `grant*` methods (they also grant use of the key). */
  public readonly table: dynamodb.Table;
  /** The customer-managed key encrypting the table and its stream. */
  public readonly encryptionKey: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.encryptionKey = new kms.Key(this, 'Key', {
      description: 'Encrypts the Relais table and its stream',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const definition = TABLE_DEFINITION;
    this.table = new dynamodb.Table(this, 'Resource', {
      partitionKey: stringAttribute(definition.partitionKey),
      sortKey: stringAttribute(definition.sortKey),
      billingMode: BILLING[definition.billing],
      stream: STREAM_VIEW[definition.stream],
      timeToLiveAttribute: definition.ttlAttribute,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.encryptionKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of definition.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: stringAttribute(index.pk),
        sortKey: stringAttribute(index.sk),
        ...projectionOf(index),
      });
    }
  }
}

/** The index's projection (table.ts) as CDK takes it. */
function projectionOf(index: IndexDefinition): {
  projectionType: dynamodb.ProjectionType;
  nonKeyAttributes?: string[];
} {
  const p = apiProjection(index);
  return {
    projectionType: dynamodb.ProjectionType[p.ProjectionType],
    ...(p.NonKeyAttributes ? { nonKeyAttributes: p.NonKeyAttributes } : {}),
  };
}
