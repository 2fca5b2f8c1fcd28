import type { EscalationSettings } from '../../domain/escalations/settings.ts';
import type { SpecialistLoadStore } from '../../domain/matching/specialist-load.ts';
import type { ErasureStore } from '../../domain/people/erasure.ts';
import type { RetentionSettings } from '../../domain/people/retention.ts';
import type {
  Clock,
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
import type { LinkPostLimit } from '../ports/link-posts.ts';
import type { Logger } from '../ports/logger.ts';
import type { PageSessions } from '../ports/page-sessions.ts';
import type { StaffPrincipal, StaffVerifier } from '../ports/staff.ts';

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
  readonly specialists: SpecialistStore;
  readonly organisations: OrganisationStore;
  readonly notifications: NotificationStore;
  /** The specialist load projection (last offered, appointments this month), read by matching. */
  readonly specialistLoad: SpecialistLoadStore;
  /** The coordinator board (escalations). */
  readonly escalations: EscalationStore;
  /** The sparse due index the timer sweep queries. */
  readonly dueIndex: DueIndex;
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
  /** The retry limit of link POSTs (so many per token per window). */
  readonly linkPosts: LinkPostLimit;
  readonly verifyStaff: StaffVerifier;
  /** The staff pages' server-side sessions (sign-in exchanges the token for one). */
  readonly pageSessions: PageSessions;
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
}
