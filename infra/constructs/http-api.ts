import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../../functions/lib/metrics.ts';
import type { StaffAuthConfig, ThrottleConfig, ThrottledRouteGroup } from '../config.ts';

/** The metric of the API's 429 answers (from its access logs), by `ApiId`. */
export const API_THROTTLED = 'ApiThrottled';

export interface RelaisHttpApiProps {
  /** The api function: staff JSON API (`/v1/*`, `/hsds/*`), `/health`, `/openapi.json`, `/asyncapi.json`. */
  readonly api: lambda.IFunction;
  /** The web function: the staff pages (`/`, `/app`, `/app/*`). */
  readonly web: lambda.IFunction;
  /** The links function: the specialists' `/o/{token}` pages and answers. */
  readonly links: lambda.IFunction;
  /** The issuer and audience of staff tokens, checked by the JWT authorizer on `/v1/*`. */
  readonly staffAuth: StaffAuthConfig;
  /**
   * Requests per second (steady, burst) before API Gateway answers 429: the stage's default, and each
   * route group's own limit (route settings), so that anonymous traffic on `/o/*` cannot starve staff.
   */
  readonly throttle: ThrottleConfig;
  /**
   * How long access logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly accessLogRetention?: logs.RetentionDays;
}

// Access log line. Deliberately no path, query string or source IP: paths carry specialist link tokens
// (/o/{token}), which are capabilities, and IPs are personal data the service does not need. The route
// key names the route *pattern* (`ANY /o/{proxy+}`), never the token. HTTP API $context variables only
// (some REST ones are rejected on an HTTP API stage).
export const ACCESS_LOG_FIELDS = {
  apiId: '$context.apiId',
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
  authorizerError: '$context.authorizer.error',
} as const;

interface KeyedRoute {
  readonly key: string;
  readonly route: apigw.HttpRoute;
}

/**
 * The public HTTP API, on the `$default` stage (no stage prefix in URLs), throttled, with access logs.
 *
 * Routes, and who checks what:
 * - `ANY /v1/{proxy+}` and `GET /hsds/{proxy+}` → api, behind the JWT authorizer (staff tokens: issuer,
 *   audience, expiry, signature); the function verifies the token again and authorises by role and
 *   organisation;
 * - `GET /` (the front door), `ANY /app`, `ANY /app/sign-in`, `ANY /app/{proxy+}` → web: the staff pages, whose session is a cookie the function
 *   checks (a browser navigation carries no bearer token);
 * - `ANY /o/{proxy+}` → links: the link token in the path is the credential, verified by the function;
 * - `GET /health`, `GET /openapi.json`, `GET /asyncapi.json` (the events' document) → api: public by
 *   contract (API.md); none holds personal data.
 * There is no catch-all route: any other path is API Gateway's 404 and never reaches a function.
 */
export class RelaisHttpApi extends Construct {
  public readonly httpApi: apigw.HttpApi;
  public readonly stage: apigw.HttpStage;
  /** Base URL of the API, ending in `/`. */
  public readonly url: string;
  /** The stage's access logs. */
  public readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: RelaisHttpApiProps) {
    super(scope, id);

    this.httpApi = new apigw.HttpApi(this, 'Resource', {
      // A display name only (not unique in an account); the stack name tells stages apart.
      apiName: `${Stack.of(this).stackName}-${id}`,
      description: 'Relais: staff API, pages and specialist links',
      // The stage is made below: the automatic one cannot take access log or throttle settings.
      createDefaultStage: false,
    });

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttle.rateLimit, burstLimit: props.throttle.burstLimit },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    this.url = this.stage.url;
    this.accessLogs = accessLogs;
    // HTTP APIs publish 4xx as one metric: the 429s (the stage's throttle) are counted from the access
    // logs, by API id, so each stage's API has its own series.
    new logs.MetricFilter(this, 'Throttled', {
      logGroup: accessLogs,
      filterPattern: logs.FilterPattern.stringValue('$.status', '=', '429'),
      metricNamespace: METRICS_NAMESPACE,
      metricName: API_THROTTLED,
      metricValue: '1',
      dimensions: { ApiId: '$.apiId' },
      unit: cloudwatch.Unit.COUNT,
    });

