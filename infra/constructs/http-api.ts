import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface RelaisHttpApiProps {
  /** Serves every request no more specific route matches (the `$default` route). */
  readonly defaultHandler: lambda.IFunction;
  /**
   * How long access logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly accessLogRetention?: logs.RetentionDays;
}

// Access log line. Deliberately no path, query string or source IP: paths carry specialist link tokens
// (/o/{token}), which are capabilities, and IPs are personal data the service does not need.
// HTTP API $context variables (not the REST ones: some of those are rejected on an HTTP API stage).
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTimeEpoch',
    httpMethod: '$context.httpMethod',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationStatus: '$context.integrationStatus',
    integrationError: '$context.integrationErrorMessage',
  }),
);

/**
 * The public HTTP API: a `$default` route to one function, served on the `$default` stage (no stage
 * prefix in URLs) with access logging. More specific routes (e.g. `/o/{proxy+}` to the links function)
 * are added with `httpApi.addRoutes`.
 */
export class RelaisHttpApi extends Construct {
  public readonly httpApi: apigw.HttpApi;
  public readonly stage: apigw.HttpStage;
  /** Base URL of the API, ending in `/`. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: RelaisHttpApiProps) {
    super(scope, id);

    this.httpApi = new apigw.HttpApi(this, 'Resource', {
      // A display name only (not unique in an account); the stack name tells stages apart.
      apiName: `${Stack.of(this).stackName}-${id}`,
      description: 'Relais: staff API, pages and specialist links',
      defaultIntegration: new HttpLambdaIntegration('DefaultIntegration', props.defaultHandler),
      // The stage is made below: the automatic one cannot take access log settings.
      createDefaultStage: false,
    });

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: ACCESS_LOG_FORMAT,
      },
    });
    this.url = this.stage.url;
  }
}
