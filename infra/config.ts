import { z } from 'zod';

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
   * Staff token verification.
   * @default - none: the api function has no issuer to trust
   */
  readonly staffAuth?: StaffAuthConfig;
}

const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https URL' });

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
  const { stage, account, region, staffIssuer, staffAudience, staffJwksUrl } = parsed.data;
  return {
    stage,
    ...(account !== undefined || region !== undefined ? { env: { account, region } } : {}),
    ...(staffIssuer !== undefined && staffAudience !== undefined && staffJwksUrl !== undefined
      ? { staffAuth: { issuer: staffIssuer, audience: staffAudience, jwksUrl: staffJwksUrl } }
      : {}),
  };
}
