import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { StaffAuthConfig } from '../config.ts';
import { RelaisHttpApi } from '../constructs/http-api.ts';
import { NodeFunction } from '../constructs/node-function.ts';

export interface AppStackProps extends StackProps {
  /** The table from DataStack. */
  readonly table: dynamodb.ITable;
  /**
   * How the api function verifies staff tokens.
   * @default - none
   */
  readonly staffAuth?: StaffAuthConfig;
}

/** Environment variables that tell a function how to verify staff tokens (see functions/lib/env.ts). */
function staffAuthEnvironment(auth: StaffAuthConfig | undefined): Record<string, string> {
  if (auth === undefined) return {};
  return { STAFF_ISSUER: auth.issuer, STAFF_AUDIENCE: auth.audience, STAFF_JWKS_URL: auth.jwksUrl };
}

/**
 * The stateless half of Relais: functions, the HTTP API and their wiring. Safe to destroy and redeploy;
 * it only references the data in DataStack.
 */
export class AppStack extends Stack {
  public readonly api: NodeFunction;
  public readonly httpApi: RelaisHttpApi;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);

    this.api = new NodeFunction(this, 'Api', {
      entry: 'functions/api/index.ts',
      description: 'Relais staff JSON API and pages',
      environment: {
        TABLE_NAME: props.table.tableName,
        ...staffAuthEnvironment(props.staffAuth),
      },
    });
    props.table.grantReadWriteData(this.api);

    this.httpApi = new RelaisHttpApi(this, 'HttpApi', { defaultHandler: this.api.fn });

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url, description: 'Base URL of the Relais API' });
  }
}
