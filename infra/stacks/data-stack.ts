import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { RelaisTable } from '../constructs/table.ts';

/**
 * The stateful half of Relais: what holds data and cannot be recreated by a deploy. It changes rarely
 * and is protected from deletion; everything replaceable lives in AppStack.
 *
 * Construct ids here are part of logical ids: renaming one makes CloudFormation create a new, empty
 * resource and orphan the old one (retained, with its data). test/infra pins them.
 */
export class DataStack extends Stack {
  public readonly table: dynamodb.ITable;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    this.table = new RelaisTable(this, 'Table').table;
  }
}
