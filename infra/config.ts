import * as z from 'zod';

/**
 * How staff bearer tokens are verified (by the functions, with jose): the OIDC provider's issuer, the
 * audience Relais expects, and where the provider publishes its signing keys.
 */
export interface StaffAuthConfig {
  /** Expected `iss` claim, an https URL. */
  readonly issuer: string;
  /** Expected `aud` claim. */
  readonly audience: string;
  /** The provider's JWKS, an https URL. */
  readonly jwksUrl: string;
  /**
   * Staff pages sign in with the provider (OIDC code flow with PKCE): present when the public URL is
   * configured, which the callback and sign-out URLs are made of ({@link signInUrls}).
   */
  readonly signIn?: StaffSignInConfig;
  /** The Cognito user pool staff are invited into, when the stack made it. */
  readonly userPoolId?: string;
}

/** What the api needs to sign staff in with the provider (written into its staff-auth secret). */
export interface StaffSignInConfig {
  /** The app client (Cognito) or client id registered with the provider: the ID token's audience. */
  readonly clientId: string;
  /** `<publicBaseUrl>/app/sign-in/callback`. */
  readonly redirectUri: string;
  /** `<publicBaseUrl>/`: where the provider sends the browser after signing out. */
  readonly postLogoutRedirectUri: string;
  /** Cognito's `/logout` endpoint on the hosted UI's domain; other providers publish end_session. */
  readonly logoutUrl?: string;
}

/** The callback and sign-out URLs of the staff pages, from the public base URL. */
export function signInUrls(publicBaseUrl: string): { redirectUri: string; postLogoutRedirectUri: string } {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return { redirectUri: `${base}/app/sign-in/callback`, postLogoutRedirectUri: `${base}/` };
}

/** Everything that varies between deployments of Relais. Read from env/context by infra/app.ts only. */
export interface RelaisConfig {
  /** Deployment stage, e.g. `dev` or `prod`: part of the stack names and a tag on every resource. */
  readonly stage: string;
  /**
   * Account and region to deploy to.
   * @default - environment-agnostic stacks, resolved by the CLI at deploy time
   */
  readonly env?: { readonly account?: string; readonly region?: string };
  /**
   * Staff token verification by an external OIDC provider.
   * @default - a Cognito user pool created by the stack (RelaisData) issues staff tokens
   */
  readonly staffAuth?: StaffAuthConfig;
  /**
   * The prefix of the Cognito hosted UI's domain (`<prefix>.auth.<region>.amazoncognito.com`), unique
   * in the region. Only with the stack's user pool and a public base URL.
   * @default `relais-<stage>-<account id>`
   */
  readonly staffSignInDomainPrefix?: string;
  /** Who Relais's emails come from. */
  readonly sender: SenderConfig;
  /**
   * Base URL of the links in emails, e.g. `https://relais.example.org` when a custom domain fronts
   * the API.
   * @default - the HTTP API's own URL
   */
  readonly publicBaseUrl?: string;
  /**
   * The organisation's own name for Relais (a regional API Gateway domain name mapped to the API), with
   * an ACM certificate of the stack's region: an existing one, or one the stack requests, validated by
   * DNS. Links in emails use it unless `publicBaseUrl` is set.
   * @default - the API's own `execute-api` URL
   */
  readonly customDomain?: { readonly domainName: string; readonly certificateArn?: string };
  /**
   * Where alarm notifications go (an SNS email subscription, confirmed by the recipient).
   * @default - alarms notify an SNS topic with no subscription
   */
  readonly alarmEmail?: string;
  /**
   * Steady-state requests per second and burst the HTTP API accepts before answering 429: the stage's
   * default, and each group of routes on its own budget (anonymous traffic on one cannot starve another).
   */
  readonly throttle: ThrottleConfig;
  /**
   * The account's SES maximum send rate (emails per second; `aws sesv2 get-account`, SendQuota), and
   * the notify function's reserved concurrency derived from it ({@link notifyConcurrencyFor}).
   */
  readonly mail: { readonly sendRate: number; readonly notifyConcurrency: number };
}

