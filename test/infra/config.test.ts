import { describe, expect, it } from 'vitest';
import { notifyConcurrencyFor, parseRelaisConfig } from '../../infra/config.ts';

describe('parseRelaisConfig', () => {
  const ROUTE_DEFAULTS = {
    links: { rateLimit: 10, burstLimit: 20 },
    signIn: { rateLimit: 1, burstLimit: 5 },
    open: { rateLimit: 2, burstLimit: 5 },
    staff: { rateLimit: 40, burstLimit: 80 },
    pages: { rateLimit: 20, burstLimit: 40 },
  };
  const DEFAULTS = {
    stage: 'dev',
    sender: { mailFrom: 'Relais <relais@example.org>', domain: 'example.org', createIdentity: true },
    throttle: { rateLimit: 50, burstLimit: 100, routes: ROUTE_DEFAULTS },
    mail: { sendRate: 1, notifyConcurrency: 1 },
  };

  it('defaults to an environment-agnostic dev stage with its own user pool and a placeholder sender', () => {
    expect(parseRelaisConfig({})).toEqual(DEFAULTS);
  });

  it('treats empty settings as unset', () => {
    expect(parseRelaisConfig({ stage: '', region: '', staffIssuer: '', mailFrom: '' })).toEqual(DEFAULTS);
  });

  it('sets the environment only from what is given', () => {
    expect(parseRelaisConfig({ stage: 'prod', region: 'eu-central-1' })).toEqual({
      ...DEFAULTS,
      stage: 'prod',
      env: { account: undefined, region: 'eu-central-1' },
    });
  });

  it('takes the sender, its identity, the public URL, the alarm address and the API limits', () => {
    expect(
      parseRelaisConfig({
        mailFrom: 'Relais MdM <relais@Mdm.example.LU>',
        senderIdentity: 'existing',
        publicBaseUrl: 'https://relais.mdm.example.lu',
        alarmEmail: 'ops@mdm.example.lu',
        apiRateLimit: '20',
        apiBurstLimit: '40',
      }),
    ).toEqual({
      stage: 'dev',
      sender: {
        mailFrom: 'Relais MdM <relais@Mdm.example.LU>',
        domain: 'mdm.example.lu',
        createIdentity: false,
      },
      throttle: { rateLimit: 20, burstLimit: 40, routes: ROUTE_DEFAULTS },
      mail: { sendRate: 1, notifyConcurrency: 1 },
      publicBaseUrl: 'https://relais.mdm.example.lu',
      alarmEmail: 'ops@mdm.example.lu',
    });
  });

  it('takes each route group its own limits, and refuses limits that are not whole positive numbers', () => {
    expect(
      parseRelaisConfig({ linksRateLimit: '3', linksBurstLimit: '6', staffRateLimit: '100' }).throttle.routes,
    ).toEqual({
      ...ROUTE_DEFAULTS,
      links: { rateLimit: 3, burstLimit: 6 },
      staff: { rateLimit: 100, burstLimit: 80 },
    });
    expect(() => parseRelaisConfig({ linksRateLimit: '0' })).toThrow(/linksRateLimit/);
    expect(() => parseRelaisConfig({ signInBurstLimit: '1.5' })).toThrow(/signInBurstLimit/);
    expect(() => parseRelaisConfig({ openRateLimit: 'many' })).toThrow(/openRateLimit/);
    expect(() => parseRelaisConfig({ pagesBurstLimit: '5001' })).toThrow(/pagesBurstLimit/);
  });

  it("derives the notify function's concurrency from the SES send rate", () => {
    expect(parseRelaisConfig({ sesSendRate: '14' }).mail).toEqual({ sendRate: 14, notifyConcurrency: 14 });
    expect(parseRelaisConfig({ sesSendRate: '2.5' }).mail).toEqual({ sendRate: 2.5, notifyConcurrency: 2 });
    expect(notifyConcurrencyFor(1)).toBe(1);
    expect(() => parseRelaisConfig({ sesSendRate: '0' })).toThrow(/sesSendRate/);
    expect(() => parseRelaisConfig({ sesSendRate: 'fast' })).toThrow(/sesSendRate/);
  });

  it('refuses a sender that is not an address, and a plain-http public URL', () => {
    expect(() =>
      parseRelaisConfig({ mailFrom: 'Relais', publicBaseUrl: 'http://relais.example.org' }),
    ).toThrow(
      /mailFrom: must be `address` or `Display Name <address>`\n.*publicBaseUrl: must be an https URL/,
    );
  });

  it('passes staff auth through when issuer, audience and JWKS are all given', () => {
    expect(
      parseRelaisConfig({
        staffIssuer: 'https://id.example.org/realms/relais',
        staffAudience: 'relais-api',
        staffJwksUrl: 'https://id.example.org/realms/relais/certs',
      }).staffAuth,
    ).toEqual({
      issuer: 'https://id.example.org/realms/relais',
      audience: 'relais-api',
      jwksUrl: 'https://id.example.org/realms/relais/certs',
    });
  });

  it('signs staff in with the external provider at the public URL, its client being the audience', () => {
    expect(
      parseRelaisConfig({
        staffIssuer: 'https://id.example.org/realms/relais',
        staffAudience: 'relais-api',
        staffJwksUrl: 'https://id.example.org/realms/relais/certs',
        publicBaseUrl: 'https://relais.example.org/',
      }).staffAuth?.signIn,
    ).toEqual({
      clientId: 'relais-api',
      redirectUri: 'https://relais.example.org/app/sign-in/callback',
      postLogoutRedirectUri: 'https://relais.example.org/',
    });
  });

  it('takes a hosted UI domain prefix, and refuses one Cognito would', () => {
    expect(parseRelaisConfig({ staffSignInDomainPrefix: 'relais-mdm' }).staffSignInDomainPrefix).toBe(
      'relais-mdm',
    );
    expect(() => parseRelaisConfig({ staffSignInDomainPrefix: 'my-cognito-login' })).toThrow(
      /staffSignInDomainPrefix: may not contain aws, amazon or cognito/,
    );
    expect(() => parseRelaisConfig({ staffSignInDomainPrefix: 'Relais_MdM' })).toThrow(
      /staffSignInDomainPrefix/,
    );
  });

  it('refuses part of the staff auth settings', () => {
    expect(() =>
      parseRelaisConfig({ staffIssuer: 'https://id.example.org', staffAudience: 'relais-api' }),
    ).toThrow(/staffIssuer, staffAudience and staffJwksUrl go together/);
  });

  it('refuses a plain-http issuer, a malformed stage and a malformed account, listing each', () => {
    const attempt = () =>
      parseRelaisConfig({
        stage: 'Prod_1',
        account: '123',
        staffIssuer: 'http://id.example.org',
        staffAudience: 'relais-api',
        staffJwksUrl: 'https://id.example.org/jwks',
      });
    expect(attempt).toThrow(/stage:.*\n.*account:.*\n.*staffIssuer: must be an https URL/);
  });
});
