import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DEFAULT_ESCALATION_SETTINGS, escalationSettingsFromEnv } from '../../domain/escalations/settings.ts';
import {
  DEFAULT_RETENTION_SETTINGS,
  type RetentionSettings,
  retentionEndsAt,
  retentionFromEnv,
} from '../../domain/people/retention.ts';
import type { Clock, Mailer } from '../../domain/ports.ts';
import type { StatsReader } from '../../domain/stats/ports.ts';
import { dueAtOf } from '../../domain/timers/pending.ts';
import { DEFAULT_TIMER_SETTINGS, settingsFromEnv, type TimerSettings } from '../../domain/timers/settings.ts';
import { createAccessLogStore } from '../adapters/dynamo/access-log-store.ts';
import { type CursorCodec, createCursorCodec } from '../adapters/dynamo/cursor.ts';
import { createDueIndex } from '../adapters/dynamo/due-index.ts';
import { createErasureStore } from '../adapters/dynamo/erasure-store.ts';
import { createEscalationStore } from '../adapters/dynamo/escalation-store.ts';
import { createKeyRing } from '../adapters/dynamo/key-ring.ts';
import { createLinkPostLimit } from '../adapters/dynamo/link-post-limit.ts';
import { createNotificationReads } from '../adapters/dynamo/notification-reads-store.ts';
import { createNotificationStore } from '../adapters/dynamo/notification-store.ts';
import { createOfferMails } from '../adapters/dynamo/offer-mails.ts';
import { createOrganisationStore } from '../adapters/dynamo/organisation-store.ts';
import { createPageSessionStore } from '../adapters/dynamo/page-session-store.ts';
import { createReferralStore, referralDecoder } from '../adapters/dynamo/referral-store.ts';
import { createSignInFlowStore } from '../adapters/dynamo/sign-in-flow-store.ts';
import { createSpecialistLoadStore } from '../adapters/dynamo/specialist-load.ts';
import { createSpecialistStore } from '../adapters/dynamo/specialist-store.ts';
import { createStaffSeen } from '../adapters/dynamo/staff-seen-store.ts';
import { createStatsReader, createStatsStore } from '../adapters/dynamo/stats-store.ts';
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

/** What every function's dependencies hold, whichever parts it is built with. */
export type BaseDeps = Pick<
  Deps,
  | 'keyRing'
  | 'retention'
  | 'timers'
  | 'escalationSettings'
  | 'clock'
  | 'newId'
  | 'mailer'
  | 'logger'
  | 'settings'
  | 'dev'
  | 'staffInvitations'
>;

/** What the parts are built from: the input and what the parts share, made once per process. */
export interface Core {
  readonly input: ComposeInput;
  readonly keyRing: KeyRing;
  /** Every list's cursor sealed under the service's cursor key (cursor.ts): none shows a key or an id. */
  readonly cursors: CursorCodec;
  readonly timers: TimerSettings;
  readonly retention: RetentionSettings;
  /** Another part, built once however many parts use it. */
  part<T>(make: Part<T>): T;
}

/**
 * How one store or service of the dependencies is built (each written once, here). A function's entry
 * point names the parts its app uses (`composeParts`), so its bundle holds only their adapters.
 */
export type Part<T> = (core: Core) => T;

export type Parts = Readonly<Record<string, Part<unknown>>>;

/**
 * The dependencies built with `parts`: the base, and each part under its name; optional where the part
 * may not be configured (the sign-in), as `composeParts` leaves it out then.
 */
export type DepsOf<P extends Parts> = BaseDeps & {
  readonly [K in keyof P as undefined extends ReturnType<P[K]> ? never : K]: ReturnType<P[K]>;
} & { readonly [K in keyof P as undefined extends ReturnType<P[K]> ? K : never]?: ReturnType<P[K]> };

// The stores note what a request reads and changes, which the request's wrapper records in the access
// log (access-recording.ts): every route and page is on record without saying so.
// Every write keeps the referral's one pending deadline in the sparse due index (domain/timers). A
// closed referral's one due instant is the end of its retention, when the sweep erases it.
export const referralStorePart: Part<Deps['store']> = ({ input, keyRing, timers, retention }) => {
  const pendingDue = dueAtOf(timers);
  return notingReferralStore(
    createReferralStore({
      client: input.dynamo,
      tableName: input.tableName,
      dueOf: (r) => (r.status === 'closed' ? retentionEndsAt(r, retention) : pendingDue(r)),
      logger: input.logger,
      keyRing,
    }),
  );
};
export const erasurePart: Part<Deps['erasure']> = ({ input }) =>
  createErasureStore({ client: input.dynamo, tableName: input.tableName });
export const specialistsPart: Part<Deps['specialists']> = ({ input, cursors }) =>
  notingSpecialistStore(
    createSpecialistStore(input.dynamo, input.tableName, { logger: input.logger, cursors }),
  );
export const organisationsPart: Part<Deps['organisations']> = ({ input, cursors }) =>
  createOrganisationStore(input.dynamo, input.tableName, { logger: input.logger, cursors });
export const notificationsPart: Part<Deps['notifications']> = ({ input, cursors }) =>
  createNotificationStore(input.dynamo, input.tableName, { logger: input.logger, cursors });
export const notificationReadsPart: Part<Deps['notificationReads']> = ({ input }) =>
  createNotificationReads(input.dynamo, input.tableName, () => input.clock.now());
export const specialistLoadPart: Part<Deps['specialistLoad']> = ({ input }) =>
  createSpecialistLoadStore(input.dynamo, input.tableName, { logger: input.logger });
