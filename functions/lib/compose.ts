import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { JWK } from 'jose';
import type { Clock, Mailer } from '../../domain/ports.ts';
import { createNotificationStore } from '../adapters/dynamo/notification-store.ts';
import { createOrganisationStore } from '../adapters/dynamo/organisation-store.ts';
import { createReferralStore } from '../adapters/dynamo/referral-store.ts';
import { createSpecialistStore } from '../adapters/dynamo/specialist-store.ts';
import { createLinkTokens } from '../adapters/tokens/link-tokens.ts';
import type { Deps, DevHooks, Settings, StaffVerifier } from './deps.ts';
import { newId } from './ids.ts';
import type { Logger } from './logger.ts';

export interface ComposeInput {
  readonly dynamo: DynamoDBClient;
  readonly tableName: string;
  readonly clock: Clock;
  readonly mailer: Mailer;
  readonly verifyStaff: StaffVerifier;
  readonly logger: Logger;
  readonly settings: Settings;
  readonly linkKeys: {
    readonly signingKey: { readonly kid: string; readonly privateJwk: JWK };
    readonly verificationKeys: readonly { readonly kid: string; readonly publicJwk: JWK }[];
  };
  readonly dev?: DevHooks;
}

/**
 * The one composition root: AWS Lambda entry points and the local runtime both build their
 * dependencies here from clients made once per process.
 */
export function composeDeps(input: ComposeInput): Deps {
  const { dynamo, tableName } = input;
  return {
    store: createReferralStore({ client: dynamo, tableName }),
    specialists: createSpecialistStore(dynamo, tableName),
    organisations: createOrganisationStore(dynamo, tableName),
    notifications: createNotificationStore(dynamo, tableName),
    clock: input.clock,
    newId,
    mailer: input.mailer,
    linkTokens: createLinkTokens({
      signingKey: input.linkKeys.signingKey,
      verificationKeys: [...input.linkKeys.verificationKeys],
    }),
    verifyStaff: input.verifyStaff,
    logger: input.logger,
    settings: input.settings,
    dev: input.dev,
  };
}

/** Defaults from PRODUCT.md's timer table: an offer stays open 48 h / 24 h / 4 h. */
export const DEFAULT_SETTINGS: Omit<Settings, 'publicBaseUrl'> = {
  offersAtOnce: 2,
  offerWindowMs: { routine: 48 * 3600_000, soon: 24 * 3600_000, urgent: 4 * 3600_000 },
};
