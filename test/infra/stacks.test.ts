import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALARM_METRICS } from '../../bench/prices.ts';
import { STAFF_ROLES } from '../../domain/referral/model.ts';
import { EVENT_SOURCE } from '../../events/envelope.ts';
import { REPLAY_WINDOW_DAYS } from '../../functions/adapters/dynamo/seen-events.ts';
import { INDEXES, KEY, projectionOf, TTL_ATTRIBUTE } from '../../functions/adapters/dynamo/table.ts';
import { detailTypesOf } from '../../functions/consumers/groups.ts';
import { apiDocument } from '../../functions/contract/api-document.ts';
import { METRICS_NAMESPACE, SWEEP_ITEMS_FAILED } from '../../functions/lib/metrics.ts';
import { CATALOGUES, LOCALES } from '../../functions/ui/messages.ts';
import { FUNCTION_ENTRIES } from '../../infra/bundling/settings.ts';
import { parseRelaisConfig } from '../../infra/config.ts';
import { API_THROTTLED_THRESHOLD, MAIL_REPUTATION_THRESHOLDS } from '../../infra/constructs/alarms.ts';
import { API_THROTTLED } from '../../infra/constructs/http-api.ts';
import { SES_BOUNCE_DETAIL_TYPES } from '../../infra/constructs/mailer.ts';
import { ESM_REQUIRE_BANNER, NODE_RUNTIME } from '../../infra/constructs/node-function.ts';
import { SWEEP_SCHEDULE_SOURCE } from '../../infra/constructs/sweeper.ts';
import { applyNagPacks, buildRelais, type RelaisStacks } from '../../infra/relais.ts';
import { DATA_KEY_CONTEXT_CONDITION } from '../../infra/stacks/app-stack.ts';

// The logical ids of the stateful resources. A change here means CloudFormation would create a new
// resource (an empty table, a new key, a new user pool without its users, new link keys) and orphan the
// old one with its data: never change these to make a test pass.
const STATEFUL_LOGICAL_IDS = {
  'AWS::DynamoDB::Table': ['Table7ABB320E'],
  'AWS::KMS::Key': ['TableKey25666F95', 'DataKeys7A5800DE'],
  'AWS::Events::EventBus': ['BusEA82B648'],
  'AWS::Events::Archive': ['Archive4DBC1EC9'],
  'AWS::SecretsManager::Secret': ['LinkKeys5F500E84'],
  'AWS::Cognito::UserPool': ['StaffUserPoolD07ABD1C'],
  'AWS::Cognito::UserPoolClient': ['StaffUserPoolApiClient6D1EBBD1'],
  'AWS::SES::EmailIdentity': ['SenderIdentity5AECAF6F'],
} as const;
// The stateless stack's ids that are seen from outside: the API (its id is in the URL of every link
// already emailed) and its stage.
const API_LOGICAL_IDS = { 'AWS::ApiGatewayV2::Api': ['HttpApi1DA7BFF3'] } as const;
const TABLE_KEY_LOGICAL_ID = 'TableKey25666F95';

// The same feature flags as `cdk synth`, so the templates asserted here are the ones deployed.
const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  DependsOn?: string[];
};
type Statement = {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
  Condition?: Record<string, Record<string, unknown>>;
  Principal?: unknown;
};

const resourcesOf = (template: Template, type: string) =>
  Object.entries(template.findResources(type)) as [string, Resource][];

const onlyResource = (template: Template, type: string): [string, Resource] => {
  const found = resourcesOf(template, type);
  expect(found, `exactly one ${type}`).toHaveLength(1);
  return found[0]!;
};

/** The function whose logical id starts with the construct path's ids, e.g. `Notify` + `Function`. */
const functionNamed = (template: Template, prefix: string): [string, Resource] => {
  const found = resourcesOf(template, 'AWS::Lambda::Function').filter(([id]) => id.startsWith(prefix));
  expect(found, `one function ${prefix}`).toHaveLength(1);
  return found[0]!;
};

const statementsOfRole = (template: Template, roleId: string): Statement[] =>
  resourcesOf(template, 'AWS::IAM::Policy')
    .filter(([, policy]) =>
      (policy.Properties['Roles'] as { Ref: string }[]).some((role) => role.Ref === roleId),
    )
    .flatMap(([, policy]) => (policy.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement);

const roleOf = (fn: Resource): string =>
  (fn.Properties['Role'] as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
const actions = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);

/** Every acknowledgment (rule id → reason) recorded on the construct tree. */
function acknowledgments(root: IConstruct): { path: string; id: string; reason: string }[] {
  const out: { path: string; id: string; reason: string }[] = [];
  for (const c of root.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        out.push({ path: c.node.path, id, reason });
      }
    }
  }
  return out;
}

const ALARM_EMAIL = 'ops@example.org';

/**
 * The table actions each function's code uses (infra/table-access.ts says which code path needs
 * which), by the logical id prefix of the function.
 */
const EXPECTED_TABLE_ACTIONS: Record<string, string[]> = {
  Api: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
  Web: [
    'dynamodb:BatchGetItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:Query',
    'dynamodb:UpdateItem',
  ],
  Links: [
    'dynamodb:BatchGetItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:Query',
    'dynamodb:UpdateItem',
  ],
  NotifyFunction: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  ProjectFunction: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  BouncesFunction: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
  SweepFunction: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
  Publish: ['dynamodb:PutItem'],
};
// Granted by the stream event source to the publisher: not item actions.
const STREAM_ACTIONS = new Set([
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:ListStreams',
]);
const tableActionsOf = (statements: Statement[]): string[] =>
  [
    ...new Set(
      statements.flatMap(actions).filter((a) => a.startsWith('dynamodb:') && !STREAM_ACTIONS.has(a)),
    ),
  ].sort();