    const api = new HttpLambdaIntegration('ApiIntegration', props.api);
    const web = new HttpLambdaIntegration('WebIntegration', props.web);
    const links = new HttpLambdaIntegration('LinksIntegration', props.links);
    const staffJwt = new HttpJwtAuthorizer('StaffJwt', props.staffAuth.issuer, {
      jwtAudience: [props.staffAuth.audience],
      identitySource: ['$request.header.Authorization'],
    });

    /** One route, with its route key (`ANY /o/{proxy+}`), which its route settings are keyed by. */
    const route = (
      method: apigw.HttpMethod,
      path: string,
      integration: apigw.HttpRouteIntegration,
      authorizer?: apigw.IHttpRouteAuthorizer,
    ): KeyedRoute => {
      const [added] = this.httpApi.addRoutes({ path, methods: [method], integration, authorizer });
      return { key: `${method} ${path}`, route: added! };
    };
    const { ANY, GET } = apigw.HttpMethod;
    // The directory in HSDS (read-only, personal data): behind the same authorizer as /v1.
    const staff = [route(ANY, '/v1/{proxy+}', api, staffJwt), route(GET, '/hsds/{proxy+}', api, staffJwt)];
    const open = [
      route(GET, '/health', api),
      route(GET, '/openapi.json', api),
      route(GET, '/asyncapi.json', api),
    ];
    // Sign-in is a route of its own only to be throttled on its own: it is where tokens are tried.
    const signIn = [route(ANY, '/app/sign-in', web)];
    // The front door (`GET /`) is a page too: what Relais is, and the way to sign in.
    const pages = [route(GET, '/', web), route(ANY, '/app', web), route(ANY, '/app/{proxy+}', web)];
    const linkRoutes = [route(ANY, '/o/{proxy+}', links)];
    this.throttleRoutes(props.throttle, { links: linkRoutes, signIn, open, staff, pages });

    const acknowledge = (keyed: readonly KeyedRoute[], reason: string) => {
      for (const { route } of keyed) {
        for (const id of ['AwsSolutions-APIG4', 'AwsSolutions-COG4']) {
          Validations.of(route).acknowledge({ id, reason });
        }
      }
    };
    acknowledge(
      open,
      'Public by contract (API.md): a health check, the OpenAPI and AsyncAPI documents, no data.',
    );
    acknowledge(
      [...signIn, ...pages],
      'Staff pages: browsers navigate without a bearer header; the function requires its signed-in ' +
        'session cookie (HttpOnly, Secure, SameSite=Strict) holding a staff token it verifies.',
    );
    acknowledge(
      linkRoutes,
      "Specialists' email links: the link token in the path is the credential (ES256, audience, purpose, " +
        'expiry, single use), verified by the links function before anything is read.',
    );
  }

  /**
   * Route settings: each route of a group gets the group's limit, a bucket of its own (API Gateway
   * counts per route key); the stage's default still covers any route not listed. The L2 stage has no
   * property for them, hence the CloudFormation one. The stage depends on the routes, since a
   * route setting naming a route that does not exist yet fails the deployment.
   */
  private throttleRoutes(
    throttle: ThrottleConfig,
    groups: Readonly<Record<ThrottledRouteGroup, readonly KeyedRoute[]>>,
  ): void {
    const cfnStage = this.stage.node.defaultChild as apigw.CfnStage;
    // A map keyed by route key: CDK passes it through as it is, so its members take CloudFormation's names.
    const settings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const [group, routes] of Object.entries(groups) as [ThrottledRouteGroup, KeyedRoute[]][]) {
      for (const { key, route } of routes) {
        settings[key] = {
          ThrottlingRateLimit: throttle.routes[group].rateLimit,
          ThrottlingBurstLimit: throttle.routes[group].burstLimit,
        };
        cfnStage.node.addDependency(route);
      }
    }
    cfnStage.addPropertyOverride('RouteSettings', settings);
  }

  /** 5xx answers of the API, in five minutes. */
  metricServerErrors(): cloudwatch.IMetric {
    return this.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' });
  }

  /** 429 answers of the API (the stage's throttle), in five minutes. */
  metricThrottled(): cloudwatch.IMetric {
    return new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: API_THROTTLED,
      dimensionsMap: { ApiId: this.httpApi.apiId },
      period: Duration.minutes(5),
      statistic: 'Sum',
    });
  }
}
