import { describe, expect, it } from 'vitest';
import { parseRelaisConfig } from '../../infra/config.ts';

describe('parseRelaisConfig', () => {
  it('defaults to an environment-agnostic dev stage without staff auth', () => {
    expect(parseRelaisConfig({})).toEqual({ stage: 'dev' });
  });

  it('treats empty settings as unset', () => {
    expect(parseRelaisConfig({ stage: '', region: '', staffIssuer: '' })).toEqual({ stage: 'dev' });
  });

  it('sets the environment only from what is given', () => {
    expect(parseRelaisConfig({ stage: 'prod', region: 'eu-central-1' })).toEqual({
      stage: 'prod',
      env: { account: undefined, region: 'eu-central-1' },
    });
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
