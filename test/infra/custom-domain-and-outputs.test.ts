import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { parseRelaisConfig, type RawConfig } from '../../infra/config.ts';
import { applyNagPacks, buildRelais } from '../../infra/relais.ts';

/* The custom domain (optional, from configuration) and the stack outputs the deploy runbook names. */

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};
const CERTIFICATE = 'arn:aws:acm:eu-central-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

/** Both stacks' templates, synthesised with the nag packs (an unacknowledged finding throws), unbundled. */
function synth(raw: RawConfig) {
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  const stacks = buildRelais(app, parseRelaisConfig({ stage: 'test', ...raw }));
  applyNagPacks(app);
  app.synth();
  return { data: Template.fromStack(stacks.data), app: Template.fromStack(stacks.app) };
}

describe('the custom domain setting', () => {
  it('is a host name, and a certificate ARN only goes with it', () => {
    expect(parseRelaisConfig({ domainName: 'relais.mdm.example.lu' })).toMatchObject({
      customDomain: { domainName: 'relais.mdm.example.lu' },
      publicBaseUrl: 'https://relais.mdm.example.lu',
    });
    expect(
      parseRelaisConfig({
        domainName: 'relais.mdm.example.lu',
        publicBaseUrl: 'https://links.mdm.example.lu',
      }),
    ).toMatchObject({ publicBaseUrl: 'https://links.mdm.example.lu' });
    expect(() => parseRelaisConfig({ domainName: 'https://relais.example.org' })).toThrow(
      /domainName: must be a host name/,
    );
    expect(() => parseRelaisConfig({ certificateArn: CERTIFICATE })).toThrow(
      /certificateArn: .*set domainName too/,
    );
    expect(() => parseRelaisConfig({ domainName: 'relais.example.org', certificateArn: 'arn:nope' })).toThrow(
      /certificateArn: must be an ACM certificate ARN/,
    );
  });
});

describe('RelaisApp on a custom domain', () => {
  it('requests a DNS-validated certificate, maps the domain to the $default stage and says where DNS points', () => {
    const { app } = synth({ domainName: 'relais.mdm.example.lu' });
    app.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'relais.mdm.example.lu',
      ValidationMethod: 'DNS',
    });
    app.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'relais.mdm.example.lu',
      DomainNameConfigurations: [Match.objectLike({ EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' })],
    });
    const mappings = Object.values(app.findResources('AWS::ApiGatewayV2::ApiMapping'));
    expect(mappings).toHaveLength(1);
    const mapping = mappings[0]!;
    const [stageId] = Object.keys(app.findResources('AWS::ApiGatewayV2::Stage'));
    const [apiId] = Object.keys(app.findResources('AWS::ApiGatewayV2::Api'));
    expect(mapping['Properties']).toMatchObject({ ApiId: { Ref: apiId }, Stage: '$default' });
    expect(mapping['DependsOn']).toContain(stageId);
    app.hasOutput('CustomDomainTarget', {});
    app.hasOutput('CustomDomainUrl', { Value: 'https://relais.mdm.example.lu/' });
    app.hasOutput('SignInUrl', { Value: 'https://relais.mdm.example.lu/app/sign-in' });
    // The links in emails use the name.
    const notify = Object.values(app.findResources('AWS::Lambda::Function')).find(
      (fn) => fn['Properties']['Environment']?.['Variables']?.['MAIL_FROM'] !== undefined,
    );
    expect(notify!['Properties']['Environment']['Variables']['PUBLIC_BASE_URL']).toBe(
      'https://relais.mdm.example.lu',
    );
  });

  it('uses the certificate given, requesting none', () => {
    const { app } = synth({ domainName: 'relais.mdm.example.lu', certificateArn: CERTIFICATE });
    app.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    app.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainNameConfigurations: [Match.objectLike({ CertificateArn: CERTIFICATE })],
    });
  });

  it('has no domain, certificate or mapping without the setting', () => {
    const { app, data } = synth({});
    for (const type of [
      'AWS::CertificateManager::Certificate',
      'AWS::ApiGatewayV2::DomainName',
      'AWS::ApiGatewayV2::ApiMapping',
    ]) {
      app.resourceCountIs(type, 0);
    }
    // The outputs the deploy runbook (docs/DEPLOY.md) names.
    for (const output of ['ApiUrl', 'SignInUrl', 'AlarmTopicArn', 'DashboardUrl', 'DeadLetterQueues']) {
      app.hasOutput(output, {});
    }
    app.hasOutput('DeadLetterQueues', {
      Value:
        'relais-test-notify-dlq relais-test-project-dlq relais-test-bounces-dlq relais-test-sweep-dlq relais-test-publish-dlq',
    });
    for (const output of [
      'TableName',
      'EventBusName',
      'LinkKeysSecretArn',
      'StaffUserPoolId',
      'StaffClientId',
    ]) {
      data.hasOutput(output, {});
    }
  });
});
