import * as z from 'zod/mini';

/**
 * The one-machine runtime's configuration, read from the environment once (fail fast, with every
 * problem named). `npm start` and `npm run token` both read it, so they agree on the data folder.
 */

/** An unset variable and an empty one mean the same: the default applies. */
const unsetIfEmpty = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** `schema` applied to the value once `prepare` has normalised it (zod/mini's spelling of preprocess). */
const preprocess = <S extends z.core.$ZodType>(prepare: (value: unknown) => unknown, schema: S) =>
  z.pipe(z.transform(prepare), schema);

const port = (name: string) =>
  preprocess(
    unsetIfEmpty,
    z.optional(
      z.coerce
        .number({ error: `${name} must be a port number` })
        .check(
          z.int(`${name} must be a whole number`),
          z.gte(1, `${name} must be between 1 and 65535`),
          z.lte(65535, `${name} must be between 1 and 65535`),
        ),
    ),
  );

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const envSchema = z.object({
  PORT: port('PORT'),
  RELAIS_DATA_DIR: preprocess(unsetIfEmpty, z._default(z.string(), '.data')),
  DYNAMODB_PORT: port('DYNAMODB_PORT'),
  LOG_LEVEL: preprocess(
    (v: unknown) => (typeof v === 'string' ? unsetIfEmpty(v.toLowerCase()) : v),
    z._default(z.enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }), 'info'),
  ),
  RELAIS_PUBLIC_URL: preprocess(
    unsetIfEmpty,
    z.optional(
      z.pipe(
        z.url({ protocol: /^https?$/, error: 'RELAIS_PUBLIC_URL must be an http(s) URL' }),
        z.transform((u) => u.replace(/\/+$/, '')),
      ),
    ),
  ),
  RELAIS_TABLE_NAME: preprocess(
    unsetIfEmpty,
    z._default(
      z
        .string()
        .check(
          z.regex(
            /^[A-Za-z0-9_.-]{3,255}$/,
            'RELAIS_TABLE_NAME must be 3 to 255 letters, digits, underscores, dots or dashes',
          ),
        ),
      'relais',
    ),
  ),
});

export interface LocalConfig {
  /** Port of the HTTP server, on 127.0.0.1. */
  readonly port: number;
  /** Folder holding DynamoDB Local's files, the outbox, the keys and the clock. */
  readonly dataDir: string;
  /** DynamoDB Local's port; a free one is picked when unset. */
  readonly dynamodbPort?: number;
  readonly logLevel: LogLevel;
  /** Base URL that links in emails point to. */
  readonly publicUrl: string;
  readonly tableName: string;
}

/** Bad configuration: the message lists each variable at fault, for people. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the configuration from an environment (process.env by default); throws ConfigError. */
export function loadConfig(env: Record<string, string | undefined> = process.env): LocalConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`),
    );
  }
  const e = parsed.data;
  const httpPort = e.PORT ?? 3000;
  return {
    port: httpPort,
    dataDir: e.RELAIS_DATA_DIR,
    ...(e.DYNAMODB_PORT === undefined ? {} : { dynamodbPort: e.DYNAMODB_PORT }),
    logLevel: e.LOG_LEVEL,
    publicUrl: e.RELAIS_PUBLIC_URL ?? `http://127.0.0.1:${httpPort}`,
    tableName: e.RELAIS_TABLE_NAME,
  };
}
