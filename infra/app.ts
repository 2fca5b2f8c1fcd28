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
  mailFrom: setting('mailFrom', 'RELAIS_MAIL_FROM'),
  senderIdentity: setting('senderIdentity', 'RELAIS_SENDER_IDENTITY'),
  publicBaseUrl: setting('publicBaseUrl', 'RELAIS_PUBLIC_BASE_URL'),
  alarmEmail: setting('alarmEmail', 'RELAIS_ALARM_EMAIL'),
  apiRateLimit: setting('apiRateLimit', 'RELAIS_API_RATE_LIMIT'),
  apiBurstLimit: setting('apiBurstLimit', 'RELAIS_API_BURST_LIMIT'),
  sesSendRate: setting('sesSendRate', 'RELAIS_SES_SEND_RATE'),
};

buildRelais(app, parseRelaisConfig(raw));
applyNagPacks(app);
