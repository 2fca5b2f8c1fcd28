import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { PROJECT_ROOT } from '../bundling/settings.ts';

/** The bundling step each function's asset runs at synth (infra/bundling/bundle-one.ts). */
const BUNDLE_ONE = fileURLToPath(new URL('../bundling/bundle-one.ts', import.meta.url));

/** The newest Node.js runtime aws-cdk-lib offers; every function runs on it. */
export const NODE_RUNTIME = lambda.Runtime.NODEJS_24_X;

export { ESM_REQUIRE_BANNER } from '../bundling/settings.ts';

export interface NodeFunctionProps {
  /** The handler module, relative to the repository root, e.g. `functions/api/index.ts`. */
  readonly entry: string;
  /**
   * The exported handler function.
   * @default 'handler'
   */
  readonly handler?: string;
  /**
   * What the function is for, shown in the console.
   * @default - no description
   */
  readonly description?: string;
  /**
   * Environment variables (configuration, never secrets).
   * @default - none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Maximum run time of one invocation.
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /**
   * Memory in MB; CPU is allocated in proportion to it.
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * Maximum concurrent instances, taken from the account's pool.
   * @default - unreserved
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Files shipped beside the bundle, by name, made at synth (infra/bundling/settings.ts,
   * `FUNCTION_FILES`).
   * @default - none
   */
  readonly files?: Readonly<Record<string, () => string>>;
  /**
   * How long the function's logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * A Lambda function bundled from TypeScript. The one place that owns the runtime and bundling settings of
 * every Relais function: Node 24 on arm64, one minified, tree-shaken ESM file with a source map, the AWS
 * SDK bundled rather than taken from the runtime (a pinned version, and tree-shaking makes cold starts
 * faster), built with the project's own esbuild and the options `npm run build` uses, plugins included
 * (infra/bundling/bundle-one.ts; never Docker), and an explicit log group.
 *
 * Grant it access by passing it to `grant*` methods: it is the function's principal.
 */
export class NodeFunction extends Construct implements iam.IGrantable {
  public readonly fn: lambda.Function;
  public readonly logGroup: logs.LogGroup;
  /** The function's execution role: it starts with nothing but writing to its own log group. */
  public readonly role: iam.Role;
  public readonly grantPrincipal: iam.IPrincipal;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);

    // Retained: logs outlive a replaced or deleted function for incident review; retention expires them.
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Not AWSLambdaBasicExecutionRole: that lets the function create and write any log group in the
    // account. The function writes to its own log group and gets everything else by explicit grants.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    this.logGroup.grantWrite(this.role);

    this.fn = new lambda.Function(this, 'Resource', {
      code: bundledCode(props.entry, props.files),
      handler: `index.${props.handler ?? 'handler'}`,
      description: props.description,
      runtime: NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      timeout: props.timeout ?? Duration.seconds(10),
      memorySize: props.memorySize ?? 512,
      logGroup: this.logGroup,
      role: this.role,
      // No `--enable-source-maps` at run time: Node would read and parse the map (about 1 MB) at every
      // cold start, and Relais logs errors by name only, never their stacks. The map ships beside the
      // bundle, to resolve a minified stack trace offline when one is ever needed.
      environment: { ...props.environment },
      // Traces show where a slow request spends its time (DynamoDB, Secrets Manager, SES).
      tracing: lambda.Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    });
    this.grantPrincipal = this.fn.grantPrincipal;
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords take no resource ARN.',
    });
  }

  /**
   * Says, for cdk-nag's Serverless pack, why this function has no function-level dead-letter queue.
   * Every Relais function has either no asynchronous invocation at all or an on-failure destination.
   */
  noFunctionDeadLetterQueue(reason: string): void {
    Validations.of(this.fn).acknowledge({ id: 'Serverless-LambdaDLQ', reason });
  }
}

/**
 * The function's asset: its bundle, made at synth by infra/bundling/bundle-one.ts with the settings
 * `npm run build` uses (infra/bundling/esbuild-settings.ts), so the bundle the benchmark measures is the
 * one deployed, and the `files` made beside it. Hashed by what was built. esbuild's JavaScript API runs
 * the SDK trimming plugins (infra/bundling/sdk-trim.ts), which its command line, and so NodejsFunction,
 * cannot; the step runs in a child process because CDK's local bundling is synchronous.
 */
function bundledCode(entry: string, files: Readonly<Record<string, () => string>> = {}): lambda.Code {
  return lambda.Code.fromAsset(PROJECT_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: the local step always bundles. Named because CDK requires an image.
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24-slim'),
      // Part of the asset's cache key, which would otherwise be the same for every function.
      command: ['bundle-one', entry],
      local: {
        tryBundle(outputDir) {
          execFileSync(process.execPath, ['--import', 'tsx', BUNDLE_ONE, entry, outputDir], {
            cwd: PROJECT_ROOT,
            stdio: ['ignore', 'inherit', 'inherit'],
          });
          for (const [name, make] of Object.entries(files)) writeFileSync(join(outputDir, name), make());
          return true;
        },
      },
    },
  });
}
