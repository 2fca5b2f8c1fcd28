import { readFileSync } from 'node:fs';
import { App, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRelaisConfig, type RawConfig } from '../../infra/config.ts';
import { buildRelais } from '../../infra/relais.ts';

// Two stages of one organisation side by side in one account and region, with one mail domain: what
// `cdk deploy` would put there for `-c stage=prod` and `-c stage=staging`. Bundling is skipped (names
// do not depend on it).
const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};
const SHARED: RawConfig = {
  account: '123456789012',
  region: 'eu-central-1',
  mailFrom: 'Relais <relais@mdm.example.lu>',
  alarmEmail: 'ops@mdm.example.lu',
};
const STAGES = {
  // The SES identity is the domain itself, one per account and region: one stage creates it, the
  // others use it (README, "Deploying to AWS").
  prod: { ...SHARED, stage: 'prod', senderIdentity: 'create' },
  staging: { ...SHARED, stage: 'staging', senderIdentity: 'existing' },
} as const satisfies Record<string, RawConfig>;

type Resource = { Type: string; Properties?: Record<string, unknown> };

/**
 * The properties that name a resource in the account and region: two resources of one type with the
 * same value collide (CloudFormation refuses the second, or both stages write one thing).
 */
const PHYSICAL_NAMES: Readonly<Record<string, string>> = {
  'AWS::Events::EventBus': 'Name',
  'AWS::Events::Archive': 'ArchiveName',
  'AWS::Events::Rule': 'Name',
  'AWS::SES::ConfigurationSet': 'Name',
  'AWS::SES::EmailIdentity': 'EmailIdentity',
  'AWS::Scheduler::ScheduleGroup': 'Name',
  'AWS::SecretsManager::Secret': 'Name',
  'AWS::CloudWatch::Dashboard': 'DashboardName',
  'AWS::CloudWatch::Alarm': 'AlarmName',
  'AWS::ApiGatewayV2::Api': 'Name',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::KMS::Alias': 'AliasName',
  'AWS::Cognito::UserPool': 'UserPoolName',
  'AWS::Cognito::UserPoolDomain': 'Domain',
};
// Names scoped inside another resource (a role's inline policy, a pool's group, an API's stage or
// authorizer), or that are not names of a resource at all: never account-wide.
const SCOPED_OR_NOT_NAMES = new Set([
  'AWS::IAM::Policy.PolicyName',
  'AWS::Cognito::UserPoolGroup.GroupName',
  'AWS::ApiGatewayV2::Stage.StageName',
  'AWS::ApiGatewayV2::Authorizer.Name',
  'AWS::CloudWatch::Alarm.MetricName',
  'AWS::SNS::Topic.DisplayName',
  'AWS::Events::Rule.EventBusName',
  'AWS::Scheduler::Schedule.GroupName',
]);

let templates: Record<keyof typeof STAGES, Template[]>;

beforeAll(() => {
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  const built = Object.fromEntries(
    Object.entries(STAGES).map(([name, raw]) => {
      const config = parseRelaisConfig(raw);
      const stage = new Stage(app, name, { env: config.env });
      return [name, buildRelais(stage, config)];
    }),
  );
  templates = Object.fromEntries(
    Object.entries(built).map(([name, stacks]) => [
      name,
      [Template.fromStack(stacks.data), Template.fromStack(stacks.app)],
    ]),
  ) as typeof templates;
});

const resourcesOf = (stage: keyof typeof STAGES) =>
  templates[stage].flatMap((t) => Object.entries(t.toJSON()['Resources'] as Record<string, Resource>));

/** Every literal name-like property of every resource of the stage: `Type.Property` → values. */
function namesOf(stage: keyof typeof STAGES): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const [, resource] of resourcesOf(stage)) {
    for (const [property, value] of Object.entries(resource.Properties ?? {})) {
      const key = `${resource.Type}.${property}`;
      const named = PHYSICAL_NAMES[resource.Type] === property || /Name$/.test(property);
      if (!named || SCOPED_OR_NOT_NAMES.has(key) || typeof value !== 'string') continue;
      names.set(key, [...(names.get(key) ?? []), value]);
    }
  }
  return names;
}

describe('two stages in one account', () => {
  it('give no two resources the same physical name', () => {
    const prod = namesOf('prod');
    const staging = namesOf('staging');
    expect(prod.size).toBeGreaterThan(4);
    for (const [key, values] of prod) {
      const shared = values.filter((v) => staging.get(key)?.includes(v));
      expect(shared, key).toEqual([]);
    }
  });

  it("name every named resource for its stage (CloudFormation makes the others' names unique)", () => {
    for (const stage of ['prod', 'staging'] as const) {
      for (const [key, values] of namesOf(stage)) {
        if (key === 'AWS::SES::EmailIdentity.EmailIdentity') continue;
        for (const value of values) expect(value, key).toMatch(new RegExp(`relais[-/]${stage}\\b`));
      }
    }
  });

  it('name the bus, archive, configuration set, schedule group, dashboard and secrets', () => {
    const names = namesOf('staging');
    expect(names.get('AWS::Events::EventBus.Name')).toEqual(['relais-staging']);
    expect(names.get('AWS::Events::Archive.ArchiveName')).toEqual(['relais-staging-events']);
    expect(names.get('AWS::SES::ConfigurationSet.Name')).toEqual(['relais-staging']);
    expect(names.get('AWS::Scheduler::ScheduleGroup.Name')).toEqual(['relais-staging']);
    expect(names.get('AWS::CloudWatch::Dashboard.DashboardName')).toEqual(['relais-staging']);
    expect(names.get('AWS::SecretsManager::Secret.Name')?.sort()).toEqual([
      'relais/staging/link-keys',
      'relais/staging/staff-auth',
    ]);
  });

  it('route each stage its own configuration set’s bounces only', () => {
    for (const stage of ['prod', 'staging'] as const) {
      const [, rule] = resourcesOf(stage).find(
        ([id, r]) => r.Type === 'AWS::Events::Rule' && id.startsWith('BouncesRule'),
      )!;
      expect(rule.Properties?.['EventBusName']).toBe('default');
      expect(rule.Properties?.['EventPattern']).toMatchObject({
        source: ['aws.ses'],
        detail: { mail: { tags: { 'ses:configuration-set': [`relais-${stage}`] } } },
      });
    }
  });

  it('create the mail domain identity in one stage only', () => {
    const identities = (stage: keyof typeof STAGES) =>
      resourcesOf(stage).filter(([, r]) => r.Type === 'AWS::SES::EmailIdentity');
    expect(identities('prod')).toHaveLength(1);
    expect(identities('staging')).toHaveLength(0);
  });
});