/**
 * The SES sandbox's send rate, the default until the account has production access: one email a
 * second.
 */
export const DEFAULT_SES_SEND_RATE = 1;

/**
 * The notify function's reserved concurrency for an SES send rate: one instance per email a second,
 * rounded down, at least one. An invocation sends one email (two at most) after a few reads, about a
 * second of work in all, so N instances keep near N emails a second; beyond the cap, events wait
 * (Lambda retries a throttled asynchronous invocation for up to six hours) instead of failing on SES's
 * throttle.
 */
export function notifyConcurrencyFor(sendRate: number): number {
  return Math.max(1, Math.floor(sendRate));
}

/** The SES sender identity. */
/** A rate (requests per second, steady) and a burst. */
export interface RateLimit {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/** The route groups throttled on their own (infra/constructs/http-api.ts maps them to route keys). */
export const THROTTLED_ROUTE_GROUPS = ['links', 'signIn', 'open', 'staff', 'pages'] as const;
export type ThrottledRouteGroup = (typeof THROTTLED_ROUTE_GROUPS)[number];

export interface ThrottleConfig extends RateLimit {
  /**
   * Each group's own limit, per route: `links` (`/o/*`, anonymous), `signIn` (`/app/sign-in`), `open`
   * (`/health`, `/openapi.json`, `/asyncapi.json`, each on its own), `staff` (`/v1/*`), `pages` (`/app/*`).
   */
  readonly routes: Readonly<Record<ThrottledRouteGroup, RateLimit>>;
}

export interface SenderConfig {
  /** `From:` of every email, `address` or `Display Name <address>`. */
  readonly mailFrom: string;
  /** The domain of mailFrom's address: the SES identity that must be verified. */
  readonly domain: string;
  /**
   * Whether the stack creates the SES domain identity (with Easy DKIM; the DNS records are stack
   * outputs) or uses one that already exists in the account and region.
   */
  readonly createIdentity: boolean;
}

/** The placeholder sender of a stage deployed without one: fine to synthesise, useless to send from. */
export const DEFAULT_MAIL_FROM = 'Relais <relais@example.org>';

const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https URL' });
/** A route's steady rate and burst: the same bounds as the stage's. */
const rate = (fallback: number) => z.coerce.number().int().min(1).max(10_000).default(fallback);
const burst = (fallback: number) => z.coerce.number().int().min(1).max(5_000).default(fallback);

const rawConfigSchema = z
  .object({
    stage: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,19}$/, 'must be lower-case letters, digits and dashes, at most 20')
      .default('dev'),
    account: z
      .string()
      .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
      .optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-central-1')
      .optional(),
    staffIssuer: httpsUrl.optional(),
    staffAudience: z.string().min(1).optional(),
    staffJwksUrl: httpsUrl.optional(),
    staffSignInDomainPrefix: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be lower-case letters, digits and dashes')
      .refine((v) => !/aws|amazon|cognito/.test(v), 'may not contain aws, amazon or cognito')
      .optional(),
    mailFrom: z
      .string()
      .regex(
        /^(?:[^<>@]+<[^<>@\s]+@[a-z0-9.-]+\.[a-z]{2,}>|[^<>@\s]+@[a-z0-9.-]+\.[a-z]{2,})$/i,
        'must be `address` or `Display Name <address>`',
      )
      .default(DEFAULT_MAIL_FROM),
    senderIdentity: z.enum(['create', 'existing']).default('create'),
    publicBaseUrl: httpsUrl.optional(),
    alarmEmail: z.email().optional(),
    domainName: z
      .string()
      .regex(
        /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
        'must be a host name such as relais.example.org',
      )
      .optional(),
    certificateArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/,
        'must be an ACM certificate ARN',
      )
      .optional(),
    apiRateLimit: z.coerce.number().int().min(1).max(10_000).default(50),
    apiBurstLimit: z.coerce.number().int().min(1).max(5_000).default(100),
    // Per route group (README, deploy configuration). Anonymous routes are kept tight; staff have most.
    linksRateLimit: rate(10),
    linksBurstLimit: burst(20),
    signInRateLimit: rate(1),
    signInBurstLimit: burst(5),
    openRateLimit: rate(2),
    openBurstLimit: burst(5),
    staffRateLimit: rate(40),
    staffBurstLimit: burst(80),
    pagesRateLimit: rate(20),
    pagesBurstLimit: burst(40),
    sesSendRate: z.coerce.number().min(1).max(1_000).default(DEFAULT_SES_SEND_RATE),
  })
  .refine((raw) => raw.certificateArn === undefined || raw.domainName !== undefined, {
    message: 'certificateArn is the certificate of domainName: set domainName too',
    path: ['certificateArn'],
  })
  .refine(
    (raw) => {
      const given = [raw.staffIssuer, raw.staffAudience, raw.staffJwksUrl].filter((v) => v !== undefined);
      return given.length === 0 || given.length === 3;
    },
    {
      message: 'staffIssuer, staffAudience and staffJwksUrl go together: set all three or none',
      path: ['staff'],
    },
  );

