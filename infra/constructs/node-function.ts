import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The newest Node.js runtime aws-cdk-lib offers; every function runs on it. */
export const NODE_RUNTIME = lambda.Runtime.NODEJS_24_X;

/**
 * The repository root. Entries and the lock file are resolved from here rather than from
 * the working directory, so `cdk synth` and the tests bundle the same way wherever they are started.
 */
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

// esbuild's ESM output has no `require`; a bundled CommonJS dependency that calls require('node:…')
// would throw "Dynamic require is not supported". Aliased so it cannot clash with bundled names.
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __relaisCreateRequire } from 'node:module'; " +
  'const require = __relaisCreateRequire(import.meta.url);';

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
   * @default - only NODE_OPTIONS, which enables source maps
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
      environment: {
        // Stack traces point at the TypeScript sources instead of the minified bundle.
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node20',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        // Names and line mappings are enough for stack traces; the sources would double the upload.
        sourcesContent: false,
        externalModules: [],
        banner: ESM_REQUIRE_BANNER,
      },
    });
    this.grantPrincipal = this.fn.grantPrincipal;
  }
}
