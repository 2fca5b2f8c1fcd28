import { App } from 'aws-cdk-lib';
import { parseRelaisConfig, type RawConfig } from './config.ts';
import { applyNagPacks, buildRelais } from './relais.ts';

// The only place that reads the environment or CDK context. A context value (`-c stage=prod`) wins over
// the environment variable (RELAIS_STAGE=prod).
const app = new App();

const setting = (contextKey: string, envName: string): string | undefined => {
  const fromContext: unknown = app.node.tryGetContext(contextKey);
  return typeof fromContext === 'string' && fromContext !== '' ? fromContext : process.env[envName];
};

const raw: RawConfig = {
  stage: setting('stage', 'RELAIS_STAGE'),
  account: setting('account', 'RELAIS_ACCOUNT'),
  region: setting('region', 'RELAIS_REGION'),
  staffIssuer: setting('staffIssuer', 'RELAIS_STAFF_ISSUER'),
  staffAudience: setting('staffAudience', 'RELAIS_STAFF_AUDIENCE'),
  staffJwksUrl: setting('staffJwksUrl', 'RELAIS_STAFF_JWKS_URL'),
  staffSignInDomainPrefix: setting('staffSignInDomainPrefix', 'RELAIS_STAFF_SIGN_IN_DOMAIN_PREFIX'),
  mailFrom: setting('mailFrom', 'RELAIS_MAIL_FROM'),
  senderIdentity: setting('senderIdentity', 'RELAIS_SENDER_IDENTITY'),
  publicBaseUrl: setting('publicBaseUrl', 'RELAIS_PUBLIC_BASE_URL'),
  alarmEmail: setting('alarmEmail', 'RELAIS_ALARM_EMAIL'),
  domainName: setting('domainName', 'RELAIS_DOMAIN_NAME'),
  certificateArn: setting('certificateArn', 'RELAIS_CERTIFICATE_ARN'),
  apiRateLimit: setting('apiRateLimit', 'RELAIS_API_RATE_LIMIT'),
  apiBurstLimit: setting('apiBurstLimit', 'RELAIS_API_BURST_LIMIT'),
  linksRateLimit: setting('linksRateLimit', 'RELAIS_LINKS_RATE_LIMIT'),
  linksBurstLimit: setting('linksBurstLimit', 'RELAIS_LINKS_BURST_LIMIT'),
  signInRateLimit: setting('signInRateLimit', 'RELAIS_SIGN_IN_RATE_LIMIT'),
  signInBurstLimit: setting('signInBurstLimit', 'RELAIS_SIGN_IN_BURST_LIMIT'),
  openRateLimit: setting('openRateLimit', 'RELAIS_OPEN_RATE_LIMIT'),
  openBurstLimit: setting('openBurstLimit', 'RELAIS_OPEN_BURST_LIMIT'),
  staffRateLimit: setting('staffRateLimit', 'RELAIS_STAFF_RATE_LIMIT'),
  staffBurstLimit: setting('staffBurstLimit', 'RELAIS_STAFF_BURST_LIMIT'),
  pagesRateLimit: setting('pagesRateLimit', 'RELAIS_PAGES_RATE_LIMIT'),
  pagesBurstLimit: setting('pagesBurstLimit', 'RELAIS_PAGES_BURST_LIMIT'),
  sesSendRate: setting('sesSendRate', 'RELAIS_SES_SEND_RATE'),
};

buildRelais(app, parseRelaisConfig(raw));
applyNagPacks(app);
