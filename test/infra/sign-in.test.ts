import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { parseRelaisConfig, type RawConfig } from '../../infra/config.ts';
import { buildRelais } from '../../infra/relais.ts';

/*
 * How staff sign in, on the synthesised templates: the Cognito app client allows the authorization
 * code flow only, with callback and sign-out URLs from the configuration (the public base URL); the
 * hosted UI has its domain; TOTP stays required; invitations and resets go through SES from the
 * sender's domain; the api may invite into the pool and nothing more; cdk-nag finds nothing.
 */

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

/** The stacks of `raw`, without bundling (the functions' code is not what is asserted here). */
function synth(raw: RawConfig) {
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  const stacks = buildRelais(app, parseRelaisConfig(raw));
  return { app, data: Template.fromStack(stacks.data), api: Template.fromStack(stacks.app) };
}

type Resource = { Properties: Record<string, unknown> };
const only = (template: Template, type: string): Resource => {
  const found = Object.values(template.findResources(type)) as Resource[];
  expect(found, type).toHaveLength(1);
  return found[0]!;
};

const BASE = 'https://relais.example.org';
const MAIL_FROM = 'Relais MdM <relais@mdm-lu.example.org>';

describe('staff sign-in with the hosted UI', () => {
  const { app, data, api } = synth({ stage: 'web', publicBaseUrl: BASE, mailFrom: MAIL_FROM });

  it('lets the app client use the code flow only, with the configured callback and sign-out URLs', () => {
    const client = only(data, 'AWS::Cognito::UserPoolClient').Properties;
    expect(client['AllowedOAuthFlows']).toEqual(['code']);
    expect(client['AllowedOAuthFlowsUserPoolClient']).toBe(true);
    expect(client['AllowedOAuthScopes']).toEqual(['openid', 'email']);
    expect(client['CallbackURLs']).toEqual([`${BASE}/app/sign-in/callback`]);
    expect(client['LogoutURLs']).toEqual([`${BASE}/`]);
    expect(client['SupportedIdentityProviders']).toEqual(['COGNITO']);
    expect(client['GenerateSecret']).toBe(false);
    expect(client['ExplicitAuthFlows']).not.toContain('ALLOW_USER_PASSWORD_AUTH');
    expect(client['EnableTokenRevocation']).toBe(true);
    only(data, 'AWS::Cognito::UserPoolDomain');
    data.hasOutput('StaffSignInUrl', { Value: `${BASE}/app/sign-in` });
  });

  it('keeps TOTP required and sends invitations and resets through SES from the sender domain', () => {
    data.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      EmailConfiguration: {
        EmailSendingAccount: 'DEVELOPER',
        From: 'Relais MdM <relais@mdm-lu.example.org>',
        SourceArn: Match.anyValue(),
      },
      AdminCreateUserConfig: {
        AllowAdminCreateUserOnly: true,
        InviteMessageTemplate: Match.objectLike({ EmailSubject: 'You are invited to Relais' }),
      },
    });
    const pool = only(data, 'AWS::Cognito::UserPool').Properties;
    expect(JSON.stringify(pool['EmailConfiguration'])).toContain('identity/mdm-lu.example.org');
  });

  it('gives the pages (web) the sign-in settings in its secret, and the right to invite into the pool only', () => {
    const secret = only(api, 'AWS::SecretsManager::Secret').Properties;
    const text = JSON.stringify(secret['SecretString']);
    expect(text).toContain('/app/sign-in/callback');
    expect(text).toContain('/logout');
    const fns = Object.entries(api.findResources('AWS::Lambda::Function')) as [string, Resource][];
    const fnOf = (prefix: string) => fns.find(([id]) => id.startsWith(prefix))!;
    const [, webFn] = fnOf('Web');
    expect(webFn.Properties['Environment']).toMatchObject({
      Variables: { STAFF_SIGN_IN: 'oidc', STAFF_USER_POOL_ID: expect.anything() },
    });
    // The JSON API neither signs in nor invites: only the pages do (functions/web).
    const [, apiFn] = fnOf('Api');
    expect(JSON.stringify(apiFn.Properties['Environment'])).not.toMatch(/STAFF_SIGN_IN|STAFF_USER_POOL_ID/);
    const policies = Object.values(api.findResources('AWS::IAM::Policy')) as Resource[];
    const inviting = policies.filter((p) => JSON.stringify(p.Properties).includes('cognito-idp:'));
    expect(inviting).toHaveLength(1);
    const roleRef = JSON.stringify(inviting[0]!.Properties['Roles']);
    expect(roleRef).toContain('WebRole');
    expect(roleRef).not.toContain('ApiRole');
    const grant = JSON.stringify(inviting[0]!.Properties);
    expect(grant).toContain('cognito-idp:AdminCreateUser');
    expect(grant).toContain('cognito-idp:AdminAddUserToGroup');
    expect(grant).not.toMatch(/cognito-idp:\*|cognito-idp:AdminDeleteUser/);
  });

  it('passes the nag packs', () => {
    for (const pack of [new AwsSolutionsChecks(), new ServerlessChecks()]) {
      const findings = pack.validateScope(app).violations.map((v) => `${v.ruleName} ${v.severity}`);
      expect(findings).toEqual([]);
    }
  });
});

describe('without a public URL', () => {
  it('turns the hosted UI off rather than allow any OAuth flow with a placeholder callback', () => {
    const { data, api } = synth({ stage: 'bare' });
    const client = only(data, 'AWS::Cognito::UserPoolClient').Properties;
    expect(client['AllowedOAuthFlows']).toBeUndefined();
    expect(client['AllowedOAuthFlowsUserPoolClient']).toBe(false);
    expect(client['CallbackURLs']).toBeUndefined();
    data.resourceCountIs('AWS::Cognito::UserPoolDomain', 0);
    expect(JSON.stringify(api.findResources('AWS::Lambda::Function'))).not.toContain('STAFF_SIGN_IN');
  });
});