/** The raw settings, by name; empty strings count as unset. */
export type RawConfig = Readonly<Partial<Record<keyof z.input<typeof rawConfigSchema>, string>>>;

/**
 * Validates raw settings into a RelaisConfig, failing fast with every problem listed, so a typo in a
 * deployment setting stops `cdk synth` instead of producing a stack that half works.
 */
export function parseRelaisConfig(raw: RawConfig): RelaisConfig {
  const present = Object.fromEntries(
    Object.entries(raw).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = rawConfigSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid Relais deployment settings:\n${problems.join('\n')}`);
  }
  const { stage, account, region, staffIssuer, staffAudience, staffJwksUrl, mailFrom } = parsed.data;
  const domain = /@([^>\s]+)>?$/.exec(mailFrom)![1]!.toLowerCase();
  return {
    stage,
    sender: { mailFrom, domain, createIdentity: parsed.data.senderIdentity === 'create' },
    throttle: {
      rateLimit: parsed.data.apiRateLimit,
      burstLimit: parsed.data.apiBurstLimit,
      routes: Object.fromEntries(
        THROTTLED_ROUTE_GROUPS.map((group) => [
          group,
          { rateLimit: parsed.data[`${group}RateLimit`], burstLimit: parsed.data[`${group}BurstLimit`] },
        ]),
      ) as Record<ThrottledRouteGroup, RateLimit>,
    },
    mail: {
      sendRate: parsed.data.sesSendRate,
      notifyConcurrency: notifyConcurrencyFor(parsed.data.sesSendRate),
    },
    ...(parsed.data.domainName !== undefined
      ? {
          customDomain: {
            domainName: parsed.data.domainName,
            ...(parsed.data.certificateArn !== undefined
              ? { certificateArn: parsed.data.certificateArn }
              : {}),
          },
        }
      : {}),
    // Links in emails follow the custom domain unless told otherwise.
    ...(parsed.data.publicBaseUrl !== undefined
      ? { publicBaseUrl: parsed.data.publicBaseUrl }
      : parsed.data.domainName !== undefined
        ? { publicBaseUrl: `https://${parsed.data.domainName}` }
        : {}),
    ...(parsed.data.alarmEmail !== undefined ? { alarmEmail: parsed.data.alarmEmail } : {}),
    ...(parsed.data.staffSignInDomainPrefix !== undefined
      ? { staffSignInDomainPrefix: parsed.data.staffSignInDomainPrefix }
      : {}),
    ...(account !== undefined || region !== undefined ? { env: { account, region } } : {}),
    ...(staffIssuer !== undefined && staffAudience !== undefined && staffJwksUrl !== undefined
      ? {
          staffAuth: {
            issuer: staffIssuer,
            audience: staffAudience,
            jwksUrl: staffJwksUrl,
            // The provider's client is the audience; its callback and sign-out URLs are registered there.
            ...(parsed.data.publicBaseUrl !== undefined
              ? { signIn: { clientId: staffAudience, ...signInUrls(parsed.data.publicBaseUrl) } }
              : {}),
          },
        }
      : {}),
  };
}
