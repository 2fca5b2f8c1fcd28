import { Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { Construct } from 'constructs';
import type { RelaisConfig } from './config.ts';
import { AppStack } from './stacks/app-stack.ts';
import { DataStack } from './stacks/data-stack.ts';

export interface RelaisStacks {
  readonly data: DataStack;
  readonly app: AppStack;
}

/**
 * Builds Relais into an app (or stage): the stateful `RelaisData` stack and the stateless `RelaisApp`
 * stack that depends on it. Takes its settings as an argument, so tests build exactly what the CLI does.
 */
export function buildRelais(scope: Construct, config: RelaisConfig): RelaisStacks {
  const common = { env: config.env };
  // Stack ids stay fixed (the CLI selects by them); stack names carry the stage so stages can share an
  // account.
  const data = new DataStack(scope, 'RelaisData', {
    ...common,
    stackName: `relais-${config.stage}-data`,
    description: `Relais ${config.stage}: stateful resources (table, key, bus, link keys, staff directory)`,
    stage: config.stage,
    staffAuth: config.staffAuth,
    sender: config.sender,
    publicBaseUrl: config.publicBaseUrl,
    staffSignInDomainPrefix: config.staffSignInDomainPrefix,
  });
  const app = new AppStack(scope, 'RelaisApp', {
    ...common,
    stackName: `relais-${config.stage}-app`,
    description: `Relais ${config.stage}: functions, HTTP API, rules, schedule, alarms`,
    stage: config.stage,
    table: data.table,
    tableKey: data.tableKey,
    dataKeys: data.dataKeys,
    bus: data.bus,
    linkKeys: data.linkKeys,
    staffAuth: data.staffAuth,
    sender: config.sender,
    publicBaseUrl: config.publicBaseUrl,
    alarmEmail: config.alarmEmail,
    ...(config.customDomain ? { customDomain: config.customDomain } : {}),
    throttle: config.throttle,
    notifyConcurrency: config.mail.notifyConcurrency,
  });

  Tags.of(scope).add('project', 'relais');
  Tags.of(scope).add('stage', config.stage);
  return { data, app };
}

/**
 * Runs cdk-nag's AwsSolutions and Serverless packs on every synth of `scope` (an App or Stage): a
 * finding that is not acknowledged with a reason (`Validations.of(construct).acknowledge`) fails the
 * synth, and so `cdk deploy`.
 */
export function applyNagPacks(scope: Construct): void {
  Validations.of(scope).addPlugins(new AwsSolutionsChecks(scope), new ServerlessChecks(scope));
}