const functionKind = (logicalId: string) => logicalId.replace(/[A-F0-9]{8}$/, '');

let outdir: string;
let cdkApp: App;
let stacks: RelaisStacks;
let assemblyDir: string;
let data: Template;
let app: Template;

beforeAll(() => {
  // One synth (with bundling) for the whole file: building the app runs esbuild for every function.
  // The nag packs run in that synth exactly as in `cdk synth`: an unacknowledged finding throws here.
  outdir = mkdtempSync(join(tmpdir(), 'relais-cdk-'));
  cdkApp = new App({ outdir, context: cdkJson.context });
  // With an alarm address: the email subscription must pass the nag packs too.
  stacks = buildRelais(cdkApp, parseRelaisConfig({ stage: 'test', alarmEmail: ALARM_EMAIL }));
  applyNagPacks(cdkApp);
  assemblyDir = cdkApp.synth().directory;
  data = Template.fromStack(stacks.data);
  app = Template.fromStack(stacks.app);
});

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

describe('RelaisData (stateful)', () => {
  it('keeps the logical ids of every stateful resource', () => {
    for (const [type, ids] of Object.entries(STATEFUL_LOGICAL_IDS)) {
      expect(Object.keys(data.findResources(type)), type).toEqual(ids);
    }
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

  it('has every index of INDEXES, with its keys and the projection table.ts gives it', () => {
    const [, table] = onlyResource(data, 'AWS::DynamoDB::Table');
    const indexes = table.Properties['GlobalSecondaryIndexes'] as { IndexName: string }[];
    expect(indexes.map((index) => index.IndexName).sort()).toEqual(INDEXES.map((index) => index.name).sort());
    for (const expected of INDEXES) {
      expect(indexes.find((index) => index.IndexName === expected.name)).toEqual({
        IndexName: expected.name,
        KeySchema: [
          { AttributeName: expected.pk, KeyType: 'HASH' },
          { AttributeName: expected.sk, KeyType: 'RANGE' },
        ],
        Projection: projectionOf(expected),
      });
    }
  });

  it('projects only keys in the referral indexes, so a transition that moves none of them costs them nothing', () => {
    const [, table] = onlyResource(data, 'AWS::DynamoDB::Table');
    const indexes = table.Properties['GlobalSecondaryIndexes'] as {
      IndexName: string;
      Projection: unknown;
    }[];
    for (const name of ['byOrg', 'byOrgStatus', 'byPerson', 'byAccompanier']) {
      expect(indexes.find((index) => index.IndexName === name)?.Projection).toEqual({
        ProjectionType: 'KEYS_ONLY',
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

  it('protects the table and the user pool from deletion and retains every stateful resource', () => {
    data.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
    data.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
    for (const type of Object.keys(STATEFUL_LOGICAL_IDS).filter(
      (t) => t !== 'AWS::Cognito::UserPoolClient',
    )) {
      data.hasResource(type, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });

  it('has the event bus and an archive of Relais events on it, both named for the stage', () => {
    const [busId, bus] = onlyResource(data, 'AWS::Events::EventBus');
    expect(bus.Properties['Name']).toBe('relais-test');
    data.hasResourceProperties('AWS::Events::Archive', {
      ArchiveName: 'relais-test-events',
      SourceArn: { 'Fn::GetAtt': [busId, 'Arn'] },
      EventPattern: { source: [EVENT_SOURCE] },
      RetentionDays: 90,
    });
  });

  it("replays no longer than the consumers' de-duplication markers live", () => {
    expect(REPLAY_WINDOW_DAYS).toBe(90);
    data.hasResourceProperties('AWS::Events::Archive', { RetentionDays: REPLAY_WINDOW_DAYS });
  });

  it('creates the link-keys secret without any key in the template', () => {
    const [, secret] = onlyResource(data, 'AWS::SecretsManager::Secret');
    expect(secret.Properties['SecretString']).toBeUndefined();
    expect(secret.Properties['Name']).toBe('relais/test/link-keys');
    expect(JSON.stringify(data.toJSON())).not.toMatch(/privateJwk"\s*:\s*\{|"d"\s*:/);
    data.hasOutput('LinkKeysSecretArn', {});
  });

  it('creates the staff user pool: admin-made accounts, MFA, a group per role, org and roles in tokens', () => {
    data.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V2_0' } },
    });
    const groups = resourcesOf(data, 'AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties['GroupName']);
    expect(groups.sort()).toEqual([...STAFF_ROLES].sort());
    data.hasResourceProperties('AWS::Cognito::UserPoolClient', { GenerateSecret: false });
  });

  it('creates the SES domain identity of the sender, with Easy DKIM records as outputs', () => {
    data.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'example.org' });
    data.hasOutput('SenderDkim1', {});
  });

  it('holds nothing stateless but the user pool token trigger', () => {
    const fns = resourcesOf(data, 'AWS::Lambda::Function').map(([id]) => id);
    expect(fns).toHaveLength(1);
    expect(fns[0]).toMatch(/^StaffStaffClaims/);
    data.resourceCountIs('AWS::ApiGatewayV2::Api', 0);
  });
});

describe('the data keys', () => {
  it('are wrapped by their own retained, rotated KMS key, apart from the table key', () => {
    data.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true, Description: Match.stringLikeRegexp('data keys') },
      DeletionPolicy: 'Retain',
    });
    data.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/relais-test-data-keys' });
  });

  it('are unwrapped only by the functions that read referrals, made only by those that write them, always for an org', () => {
    const grants: Record<string, string[]> = {};
    for (const [id, fn] of resourcesOf(app, 'AWS::Lambda::Function')) {
      const kind = functionKind(id);
      const onDataKeys = statementsOfRole(app, roleOf(fn)).filter((s) =>
        JSON.stringify(s.Resource).includes('DataKeys'),
      );
      for (const s of onDataKeys) {
        expect(s.Condition, kind).toEqual({ StringLike: { [DATA_KEY_CONTEXT_CONDITION]: '?*' } });
      }
      grants[kind] = [...new Set(onDataKeys.flatMap(actions))].sort();
      const variables = (fn.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
      expect('KMS_KEY_ID' in variables, kind).toBe(onDataKeys.length > 0);
    }
    const write = ['kms:Decrypt', 'kms:GenerateDataKey'];
    expect(grants).toEqual({
      Api: write,
      Web: write,
      Links: write,
      BouncesFunction: write,
      SweepFunction: write,
      NotifyFunction: ['kms:Decrypt'],
      ProjectFunction: ['kms:Decrypt'],
      Publish: [],
    });
  });
});

describe('RelaisApp (stateless)', () => {
  it('keeps its stack id, a stage-named stack and the logical id of the API', () => {
    expect(stacks.app.artifactId).toBe('RelaisApp');
    expect(stacks.app.stackName).toBe('relais-test-app');
    expect(stacks.app.dependencies).toContain(stacks.data);
    for (const [type, ids] of Object.entries(API_LOGICAL_IDS)) {
      expect(Object.keys(app.findResources(type)), type).toEqual(ids);
    }
  });

  it('runs every function on the newest Node runtime, arm64, traced, with explicit limits and log group', () => {
    expect(NODE_RUNTIME.name).toBe('nodejs24.x');
    const fns = resourcesOf(app, 'AWS::Lambda::Function');
    // Every entry but the user pool trigger (in RelaisData) is a function here.
    expect(fns).toHaveLength(Object.keys(FUNCTION_ENTRIES).length - 1);
    const logGroups = app.findResources('AWS::Logs::LogGroup');
    for (const [id, fn] of fns) {
      expect(fn.Properties, id).toMatchObject({
        Runtime: NODE_RUNTIME.name,
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
      });
      // Source maps ship in the asset but are not parsed at every cold start (node-function.ts).
      expect(JSON.stringify(fn.Properties['Environment'] ?? {}), id).not.toContain('enable-source-maps');
      expect(fn.Properties['Timeout'], id).toBeGreaterThanOrEqual(10);
      expect(fn.Properties['MemorySize'], id).toBe(512);
      const logGroupId = (fn.Properties['LoggingConfig'] as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(logGroups[logGroupId]?.['Properties'], id).toMatchObject({ RetentionInDays: 30 });
    }
  });

  it('bundles each handler as one minified ESM file with a source map and the createRequire banner', () => {
    for (const [id, fn] of resourcesOf(app, 'AWS::Lambda::Function')) {
      const s3Key = (fn.Properties['Code'] as { S3Key: string }).S3Key;
      const assetDir = join(assemblyDir, `asset.${s3Key.replace(/\.zip$/, '')}`);
      const bundle = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
      expect(bundle.startsWith(ESM_REQUIRE_BANNER), id).toBe(true);
      expect(bundle, id).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
      expect(existsSync(join(assetDir, 'index.mjs.map')), id).toBe(true);
      // The SDK's default credential chain is replaced by the environment (infra/bundling).
      expect(bundle, id).not.toContain('credential-provider-sso');
      // The api ships its OpenAPI document, built at synth from the route schemas, beside the bundle.
      const document = join(assetDir, 'openapi.json');
      if (id.startsWith('Api')) {
        expect(JSON.parse(readFileSync(document, 'utf8')), id).toEqual(
          JSON.parse(JSON.stringify(apiDocument())),
        );
      } else {
        expect(existsSync(document), id).toBe(false);
      }
      // A bundle that reads the locales' words from files (functions/ui/messages.ts) ships them all.
      if (bundle.includes('catalogue-')) {
        for (const locale of LOCALES) {
          const words = JSON.parse(readFileSync(join(assetDir, `catalogue-${locale}.json`), 'utf8'));
          expect(words, id).toEqual(JSON.parse(JSON.stringify(CATALOGUES[locale])));
        }
      }
    }
  });

  it('grants each function the table actions its code uses and no other: no Scan, no wildcard, nothing managed', () => {
    const fns = resourcesOf(app, 'AWS::Lambda::Function');
    expect(fns.map(([id]) => functionKind(id)).sort()).toEqual(Object.keys(EXPECTED_TABLE_ACTIONS).sort());
    for (const [id, fn] of fns) {
      const statements = statementsOfRole(app, roleOf(fn));
      for (const s of statements) {
        expect(
          actions(s).some((a) => a === '*' || a.endsWith(':*')),
          `${id}: ${actions(s)}`,
        ).toBe(false);
        expect(actions(s), id).not.toContain('dynamodb:Scan');
      }
      expect(tableActionsOf(statements), id).toEqual(EXPECTED_TABLE_ACTIONS[functionKind(id)]);
      // Named resources only: the table and its indexes, never a wildcard.
      for (const s of statements.filter((st) => tableActionsOf([st]).length > 0)) {
        expect(JSON.stringify(s.Resource), id).not.toContain('*');
        expect(JSON.stringify(s.Resource), id).toContain('Fn::GetStackOutput');
      }
    }
    app.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });

  it('never lets the internet-facing functions, the bounces or the sweep delete an item', () => {
    for (const kind of ['Api', 'Web', 'Links', 'BouncesFunction', 'SweepFunction']) {
      const [, fn] = functionNamed(app, kind);
      expect(tableActionsOf(statementsOfRole(app, roleOf(fn))), kind).not.toContain('dynamodb:DeleteItem');
    }
  });

  it('queries only from the functions that query, on the table and its indexes', () => {
    for (const [id, fn] of resourcesOf(app, 'AWS::Lambda::Function')) {
      const kind = functionKind(id);
      const statements = statementsOfRole(app, roleOf(fn)).filter((s) => tableActionsOf([s]).length > 0);
      const indexResources = JSON.stringify(statements.map((s) => s.Resource)).match(/\/index\//g) ?? [];
      if (EXPECTED_TABLE_ACTIONS[kind]!.includes('dynamodb:Query')) {
        expect(indexResources, id).toHaveLength(INDEXES.length);
      } else {
        expect(indexResources, id).toHaveLength(0);
      }
    }
  });

  it.each([
    ['Web', 'its page sessions', 'SESSION#*'],
    ['Links', "its links' POST counters", 'LINKPOST#*'],
  ])('lets the %s function update only %s (LeadingKeys %s)', (kind, _what, leadingKey) => {
    const [, fn] = functionNamed(app, kind);
    const statements = statementsOfRole(app, roleOf(fn)).filter((s) =>
      actions(s).includes('dynamodb:UpdateItem'),
    );
    expect(statements).toHaveLength(1);
    expect(actions(statements[0]!)).toEqual(['dynamodb:UpdateItem']);
    expect(statements[0]!.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [leadingKey] },
    });
    expect(JSON.stringify(statements[0]!.Resource)).not.toContain('/index/');
  });

  it('confines the bounces function to writing specialists and referrals (LeadingKeys), never an Update or Delete', () => {
    const [, fn] = functionNamed(app, 'BouncesFunction');
    const statements = statementsOfRole(app, roleOf(fn)).filter((s) => tableActionsOf([s]).length > 0);
    const puts = statements.filter((s) => actions(s).includes('dynamodb:PutItem'));
    expect(puts).toHaveLength(1);
    expect(actions(puts[0]!)).toEqual(['dynamodb:PutItem']);
    expect(puts[0]!.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SPEC#*', 'REF#*'] },
    });
    expect(JSON.stringify(puts[0]!.Resource)).not.toContain('/index/');
    expect(tableActionsOf(statements)).not.toContain('dynamodb:UpdateItem');
  });

  it('confines the publisher to adding entries to the referrals’ access logs (LeadingKeys), nothing else', () => {
    const [, fn] = functionNamed(app, 'Publish');
    const statements = statementsOfRole(app, roleOf(fn)).filter((s) => tableActionsOf([s]).length > 0);
    expect(statements).toHaveLength(1);
    expect(actions(statements[0]!)).toEqual(['dynamodb:PutItem']);
    expect(statements[0]!.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['ACCESS#REF#*'] },
    });
    expect(JSON.stringify(statements[0]!.Resource)).not.toContain('/index/');
  });

  it('updates the publisher before the functions whose writes carry access entries for it', () => {
    const [publishId] = functionNamed(app, 'Publish');
    for (const kind of ['Api', 'Web', 'Links']) {
      const [, fn] = functionNamed(app, kind);
      expect(fn.DependsOn, kind).toContain(publishId);
    }
  });

  it('caps the notify function at the concurrency the SES send rate allows (one by default)', () => {
    const [, notify] = functionNamed(app, 'NotifyFunction');
    expect(notify.Properties['ReservedConcurrentExecutions']).toBe(1);
    for (const kind of ['Api', 'Web', 'Links', 'ProjectFunction', 'BouncesFunction', 'SweepFunction']) {
      expect(functionNamed(app, kind)[1].Properties['ReservedConcurrentExecutions'], kind).toBeUndefined();
    }
  });

  it('gives each secret to the functions that need it only, and no secret to any environment', () => {
    const [staffSecretId] = onlyResource(app, 'AWS::SecretsManager::Secret');
    const readers = (secretRef: (r: unknown) => boolean) =>
      resourcesOf(app, 'AWS::Lambda::Function')
        .filter(([, fn]) =>
          statementsOfRole(app, roleOf(fn)).some(
            (s) => actions(s).includes('secretsmanager:GetSecretValue') && secretRef(s.Resource),
          ),
        )
        .map(([id]) => id.replace(/[A-Z0-9]{8}$/, ''));
    expect(readers((r) => JSON.stringify(r).includes(staffSecretId)).sort()).toEqual(['Api', 'Web']);
    expect(readers((r) => JSON.stringify(r).includes('LinkKeys')).sort()).toEqual([
      'Links',
      'NotifyFunction',
    ]);
    for (const [id, fn] of resourcesOf(app, 'AWS::Lambda::Function')) {
      const variables = (fn.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
      expect(Object.keys(variables), id).not.toEqual(
        expect.arrayContaining([expect.stringMatching(/^STAFF_(ISSUER|AUDIENCE|JWKS_URL)$/)]),
      );
      expect(JSON.stringify(variables), id).not.toMatch(/privateJwk|BEGIN .*PRIVATE KEY/);
    }
    for (const kind of ['Api', 'Web']) {
      expect(functionNamed(app, kind)[1].Properties['Environment'], kind).toMatchObject({
        Variables: { STAFF_AUTH_SECRET_ID: { Ref: staffSecretId } },
      });
    }
  });

  it('routes staff calls through the JWT authorizer, links and public routes without it', () => {
    const [authorizerId] = onlyResource(app, 'AWS::ApiGatewayV2::Authorizer');
    app.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [Match.anyValue()], Issuer: Match.anyValue() },
    });
    const routes = Object.fromEntries(
      resourcesOf(app, 'AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties['RouteKey'], r.Properties]),
    );
    expect(Object.keys(routes).sort()).toEqual([
      'ANY /app',
      'ANY /app/sign-in',
      'ANY /app/{proxy+}',
      'ANY /o/{proxy+}',
      'ANY /v1/{proxy+}',
      'GET /',
      'GET /asyncapi.json',
      'GET /health',
      'GET /hsds/{proxy+}',
      'GET /openapi.json',
    ]);
    for (const key of ['ANY /v1/{proxy+}', 'GET /hsds/{proxy+}']) {
      expect(routes[key], key).toMatchObject({
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: authorizerId },
      });
    }
    for (const key of [
      'ANY /o/{proxy+}',
      'GET /health',
      'GET /openapi.json',
      'GET /asyncapi.json',
      'ANY /app',
      'ANY /app/sign-in',
      'GET /',
    ]) {
      expect(routes[key]?.['AuthorizationType'], key).toBe('NONE');
    }
    // /o goes to the links function, the pages to the web function, the rest to the api function.
    const integrationOf = (key: string) => JSON.stringify(routes[key]?.['Target']);
    const integrations = resourcesOf(app, 'AWS::ApiGatewayV2::Integration');
    const functionOf = (key: string) => {
      const [, integration] = integrations.find(([id]) => integrationOf(key).includes(id))!;
      const uri = JSON.stringify(integration.Properties['IntegrationUri']);
      return ['Api', 'Web', 'Links'].filter((kind) => uri.includes(`"${functionNamed(app, kind)[0]}"`));
    };
    expect(functionOf('ANY /o/{proxy+}')).toEqual(['Links']);
    for (const key of ['GET /', 'ANY /app', 'ANY /app/sign-in', 'ANY /app/{proxy+}'])
      expect(functionOf(key), key).toEqual(['Web']);
    for (const key of ['ANY /v1/{proxy+}', 'GET /hsds/{proxy+}', 'GET /health', 'GET /openapi.json'])
      expect(functionOf(key), key).toEqual(['Api']);
    app.hasOutput('ApiUrl', {});
  });

  it('throttles the stage and keeps link tokens and client IPs out of its access logs', () => {
    const [, stage] = onlyResource(app, 'AWS::ApiGatewayV2::Stage');
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    // Each route group on its own budget: anonymous traffic on /o/* cannot starve staff calls on /v1/*.
    const { routes } = parseRelaisConfig({}).throttle;
    const limit = (group: keyof typeof routes) => ({
      ThrottlingRateLimit: routes[group].rateLimit,
      ThrottlingBurstLimit: routes[group].burstLimit,
    });
    expect(stage.Properties['RouteSettings']).toEqual({
      'ANY /o/{proxy+}': limit('links'),
      'ANY /app/sign-in': limit('signIn'),
      'GET /health': limit('open'),
      'GET /openapi.json': limit('open'),
      'GET /asyncapi.json': limit('open'),
      'ANY /v1/{proxy+}': limit('staff'),
      'GET /hsds/{proxy+}': limit('staff'),
      'GET /': limit('pages'),
      'ANY /app': limit('pages'),
      'ANY /app/{proxy+}': limit('pages'),
    });
    // Every route setting names a route of the API, made before the stage.
    const routeKeys = resourcesOf(app, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties['RouteKey']);
    expect(routeKeys.sort()).toEqual(Object.keys(stage.Properties['RouteSettings'] as object).sort());
    const [stageId] = onlyResource(app, 'AWS::ApiGatewayV2::Stage');
    const dependsOn = (app.toJSON()['Resources'][stageId] as { DependsOn?: string[] }).DependsOn ?? [];
    for (const [routeId] of resourcesOf(app, 'AWS::ApiGatewayV2::Route')) {
      expect(dependsOn, routeId).toContain(routeId);
    }
    const format = (stage.Properties['AccessLogSettings'] as { Format: string }).Format;
    expect(format).toContain('$context.requestId');
    expect(format).toContain('$context.routeKey');
    expect(format).not.toMatch(/\$context\.(path|rawPath|identity\.sourceIp|requestOverride)/);
  });

  it('routes each consumer group its own detail-types from the catalogue, with retries and a DLQ', () => {
    for (const group of ['notify', 'project'] as const) {
      const prefix = group === 'notify' ? 'Notify' : 'Project';
      const [fnId] = functionNamed(app, `${prefix}Function`);
      const [, rule] = resourcesOf(app, 'AWS::Events::Rule').find(([id]) => id.startsWith(`${prefix}Rule`))!;
      expect(rule.Properties['EventPattern']).toEqual({
        source: [EVENT_SOURCE],
        'detail-type': detailTypesOf(group),
      });
      expect(rule.Properties['Targets']).toEqual([
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
          DeadLetterConfig: {
            Arn: { 'Fn::GetAtt': [expect.stringMatching(`^${prefix}DeadLetters`), 'Arn'] },
          },
          RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
        }),
      ]);
      app.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: fnId },
        MaximumRetryAttempts: 2,
        DestinationConfig: {
          OnFailure: {
            Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${prefix}DeadLetters`), 'Arn'] },
          },
        },
      });
    }
    // Every detail-type of a consumer is routed somewhere.
    expect(detailTypesOf('notify').length + detailTypesOf('project').length).toBeGreaterThan(0);
  });

  it("routes its own configuration set's SES bounces and complaints from the default bus to the bounces function", () => {
    const [, rule] = resourcesOf(app, 'AWS::Events::Rule').find(([id]) => id.startsWith('BouncesRule'))!;
    expect(rule.Properties).toMatchObject({
      EventBusName: 'default',
      EventPattern: {
        source: ['aws.ses'],
        'detail-type': [...SES_BOUNCE_DETAIL_TYPES],
        detail: { mail: { tags: { 'ses:configuration-set': ['relais-test'] } } },
      },
    });
    app.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'relais-test' });
    // The field the pattern matches is where SES puts the set's name.
    const fixture = JSON.parse(
      readFileSync(new URL('../fixtures/ses-bounce-permanent.json', import.meta.url), 'utf8'),
    ) as { detail: { mail: { tags: Record<string, string[]> } } };
    expect(fixture.detail.mail.tags['ses:configuration-set']).toHaveLength(1);
  });

  it('feeds the stream to the publisher with bisection, partial batch responses, retries within the stream and a DLQ', () => {
    const [fnId] = functionNamed(app, 'Publish');
    app.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId },
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 10_000,
      MaximumRecordAgeInSeconds: 86400,
      ParallelizationFactor: 1,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PublishDeadLetters'), 'Arn'] } },
      },
    });
  });

  it('sweeps every minute on EventBridge Scheduler, with a retry policy and a DLQ', () => {
    const [fnId] = functionNamed(app, 'SweepFunction');
    app.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 minute)',
      Target: {
        Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SweepDeadLetters'), 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 60 },
      },
    });
  });

  describe('dead-letter queues that can be replayed (npm run redrive)', () => {
    const queueNamed = (name: string): [string, Resource] => {
      const found = resourcesOf(app, 'AWS::SQS::Queue').filter(
        ([, q]) => q.Properties['QueueName'] === `relais-test-${name}-dlq`,
      );
      expect(found, name).toHaveLength(1);
      return found[0]!;
    };

    it('names one queue per failure path, with the stage, kept 14 days, encrypted and retained', () => {
      const names = resourcesOf(app, 'AWS::SQS::Queue').map(([, q]) => q.Properties['QueueName']);
      expect(names.sort()).toEqual(
        ['bounces', 'notify', 'project', 'publish', 'sweep'].map((q) => `relais-test-${q}-dlq`),
      );
      for (const [, queue] of resourcesOf(app, 'AWS::SQS::Queue')) {
        expect(queue.Properties).toMatchObject({
          MessageRetentionPeriod: 14 * 24 * 3600,
          SqsManagedSseEnabled: true,
        });
        expect(queue.DeletionPolicy).toBe('Retain');
      }
    });

    it("lets the publisher note the records it gives up on in its own queue, with the item's key", () => {
      const [queueId] = queueNamed('publish');
      const [, publish] = functionNamed(app, 'Publish');
      expect(publish.Properties['Environment']).toMatchObject({
        Variables: { DEAD_LETTER_QUEUE_URL: { Ref: queueId } },
      });
      const send = statementsOfRole(app, roleOf(publish)).find((s) => actions(s).includes('sqs:SendMessage'));
      expect(send?.Resource).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
      // The mapping's own destination, stream positions only, is the same queue: the last resort.
      app.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
      });
    });

    it("puts the event itself in the consumers' queues: the rule target and the on-failure destination", () => {
      for (const [prefix, name] of [
        ['Notify', 'notify'],
        ['Project', 'project'],
        ['Bounces', 'bounces'],
      ] as const) {
        const [queueId] = queueNamed(name);
        const [fnId] = functionNamed(app, `${prefix}Function`);
        const [, rule] = resourcesOf(app, 'AWS::Events::Rule').find(([id]) =>
          id.startsWith(`${prefix}Rule`),
        )!;
        // No input transformer: the DLQ gets the event as it was matched.
        expect(rule.Properties['Targets']).toEqual([
          expect.objectContaining({ DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } } }),
        ]);
        const [target] = rule.Properties['Targets'] as Record<string, unknown>[];
        expect(target!['InputTransformer'] ?? target!['Input'] ?? target!['InputPath']).toBeUndefined();
        app.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
          FunctionName: { Ref: fnId },
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
        });
      }
    });

    it('gives the sweep schedule an input that names a failed run in its queue', () => {
      const [queueId] = queueNamed('sweep');
      app.hasResourceProperties('AWS::Scheduler::Schedule', {
        Target: {
          Input: JSON.stringify({ source: SWEEP_SCHEDULE_SOURCE }),
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
        },
      });
    });
  });

  it('sends mail through a configuration set without open or click tracking, bounces to EventBridge', () => {
    const [, set] = onlyResource(app, 'AWS::SES::ConfigurationSet');
    expect(set.Properties['TrackingOptions']).toBeUndefined();
    const [, destination] = onlyResource(app, 'AWS::SES::ConfigurationSetEventDestination');
    const config = destination.Properties['EventDestination'] as Record<string, unknown>;
    expect((config['MatchingEventTypes'] as string[]).sort()).toEqual(['bounce', 'complaint']);
    expect(config['EventBridgeDestination']).toBeDefined();
    const [, notify] = functionNamed(app, 'NotifyFunction');
    expect(notify.Properties['Environment']).toMatchObject({
      Variables: { MAIL_FROM: 'Relais <relais@example.org>', SES_CONFIGURATION_SET: expect.anything() },
    });
    const send = statementsOfRole(app, roleOf(notify)).find((s) => actions(s).includes('ses:SendRawEmail'));
    expect(JSON.stringify(send?.Resource)).toContain('identity/example.org');
  });

  it('alarms on every DLQ, every function error and the stream iterator age', () => {
    const alarms = resourcesOf(app, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const queues = resourcesOf(app, 'AWS::SQS::Queue').map(([id]) => id);
    for (const queue of queues) {
      expect(
        alarms.some(
          (a) =>
            a['MetricName'] === 'ApproximateNumberOfMessagesVisible' && JSON.stringify(a).includes(queue),
        ),
        queue,
      ).toBe(true);
    }
    for (const [fnId] of resourcesOf(app, 'AWS::Lambda::Function')) {
      expect(
        alarms.some((a) => a['MetricName'] === 'Errors' && JSON.stringify(a).includes(fnId)),
        fnId,
      ).toBe(true);
    }
    expect(alarms.some((a) => a['MetricName'] === 'IteratorAge')).toBe(true);
  });

  it('sends every alarm to the topic', () => {
    const [topicId] = onlyResource(app, 'AWS::SNS::Topic');
    const alarms = resourcesOf(app, 'AWS::CloudWatch::Alarm');
    // The bench prices a stage's alarm metrics (bench/prices.ts): one per alarm, two for the table's
    // throttles (a math expression of read and write throttles).
    expect(alarms.length + 1).toBe(ALARM_METRICS);
    for (const [id, alarm] of alarms)
      expect(alarm.Properties['AlarmActions'], id).toEqual([{ Ref: topicId }]);
  });

  it('subscribes the alarm address, and lets CloudWatch of this account only publish to the topic', () => {
    const [topicId] = onlyResource(app, 'AWS::SNS::Topic');
    app.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: ALARM_EMAIL,
      TopicArn: { Ref: topicId },
    });
    const [, policy] = onlyResource(app, 'AWS::SNS::TopicPolicy');
    const statements = (policy.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement;
    const cloudwatch = statements.find((s) =>
      JSON.stringify(s.Principal).includes('cloudwatch.amazonaws.com'),
    );
    expect(cloudwatch).toMatchObject({
      Effect: 'Allow',
      Action: 'sns:Publish',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Resource: { Ref: topicId },
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
  });

  /** The alarm whose (only or any) metric has this name, with its dimensions. */
  const alarmsOn = (namespace: string, metricName: string) =>
    resourcesOf(app, 'AWS::CloudWatch::Alarm')
      .map(([, a]) => a.Properties)
      .filter((a) => {
        const single = a['Namespace'] === namespace && a['MetricName'] === metricName;
        const math = ((a['Metrics'] ?? []) as { MetricStat?: { Metric: Record<string, unknown> } }[]).some(
          (m) =>
            m.MetricStat?.Metric['Namespace'] === namespace &&
            m.MetricStat.Metric['MetricName'] === metricName,
        );
        return single || math;
      });

  it('alarms on API 5xx answers and on 429s, counted from the access logs by API', () => {
    const [apiId] = onlyResource(app, 'AWS::ApiGatewayV2::Api');
    const [fivexx] = alarmsOn('AWS/ApiGateway', '5xx');
    expect(fivexx).toMatchObject({ Dimensions: [{ Name: 'ApiId', Value: { Ref: apiId } }], Threshold: 1 });
    const [throttled] = alarmsOn(METRICS_NAMESPACE, API_THROTTLED);
    expect(throttled).toMatchObject({
      Dimensions: [{ Name: 'ApiId', Value: { Ref: apiId } }],
      Threshold: API_THROTTLED_THRESHOLD,
    });
    app.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.status = "429" }',
      MetricTransformations: [
        {
          MetricNamespace: METRICS_NAMESPACE,
          MetricName: API_THROTTLED,
          MetricValue: '1',
          Dimensions: [{ Key: 'ApiId', Value: '$.apiId' }],
        },
      ],
    });
    const [, stage] = onlyResource(app, 'AWS::ApiGatewayV2::Stage');
    expect((stage.Properties['AccessLogSettings'] as { Format: string }).Format).toContain(
      '"apiId":"$context.apiId"',
    );
  });

  it("alarms on failed sweep items, the metric the sweep's log lines carry, by function", () => {
    const [sweepId] = functionNamed(app, 'SweepFunction');
    const [failed] = alarmsOn(METRICS_NAMESPACE, SWEEP_ITEMS_FAILED);
    expect(failed).toMatchObject({
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: sweepId } }],
      Statistic: 'Sum',
      Threshold: 1,
    });
  });

  it('alarms on throttled reads and writes of the table', () => {
    for (const metric of ['ReadThrottleEvents', 'WriteThrottleEvents']) {
      const found = alarmsOn('AWS/DynamoDB', metric);
      expect(found, metric).toHaveLength(1);
      expect(JSON.stringify(found[0]!['Metrics']), metric).toContain('"Name":"TableName"');
      expect(found[0], metric).toMatchObject({ Threshold: 1 });
    }
  });

  it("alarms on the configuration set's bounce and complaint rates before SES's review", () => {
    const dimensions = [{ Name: 'ses:configuration-set', Value: 'relais-test' }];
    expect(alarmsOn('AWS/SES', 'Reputation.BounceRate')).toEqual([
      expect.objectContaining({ Dimensions: dimensions, Threshold: MAIL_REPUTATION_THRESHOLDS.bounceRate }),
    ]);
    expect(alarmsOn('AWS/SES', 'Reputation.ComplaintRate')).toEqual([
      expect.objectContaining({
        Dimensions: dimensions,
        Threshold: MAIL_REPUTATION_THRESHOLDS.complaintRate,
      }),
    ]);
    expect(MAIL_REPUTATION_THRESHOLDS.bounceRate).toBeLessThan(0.05);
    expect(MAIL_REPUTATION_THRESHOLDS.complaintRate).toBeLessThan(0.001);
  });

  it("alarms on the sweep schedule's target errors, in the stage's schedule group", () => {
    app.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'relais-test' });
    app.hasResourceProperties('AWS::Scheduler::Schedule', { GroupName: 'relais-test' });
    expect(alarmsOn('AWS/Scheduler', 'TargetErrorCount')).toEqual([
      expect.objectContaining({ Dimensions: [{ Name: 'ScheduleGroup', Value: 'relais-test' }] }),
    ]);
  });

  it('alarms on the failed invocations of every rule, by bus and rule name on the Relais bus', () => {
    const failed = alarmsOn('AWS/Events', 'FailedInvocations');
    const rules = resourcesOf(app, 'AWS::Events::Rule').map(([id]) => id);
    expect(rules).toHaveLength(3);
    for (const rule of rules) {
      const alarm = failed.find((a) => JSON.stringify(a['Dimensions']).includes(`"Ref":"${rule}"`));
      const names = (alarm?.['Dimensions'] as { Name: string }[] | undefined)?.map((d) => d.Name).sort();
      expect(names, rule).toEqual(rule.startsWith('Bounces') ? ['RuleName'] : ['EventBusName', 'RuleName']);
    }
  });

  it('shows every alarm on one dashboard named for the stage', () => {
    const [, dashboard] = onlyResource(app, 'AWS::CloudWatch::Dashboard');
    expect(dashboard.Properties['DashboardName']).toBe('relais-test');
    const body = JSON.stringify(dashboard.Properties['DashboardBody']);
    for (const [id] of resourcesOf(app, 'AWS::CloudWatch::Alarm')) expect(body, id).toContain(id);
  });
});

describe('cdk-nag', () => {
  it('finds nothing unacknowledged in the AwsSolutions and Serverless packs', () => {
    // The synth above already ran them as plugins (it would have thrown); this names any finding.
    for (const pack of [new AwsSolutionsChecks(), new ServerlessChecks()]) {
      const findings = pack.validateScope(cdkApp).violations.map((v) => `${v.ruleName} ${v.severity}`);
      expect(findings).toEqual([]);
    }
  });

  it('gives a written reason for every acknowledgment', () => {
    const acks = acknowledgments(cdkApp);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) expect(ack.reason.length, `${ack.path} ${ack.id}`).toBeGreaterThan(40);
  });
});

describe('with an external OIDC issuer', () => {
  it('creates no user pool and trusts the configured issuer in the authorizer and the api secret', () => {
    const external = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
    const built = buildRelais(
      external,
      parseRelaisConfig({
        stage: 'ext',
        staffIssuer: 'https://id.example.org/realms/relais',
        staffAudience: 'relais-api',
        staffJwksUrl: 'https://id.example.org/realms/relais/certs',
        senderIdentity: 'existing',
        publicBaseUrl: 'https://relais.example.org',
      }),
    );
    const extData = Template.fromStack(built.data);
    const extApp = Template.fromStack(built.app);
    extData.resourceCountIs('AWS::Cognito::UserPool', 0);
    extData.resourceCountIs('AWS::SES::EmailIdentity', 0);
    extData.resourceCountIs('AWS::Lambda::Function', 0);
    extApp.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: { Audience: ['relais-api'], Issuer: 'https://id.example.org/realms/relais' },
    });
    const [, secret] = onlyResource(extApp, 'AWS::SecretsManager::Secret');
    expect(JSON.parse(secret.Properties['SecretString'] as string)).toEqual({
      issuer: 'https://id.example.org/realms/relais',
      audience: 'relais-api',
      jwksUrl: 'https://id.example.org/realms/relais/certs',
      algorithms: ['RS256'],
      // The pages sign in with the provider: its client is the audience, the URLs from publicBaseUrl.
      signIn: {
        clientId: 'relais-api',
        redirectUri: 'https://relais.example.org/app/sign-in/callback',
        postLogoutRedirectUri: 'https://relais.example.org/',
      },
    });
    const [, notify] = functionNamed(extApp, 'NotifyFunction');
    expect(notify.Properties['Environment']).toMatchObject({
      Variables: { PUBLIC_BASE_URL: 'https://relais.example.org' },
    });
  });
});
