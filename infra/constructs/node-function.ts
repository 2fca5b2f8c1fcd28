import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ESBUILD_SETTINGS, PROJECT_ROOT } from '../bundling/settings.ts';

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
 * faster), built with the project's own esbuild (never Docker), and an explicit log group.
 *
 * Grant it access by passing it to `grant*` methods: it is the function's principal.
 */
export class NodeFunction extends Construct implements iam.IGrantable {
  public readonly fn: NodejsFunction;
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

    this.fn = new NodejsFunction(this, 'Resource', {
      entry: join(PROJECT_ROOT, props.entry),
      handler: props.handler ?? 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
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
      // The settings `npm run build` uses too (infra/bundling/settings.ts), so the bundle the benchmark
      // measures is the one deployed.
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: ESBUILD_SETTINGS.target,
        mainFields: [...ESBUILD_SETTINGS.mainFields],
        minify: ESBUILD_SETTINGS.minify,
        sourceMap: ESBUILD_SETTINGS.sourcemap,
        sourcesContent: ESBUILD_SETTINGS.sourcesContent,
        externalModules: [],
        banner: ESBUILD_SETTINGS.banner,
        define: { ...ESBUILD_SETTINGS.define },
        esbuildArgs: {
          '--alias': Object.entries(ESBUILD_SETTINGS.alias).map(([from, to]) => `${from}=${to}`),
        },
        ...(props.files ? { commandHooks: copyInto(props.files) } : {}),
      },
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

/** Bundling hooks that write `files` at synth and copy them into the asset beside the bundle. */
function copyInto(files: Readonly<Record<string, () => string>>): ICommandHooks {
  const dir = mkdtempSync(join(tmpdir(), 'relais-function-files-'));
  for (const [name, make] of Object.entries(files)) writeFileSync(join(dir, name), make());
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir, outputDir) =>
      Object.keys(files).map((name) => `cp '${join(dir, name)}' '${join(outputDir, name)}'`),
  };
}
