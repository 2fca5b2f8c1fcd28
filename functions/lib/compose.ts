import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DEFAULT_ESCALATION_SETTINGS, escalationSettingsFromEnv } from '../../domain/escalations/settings.ts';
import {
  DEFAULT_RETENTION_SETTINGS,
  retentionEndsAt,
  retentionFromEnv,
} from '../../domain/people/retention.ts';
import type { Clock, Mailer } from '../../domain/ports.ts';
import { dueAtOf } from '../../domain/timers/pending.ts';
import { DEFAULT_TIMER_SETTINGS, settingsFromEnv } from '../../domain/timers/settings.ts';
import { createAccessLogStore } from '../adapters/dynamo/access-log-store.ts';
import { createCursorCodec } from '../adapters/dynamo/cursor.ts';
import { createDueIndex } from '../adapters/dynamo/due-index.ts';
import { createErasureStore } from '../adapters/dynamo/erasure-store.ts';
import { createEscalationStore } from '../adapters/dynamo/escalation-store.ts';
import { createKeyRing } from '../adapters/dynamo/key-ring.ts';
import { createLinkPostLimit } from '../adapters/dynamo/link-post-limit.ts';
import { createNotificationReads } from '../adapters/dynamo/notification-reads-store.ts';
import { createNotificationStore } from '../adapters/dynamo/notification-store.ts';
import { createOrganisationStore } from '../adapters/dynamo/organisation-store.ts';
import { createPageSessionStore } from '../adapters/dynamo/page-session-store.ts';
import { createReferralStore, referralDecoder } from '../adapters/dynamo/referral-store.ts';
import { createSignInFlowStore } from '../adapters/dynamo/sign-in-flow-store.ts';
import { createSpecialistLoadStore } from '../adapters/dynamo/specialist-load.ts';
import { createSpecialistStore } from '../adapters/dynamo/specialist-store.ts';
import { createStaffSeen } from '../adapters/dynamo/staff-seen-store.ts';
import { createStatsStore } from '../adapters/dynamo/stats-store.ts';
import {
  createLinkTokens,
  type LinkTokens,
  type LinkTokensConfig,
  linkTokensOnceRead,
} from '../adapters/tokens/link-tokens.ts';
import type { KeyRing, KeyWrapper } from '../ports/key-ring.ts';
import type { Logger } from '../ports/logger.ts';
import type { StaffInvitations } from '../ports/staff-invitations.ts';
import type { StaffSeen } from '../ports/staff-seen.ts';
import type { OidcSignIn } from '../ports/staff-sign-in.ts';
import { notingEscalationStore, notingReferralStore, notingSpecialistStore } from './access-recording.ts';
import { beforeAnswer } from './before-answer.ts';
import type { Deps, DevHooks, Settings, StaffVerifier } from './deps.ts';
import { newId } from './ids.ts';
import { noteStaffSeen } from './staff-seen.ts';

export interface ComposeInput {
  readonly dynamo: DynamoDBClient;
  readonly tableName: string;
  readonly clock: Clock;
  readonly mailer: Mailer;
  readonly verifyStaff: StaffVerifier;
  readonly logger: Logger;
  readonly settings: Settings;
  /**
   * The key that wraps the organisations' data keys: AWS KMS when deployed (`KMS_KEY_ID`), the key file
   * of the data folder locally. A function given none refuses to seal or open a referral.
   */
  readonly keyWrapper: KeyWrapper;
  /**
   * The link-signing keys, or their read still under way (a Lambda function's, from Secrets Manager).
   * A function given none (no `LINK_KEYS_SECRET_ID`) signs and verifies no link: its link tokens
   * refuse, saying so.
   */
  readonly linkKeys?: LinkTokensConfig | Promise<LinkTokensConfig>;
  /** The identity provider staff sign in with (OIDC), where one is configured. */
  readonly signIn?: OidcSignIn;
  readonly staffInvitations?: StaffInvitations;
  readonly dev?: DevHooks;
}

/**
 * The one composition root: AWS Lambda entry points and the local runtime both build their
 * dependencies here from clients made once per process.
 */
