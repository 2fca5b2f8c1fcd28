import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDEXES, KEY, TTL_ATTRIBUTE } from '../../functions/adapters/dynamo/table.ts';
import { ESM_REQUIRE_BANNER, NODE_RUNTIME } from '../../infra/constructs/node-function.ts';
import { buildRelais, type RelaisStacks } from '../../infra/relais.ts';

// The logical ids of the stateful resources. A change here means CloudFormation would create a new
// table (and key) and orphan the old one with all its data: never change these to make a test pass.
const TABLE_LOGICAL_ID = 'Table7ABB320E';
const TABLE_KEY_LOGICAL_ID = 'TableKey25666F95';

// The same feature flags as `cdk synth`, so the templates asserted here are the ones deployed.
const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

const onlyResource = (template: Template, type: string): [string, Resource] => {
  const found = Object.entries(template.findResources(type)) as [string, Resource][];
  expect(found, `exactly one ${type}`).toHaveLength(1);
  return found[0]!;
};

let outdir: string;
let stacks: RelaisStacks;
let assemblyDir: string;
let data: Template;
let app: Template;

beforeAll(() => {
  // One synth for the whole file: building the app runs esbuild for every function.
  outdir = mkdtempSync(join(tmpdir(), 'relais-cdk-'));
  const cdkApp = new App({ outdir, context: cdkJson.context });
  stacks = buildRelais(cdkApp, { stage: 'test' });
  assemblyDir = cdkApp.synth().directory;
  data = Template.fromStack(stacks.data);
  app = Template.fromStack(stacks.app);
});

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

describe('RelaisData (stateful)', () => {
  it('keeps the logical ids of the table and its key', () => {
    expect(Object.keys(data.findResources('AWS::DynamoDB::Table'))).toEqual([TABLE_LOGICAL_ID]);
    expect(Object.keys(data.findResources('AWS::KMS::Key'))).toEqual([TABLE_KEY_LOGICAL_ID]);
  });

  it('keeps its stack id and a stage-named stack', () => {
    expect(stacks.data.artifactId).toBe('RelaisData');
    expect(stacks.data.stackName).toBe('relais-test-data');
    expect(stacks.data.terminationProtection).toBe(true);
  });

  it('builds the table keys from the shared definition, all strings, billed on demand', () => {
    data.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: KEY.pk, KeyType: 'HASH' },
        { AttributeName: KEY.sk, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: KEY.pk, AttributeType: 'S' },
        { AttributeName: KEY.sk, AttributeType: 'S' },
      ]),
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('has every index of INDEXES, with its keys and all attributes projected', () => {
    const [, table] = onlyResource(data, 'AWS::DynamoDB::Table');
    const indexes = table.Properties['GlobalSecondaryIndexes'] as {
      IndexName: string;
      KeySchema: unknown;
      Projection: unknown;
    }[];
    expect(indexes.map((index) => index.IndexName).sort()).toEqual(INDEXES.map((index) => index.name).sort());
    for (const expected of INDEXES) {
      expect(indexes.find((index) => index.IndexName === expected.name)).toEqual({
        IndexName: expected.name,
        KeySchema: [
          { AttributeName: expected.pk, KeyType: 'HASH' },
          { AttributeName: expected.sk, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      });
    }
  });

  it('streams new images, expires items by the TTL attribute and keeps point-in-time recovery', () => {
    data.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('encrypts the table with its own rotated customer-managed key', () => {
    data.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    data.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: {
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [TABLE_KEY_LOGICAL_ID, 'Arn'] },
      },
    });
  });

  it('protects the table from deletion and retains it and its key when removed', () => {
    data.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
    data.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    data.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('holds nothing stateless', () => {
    data.resourceCountIs('AWS::Lambda::Function', 0);
    data.resourceCountIs('AWS::ApiGatewayV2::Api', 0);
  });
});

describe('RelaisApp (stateless)', () => {
  it('keeps its stack id and a stage-named stack', () => {
    expect(stacks.app.artifactId).toBe('RelaisApp');
    expect(stacks.app.stackName).toBe('relais-test-app');
    expect(stacks.app.dependencies).toContain(stacks.data);
  });

  it('runs the api function on the newest Node runtime, arm64, with explicit limits and log group', () => {
    expect(NODE_RUNTIME.name).toBe('nodejs24.x');
    app.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: NODE_RUNTIME.name,
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 10,
      MemorySize: 512,
      Environment: {
        Variables: { TABLE_NAME: Match.anyValue(), NODE_OPTIONS: '--enable-source-maps' },
      },
    });
    const [, fn] = onlyResource(app, 'AWS::Lambda::Function');
    const logGroupId = (fn.Properties['LoggingConfig'] as { LogGroup: { Ref: string } }).LogGroup.Ref;
    expect(app.findResources('AWS::Logs::LogGroup')[logGroupId]?.['Properties']).toMatchObject({
      RetentionInDays: 30,
    });
  });

  it('bundles the handler as one minified ESM file with a source map and the createRequire banner', () => {
    const [, fn] = onlyResource(app, 'AWS::Lambda::Function');
    const s3Key = (fn.Properties['Code'] as { S3Key: string }).S3Key;
    const assetDir = join(assemblyDir, `asset.${s3Key.replace(/\.zip$/, '')}`);
    const bundle = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
    expect(bundle.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
    expect(bundle).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
    expect(existsSync(join(assetDir, 'index.mjs.map'))).toBe(true);
  });

  it('lets the api function read and write the table and use its key, and nothing managed', () => {
    app.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['dynamodb:ConditionCheckItem', 'dynamodb:PutItem', 'dynamodb:Query']),
            Effect: 'Allow',
          }),
          Match.objectLike({
            Action: Match.arrayWith(['kms:Decrypt', 'kms:GenerateDataKey*']),
            Effect: 'Allow',
          }),
        ]),
      },
    });
    app.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });

  it('routes every request to the api function through the $default route and stage', () => {
    const [fnId] = onlyResource(app, 'AWS::Lambda::Function');
    const [integrationId] = onlyResource(app, 'AWS::ApiGatewayV2::Integration');
    app.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    app.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: { 'Fn::GetAtt': [fnId, 'Arn'] },
      PayloadFormatVersion: '2.0',
    });
    app.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: '$default',
      Target: { 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] },
    });
    app.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.anyValue() },
    });
    app.hasOutput('ApiUrl', {});
  });

  it('keeps link tokens and client IPs out of access logs', () => {
    const [, stage] = onlyResource(app, 'AWS::ApiGatewayV2::Stage');
    const format = (stage.Properties['AccessLogSettings'] as { Format: string }).Format;
    expect(format).toContain('$context.requestId');
    expect(format).not.toMatch(/\$context\.(path|rawPath|identity\.sourceIp)/);
  });
});