export const escalationsPart: Part<Deps['escalations']> = ({ input, cursors }) =>
  notingEscalationStore(
    createEscalationStore({
      client: input.dynamo,
      tableName: input.tableName,
      logger: input.logger,
      cursors,
    }),
  );
// One store writes both logs.
const accessLogStore = ({ input, cursors }: Core) =>
  createAccessLogStore(input.dynamo, input.tableName, { newId, logger: input.logger, cursors });
export const accessLogPart: Part<Deps['accessLog']> = (core) => core.part(accessLogStore);
export const directoryLogPart: Part<Deps['directoryLog']> = (core) => core.part(accessLogStore).directory;
export const dueIndexPart: Part<Deps['dueIndex']> = ({ input, keyRing }) =>
  createDueIndex(input.dynamo, input.tableName, referralDecoder({ keyRing, logger: input.logger })(), {
    logger: input.logger,
  });
export const statsPart: Part<Deps['stats']> = ({ input, keyRing }) =>
  createStatsStore(input.dynamo, input.tableName, keyRing, { logger: input.logger });
/** The figures read alone, for the staff apps: their bundles carry neither the writes nor the salts. */
export const statsReaderPart: Part<StatsReader> = ({ input }) =>
  createStatsReader(input.dynamo, input.tableName, { logger: input.logger });
export const linkPostsPart: Part<Deps['linkPosts']> = ({ input }) =>
  createLinkPostLimit(input.dynamo, input.tableName);
export const offerMailsPart: Part<Deps['offerMails']> = ({ input }) =>
  createOfferMails(input.dynamo, input.tableName);
export const staffSeenPart: Part<Deps['staffSeen']> = ({ input, cursors }) =>
  createStaffSeen(input.dynamo, input.tableName, () => input.clock.now(), cursors);
export const verifyStaffPart: Part<Deps['verifyStaff']> = (core) =>
  seeingStaff(core.input.verifyStaff, core.part(staffSeenPart), core.keyRing, core.input.logger);
export const pageSessionsPart: Part<Deps['pageSessions']> = ({ input }) =>
  createPageSessionStore(input.dynamo, input.tableName, { logger: input.logger });
/** Signing and verifying links, with the keys the function was given (else refusing). */
export const linkTokensPart: Part<Deps['linkTokens']> = ({ input }) => linkTokensOf(input.linkKeys);

/** The pages' sign-in with the identity provider, where one is configured (`ComposeInput.signIn`). */
export const signInPart: Part<Deps['signIn']> = ({ input }) =>
  input.signIn
    ? { provider: input.signIn, flows: createSignInFlowStore(input.dynamo, input.tableName) }
    : undefined;

/** Every part: the dependencies of the staff apps, the consumers, the sweep and the one-machine runtime. */
export const ALL_PARTS = {
  store: referralStorePart,
  erasure: erasurePart,
  specialists: specialistsPart,
  organisations: organisationsPart,
  notifications: notificationsPart,
  notificationReads: notificationReadsPart,
  specialistLoad: specialistLoadPart,
  escalations: escalationsPart,
  accessLog: accessLogPart,
  directoryLog: directoryLogPart,
  dueIndex: dueIndexPart,
  stats: statsPart,
  linkPosts: linkPostsPart,
  offerMails: offerMailsPart,
  staffSeen: staffSeenPart,
  verifyStaff: verifyStaffPart,
  pageSessions: pageSessionsPart,
  signIn: signInPart,
  linkTokens: linkTokensPart,
} as const satisfies { readonly [K in Exclude<keyof Deps, keyof BaseDeps>]: Part<Deps[K]> };

/**
 * The one composition root: AWS Lambda entry points and the local runtime both build their
 * dependencies here from clients made once per process, with the parts they use (`ALL_PARTS`: all).
 */
export function composeParts<P extends Parts>(parts: P, input: ComposeInput): DepsOf<P> {
  const keyRing = createKeyRing({
    client: input.dynamo,
    tableName: input.tableName,
    wrapper: input.keyWrapper,
  });
  const built = new Map<Part<unknown>, unknown>();
  const core: Core = {
    input,
    keyRing,
    cursors: createCursorCodec(keyRing),
    timers: input.settings.timers ?? DEFAULT_TIMER_SETTINGS,
    retention: input.settings.retention ?? DEFAULT_RETENTION_SETTINGS,
    part: <T>(make: Part<T>): T => {
      if (!built.has(make)) built.set(make, make(core));
      return built.get(make) as T;
    },
  };
  const base: BaseDeps = {
    keyRing: core.keyRing,
    retention: core.retention,
    timers: core.timers,
    escalationSettings: input.settings.escalations ?? DEFAULT_ESCALATION_SETTINGS,
    clock: input.clock,
    newId,
    mailer: input.mailer,
    ...(input.staffInvitations ? { staffInvitations: input.staffInvitations } : {}),
    logger: input.logger,
    settings: input.settings,
    dev: input.dev,
  };
  // A part that is not configured here (the sign-in) is left out, as absent.
  const own = Object.fromEntries(
    Object.entries(parts)
      .map(([name, make]) => [name, core.part(make)] as const)
      .filter(([, value]) => value !== undefined),
  );
  return { ...base, ...own } as DepsOf<P>;
}

/** The dependencies with every part (`ALL_PARTS`). */
export function composeDeps(input: ComposeInput): Deps {
  return composeParts(ALL_PARTS, input);
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
