import * as z from 'zod';

/**
 * The deployed functions' configuration, parsed once at cold start: a missing or malformed variable
 * stops the container at once with the variable's name, instead of failing a request later.
 */
const lambdaEnv = z.object({
  TABLE_NAME: z.string().min(1),
  PUBLIC_BASE_URL: z.url(),
  /** Staff tokens: the OIDC issuer (Cognito user pool or another provider) and its JWKS. */
  STAFF_ISSUER: z.string().min(1),
  STAFF_AUDIENCE: z.string().min(1),
  STAFF_JWKS_URL: z.url(),
  STAFF_ALGORITHMS: z.string().default('RS256'),
  /** Secrets Manager secret holding the link-signing keys (never the keys themselves). */
  LINK_KEYS_SECRET_ID: z.string().min(1),
  MAIL_FROM: z.string().min(3).default('relais@example.org'),
  SES_CONFIGURATION_SET: z.string().optional(),
  EVENT_BUS_NAME: z.string().optional(),
  OFFERS_AT_ONCE: z.coerce.number().int().min(1).max(10).default(2),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});
export type LambdaEnv = z.infer<typeof lambdaEnv>;

export function parseLambdaEnv(env: NodeJS.ProcessEnv): LambdaEnv {
  const parsed = lambdaEnv.safeParse(env);
  if (!parsed.success) {
    const names = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`Invalid configuration: ${names}`);
  }
  return parsed.data;
}
