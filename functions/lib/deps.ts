import type { EscalationSettings } from '../../domain/escalations/settings.ts';
import type { SpecialistLoadStore } from '../../domain/matching/specialist-load.ts';
import type { ErasureStore } from '../../domain/people/erasure.ts';
import type { RetentionSettings } from '../../domain/people/retention.ts';
import type {
  AccessLog,
  Clock,
  DirectoryAccessLog,
  Mailer,
  NotificationStore,
  OrganisationStore,
  ReferralStore,
  SpecialistStore,
} from '../../domain/ports.ts';
import type { StatsStore } from '../../domain/stats/ports.ts';
import type { EscalationStore } from '../../domain/timers/ports.ts';
import type { TimerSettings } from '../../domain/timers/settings.ts';
import type { DueIndex } from '../adapters/dynamo/due-index.ts';
import type { LinkTokens } from '../adapters/tokens/link-tokens.ts';
import type { KeyRing } from '../ports/key-ring.ts';
import type { LinkPostLimit } from '../ports/link-posts.ts';
import type { Logger } from '../ports/logger.ts';
import type { NotificationReads } from '../ports/notification-reads.ts';
import type { OfferMails } from '../ports/offer-mails.ts';
import type { PageSessions } from '../ports/page-sessions.ts';
import type { StaffPrincipal, StaffVerifier } from '../ports/staff.ts';
import type { StaffInvitations } from '../ports/staff-invitations.ts';
import type { StaffSeen } from '../ports/staff-seen.ts';
import type { OidcSignIn, SignInFlows } from '../ports/staff-sign-in.ts';

export type { StaffPrincipal, StaffVerifier };

/** Settings that are configuration, not code. */
export interface Settings {
  /** Base URL that links in emails point to, e.g. http://127.0.0.1:3000 */
  readonly publicBaseUrl: string;
  /**
   * The timer table (PRODUCT.md): offer windows, how many candidates at once, every deadline. The one
   * source of those numbers; by default DEFAULT_TIMER_SETTINGS.
   */
  readonly timers?: TimerSettings;
  /** How long an escalation waits at a level before it climbs; by default DEFAULT_ESCALATION_SETTINGS. */
  readonly escalations?: EscalationSettings;
  /** How long a closed referral is kept before the sweep erases it; by default 24 months. */
  readonly retention?: RetentionSettings;
}

/** Everything the HTTP apps and consumers need, made once per container by a composition root. */
export interface Deps {
  readonly store: ReferralStore;
  /** The organisations' data keys (envelope encryption of the pseudonym and free text). */
  readonly keyRing: KeyRing;
  readonly specialists: SpecialistStore;
  readonly organisations: OrganisationStore;
  readonly notifications: NotificationStore;
  /** What each reader has read of their feed (group feeds are shared, so read is per reader). */
  readonly notificationReads: NotificationReads;
  /** The specialist load projection (last offered, appointments this month), read by matching. */
  readonly specialistLoad: SpecialistLoadStore;
  /** The coordinator board (escalations). */
  readonly escalations: EscalationStore;
  /** The sparse due index the timer sweep queries. */
  readonly dueIndex: DueIndex;
  /**
   * The referrals' access logs: who read or changed which referral, when, through which route. Requests
   * are recorded by access-recording.ts; a use case acting outside a request (an erasure) records itself.
   */
  readonly accessLog: AccessLog;
  /** The directory's log: who changed which specialist. */
  readonly directoryLog: DirectoryAccessLog;
  /** Erases referrals and what derives from them (a person's erasure, the end of retention). */
  readonly erasure: ErasureStore;
  /** The retention in force (compose.ts fills the default). */
  readonly retention: RetentionSettings;
  /** The yearly activity counters (stats projection). */
  readonly stats: StatsStore;
  /** The timer settings in force (compose.ts fills the defaults). */
  readonly timers: TimerSettings;
  readonly escalationSettings: EscalationSettings;
  readonly clock: Clock;
  readonly newId: () => string;
  readonly mailer: Mailer;
  readonly linkTokens: LinkTokens;
  /** Which offers' emails went out: only their specialists hear that an offer ended. */
  readonly offerMails: OfferMails;
  /** The retry limit of link POSTs (so many per token per window). */
  readonly linkPosts: LinkPostLimit;
  readonly verifyStaff: StaffVerifier;
  /** The organisations' staff as seen signing in (recorded by `verifyStaff`). */
  readonly staffSeen: StaffSeen;
  /** The staff pages' server-side sessions (sign-in exchanges the token for one). */
  readonly pageSessions: PageSessions;
  /**
   * Signing staff in with the identity provider (OIDC code flow): present where one is configured.
   * Without it, the sign-in page takes a staff token (and, locally, offers the dev sign-in).
   */
  readonly signIn?: { readonly provider: OidcSignIn; readonly flows: SignInFlows };
  /** Inviting staff from the admin pages; without it the invite page says invitations are not set up. */
  readonly staffInvitations?: StaffInvitations;
  readonly logger: Logger;
  readonly settings: Settings;
  /** Present only in the one-machine runtime: enables the /dev routes. */
  readonly dev?: DevHooks;
}

export interface DevHooks {
  /** Emails written to the local outbox, oldest first. */
  outbox(): Promise<
    readonly { id: string; to: string; subject: string; text: string; html: string; sentAt: string }[]
  >;
  /** Moves the service clock forward by an ISO 8601 duration and runs a timer sweep. */
  advanceClock(duration: string): Promise<{ now: string; fired: readonly unknown[] }>;
  /**
   * The dev sign-in (local mode only): the demo staff one may sign in as, by organisation and role,
   * and a local-issuer token for one of them (undefined for anyone not in the list).
   */
  readonly staff?: {
    list(): Promise<readonly DemoStaffMember[]>;
    tokenFor(sub: string): Promise<string | undefined>;
  };
}

/** A staff member of the dev sign-in. */
export interface DemoStaffMember {
  readonly sub: string;
  readonly org: string;
  readonly roles: readonly StaffPrincipal['roles'][number][];
  /** Set for those invited from the admin page. */
  readonly email?: string;
}
