import * as z from 'zod/mini';

/**
 * The deployed functions' configuration, parsed once at cold start: a missing or malformed variable
 * stops the container at once with the variable's name, instead of failing a request later.
 *
 * Only configuration lives here. Secrets and trust settings (the link-signing keys, the staff-token
 * issuer) are read from Secrets Manager at cold start: the environment names the secret, never its
 * content. Each function is given only the variables (and the grants) it needs; lambda-deps.ts fills a
 * refusing stand-in for what a function was not given.
 */
const lambdaEnv = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  /** Base URL of the links in emails (the notify function's; a custom domain, or the API's own URL). */
  PUBLIC_BASE_URL: z.optional(z.url()),
  /**
   * Secrets Manager secret with the staff-token settings, `{ issuer, audience, jwksUrl, algorithms? }`
   * (the api function's: it verifies staff bearer tokens).
   */
  STAFF_AUTH_SECRET_ID: z.optional(z.string().check(z.minLength(1))),
  /**
   * `oidc` when the staff pages sign in with the provider (the api function's; the settings are the
   * staff-auth secret's `signIn`).
   */
  STAFF_SIGN_IN: z.optional(z.literal('oidc')),
  /** The Cognito user pool admins invite staff into (the api function's). */
  STAFF_USER_POOL_ID: z.optional(z.string().check(z.regex(/^[\w-]+_[0-9a-zA-Z]+$/))),
  /** Secrets Manager secret holding the link-signing keys (the links and notify functions'). */
  LINK_KEYS_SECRET_ID: z.optional(z.string().check(z.minLength(1))),
  /**
   * The KMS key that wraps the organisations' data keys (envelope encryption of the pseudonym and free
   * text): every function that reads or writes referrals. A function without it refuses to.
   */
  KMS_KEY_ID: z.optional(z.string().check(z.minLength(1))),
  /** SES sender identity, `address` or `Name <address>` (the notify function's). */
  MAIL_FROM: z._default(z.string().check(z.minLength(3)), 'relais@example.org'),
  SES_CONFIGURATION_SET: z.optional(z.string()),
  /** The bus events are put on (the publisher's, which refuses to start without it). */
  EVENT_BUS_NAME: z.optional(z.string().check(z.minLength(1))),
  /** The publisher's DLQ, where it notes the records it gives up on (replayable: infra/tools/redrive). */
  DEAD_LETTER_QUEUE_URL: z.optional(z.string().check(z.minLength(1))),
  LOG_LEVEL: z._default(z.enum(['debug', 'info', 'warn', 'error']), 'info'),
});
export type LambdaEnv = z.infer<typeof lambdaEnv>;

/**
 * The configuration, with the variables `required` names (a function's own, optional for the others:
 * the publisher's bus, the notify function's base URL) present. Every variable missing or malformed is
 * named in one error.
 */
export function parseLambdaEnv<K extends keyof LambdaEnv = never>(
  env: NodeJS.ProcessEnv,
  required: readonly K[] = [],
): LambdaEnv & Required<Pick<LambdaEnv, K>> {
  const parsed = lambdaEnv.safeParse(env);
  const names = parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
  for (const name of required) {
    if ((parsed.success ? parsed.data[name] : env[name]) === undefined && !names.includes(name))
      names.push(name);
  }
  if (!parsed.success || names.length > 0) throw new Error(`Invalid configuration: ${names.join(', ')}`);
  return parsed.data as LambdaEnv & Required<Pick<LambdaEnv, K>>;
}