export function composeDeps(input: ComposeInput): Deps {
  const { dynamo, tableName } = input;
  const timers = input.settings.timers ?? DEFAULT_TIMER_SETTINGS;
  const keyRing = createKeyRing({ client: dynamo, tableName, wrapper: input.keyWrapper });
  // Every list's cursor sealed under the service's cursor key (cursor.ts): none shows a key or an id.
  const cursors = createCursorCodec(keyRing);
  const staffSeen = createStaffSeen(dynamo, tableName, () => input.clock.now(), cursors);
  const accessLog = createAccessLogStore(dynamo, tableName, { newId, logger: input.logger, cursors });
  const retention = input.settings.retention ?? DEFAULT_RETENTION_SETTINGS;
  const pendingDue = dueAtOf(timers);
  return {
    // The stores note what a request reads and changes, which the request's wrapper records in the
    // access log (access-recording.ts): every route and page is on record without saying so.
    // Every write keeps the referral's one pending deadline in the sparse due index (domain/timers).
    // A closed referral's one due instant is the end of its retention, when the sweep erases it.
    store: notingReferralStore(
      createReferralStore({
        client: dynamo,
        tableName,
        dueOf: (r) => (r.status === 'closed' ? retentionEndsAt(r, retention) : pendingDue(r)),
        logger: input.logger,
        keyRing,
      }),
    ),
    keyRing,
    erasure: createErasureStore({ client: dynamo, tableName }),
    retention,
    specialists: notingSpecialistStore(
      createSpecialistStore(dynamo, tableName, { logger: input.logger, cursors }),
    ),
    organisations: createOrganisationStore(dynamo, tableName, { logger: input.logger, cursors }),
    notifications: createNotificationStore(dynamo, tableName, { logger: input.logger, cursors }),
    notificationReads: createNotificationReads(dynamo, tableName, () => input.clock.now()),
    specialistLoad: createSpecialistLoadStore(dynamo, tableName, { logger: input.logger }),
    escalations: notingEscalationStore(
      createEscalationStore({ client: dynamo, tableName, logger: input.logger, cursors }),
    ),
    accessLog,
    directoryLog: accessLog.directory,
    dueIndex: createDueIndex(dynamo, tableName, referralDecoder({ keyRing, logger: input.logger })(), {
      logger: input.logger,
    }),
    stats: createStatsStore(dynamo, tableName, { logger: input.logger }),
    timers,
    escalationSettings: input.settings.escalations ?? DEFAULT_ESCALATION_SETTINGS,
    clock: input.clock,
    newId,
    mailer: input.mailer,
    linkTokens: linkTokensOf(input.linkKeys),
    linkPosts: createLinkPostLimit(dynamo, tableName),
    staffSeen,
    verifyStaff: seeingStaff(input.verifyStaff, staffSeen, keyRing, input.logger),
    pageSessions: createPageSessionStore(dynamo, tableName, { logger: input.logger }),
    ...(input.signIn
      ? { signIn: { provider: input.signIn, flows: createSignInFlowStore(dynamo, tableName) } }
      : {}),
    ...(input.staffInvitations ? { staffInvitations: input.staffInvitations } : {}),
    logger: input.logger,
    settings: input.settings,
    dev: input.dev,
  };
}

function linkTokensOf(keys: ComposeInput['linkKeys']): LinkTokens {
  if (keys === undefined) return refusingLinkTokens;
  return keys instanceof Promise ? linkTokensOnceRead(keys) : createLinkTokens(keys);
}

const refuseLinks = async (): Promise<never> => {
  throw new Error('this function holds no link keys');
};
const refusingLinkTokens: LinkTokens = { sign: refuseLinks, verify: refuseLinks };

/** Defaults: PRODUCT.md's timer table and escalation waits. */
export const DEFAULT_SETTINGS: Omit<Settings, 'publicBaseUrl'> = {
  timers: DEFAULT_TIMER_SETTINGS,
  escalations: DEFAULT_ESCALATION_SETTINGS,
};

/**
 * Every verified staff token (API calls, the page sign-in with a token) records its holder in the
 * organisation's staff list (staff-seen-store.ts: at most one write a day each), beside the request
 * rather than before it (before-answer.ts: done before the answer leaves). A failure to record is
 * logged and never turns the caller away. The caller's organisation's data key is fetched meanwhile
 * too (`KeyRing.warm`): a cold start's first request reads it beside its own reads, not after them.
 */
function seeingStaff(
  verify: StaffVerifier,
  staffSeen: StaffSeen,
  keyRing: KeyRing,
  logger: Logger,
): StaffVerifier {
  return async (token) => {
    const principal = await verify(token);
    keyRing.warm(principal.org);
    await beforeAnswer(noteStaffSeen({ staffSeen, logger }, principal));
    return principal;
  };
}

/**
 * The settings of a deployment or of `npm start`: deadlines and escalation waits are configuration
 * (RELAIS_OFFER_WINDOW_ROUTINE=PT48H, RELAIS_ARRIVAL_GRACE=PT30M, RELAIS_RETENTION_MONTHS=24, …; see
 * domain/timers/settings.ts, domain/escalations/settings.ts and domain/people/retention.ts), read once and refused with the variable's name when bad.
 */
export function settingsFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  publicBaseUrl: string,
): Settings {
  return {
    publicBaseUrl,
    timers: settingsFromEnv(env),
    escalations: escalationSettingsFromEnv(env),
    retention: retentionFromEnv(env),
  };
}
