/**
 * The JSON logger: one object per line (`timestamp`, `level`, `message`, then the fields), redacting by
 * construction so that a careless call cannot put a person's data or a credential in the logs:
 * - fields whose key, at any depth, names sensitive content are dropped (see {@link REDACTED_KEYS});
 * - strings anywhere (the message included) have JWT-looking values, email addresses and the token of
 *   specialist link paths (`/o/<token>`) masked;
 * - errors are logged by name only: a message or stack may quote input.
 */
import type { Logger } from '../ports/logger.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const LEVEL_ORDER: Readonly<Record<LogLevel, number>> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
  silent: 99,
};

/**
 * Keys whose values never reach a log line, compared case-insensitively with `-` and `_` ignored
 * (`Authorization`, `x_token` and `linkToken` are all caught: anything ending in `token`, `password`,
 * `secret` or `email` is dropped too).
 */
export const REDACTED_KEYS: ReadonlySet<string> = new Set([
  'authorization',
  'cookie',
  'setcookie',
  'token',
  'pseudonym',
  'reason',
  'note',
  'question',
  'answer',
  'advice',
  'email',
  'to',
  'password',
  'body',
]);
const REDACTED_SUFFIXES = ['token', 'password', 'secret', 'email'] as const;

const normaliseKey = (key: string): string => key.toLowerCase().replace(/[-_\s]/g, '');

/** Whether a field with this key is dropped from logs. */
export const isRedactedKey = (key: string): boolean => {
  const k = normaliseKey(key);
  return REDACTED_KEYS.has(k) || REDACTED_SUFFIXES.some((s) => k.endsWith(s));
};

// A JWS/JWE compact serialisation starts with a base64url JSON header: `eyJ`.
const JWT_LIKE = /eyJ[A-Za-z0-9_-]{2,}(?:\.[A-Za-z0-9_-]*){0,4}/g;
const EMAIL_LIKE = /[^\s@<>()[\]{},;:"']+@[^\s@<>()[\]{},;:"']+\.[^\s@<>()[\]{},;:"']+/g;
// A route pattern (`/o/:token`) is kept; a concrete link path has its token masked.
const LINK_PATH = /\/o\/(?!:)[^/\s?#"']+/g;

/** Masks JWT-looking values, email addresses and link-path tokens in a string. */
export const maskString = (s: string): string =>
  s.replace(JWT_LIKE, '[jwt]').replace(EMAIL_LIKE, '[email]').replace(LINK_PATH, '/o/[token]');

const MAX_DEPTH = 8;

/**
 * A redacted deep copy of a value, safe to serialise: sensitive keys dropped, strings masked, errors
 * reduced to their name, cycles and excessive depth cut, non-JSON values made JSON.
 */
export const redact = (value: unknown): unknown => redactAt(value, 0, new WeakSet());

const redactAt = (value: unknown, depth: number, seen: WeakSet<object>): unknown => {
  switch (typeof value) {
    case 'string':
      return maskString(value);
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return null;
  const obj = value as object;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Error) return { name: value.name || 'Error' };
  if (seen.has(obj)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[truncated]';
  seen.add(obj);
  try {
    if (Array.isArray(value)) return value.map((v) => redactAt(v, depth + 1, seen) ?? null);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      if (isRedactedKey(k)) continue;
      const r = redactAt(v, depth + 1, seen);
      if (r !== undefined) out[maskString(k)] = r;
    }
    return out;
  } finally {
    seen.delete(obj);
  }
};

export interface JsonLoggerOptions {
  /** The lowest level written; `silent` writes nothing. */
  readonly level: LogLevel;
  /** Receives each line without its newline. Defaults to stdout (one line per write, as CloudWatch wants). */
  readonly sink?: (line: string) => void;
  /** Fields on every line (e.g. `service`). Redacted like any other. */
  readonly base?: Record<string, unknown>;
  /** For tests; defaults to the real time. */
  readonly now?: () => Date;
}

const RESERVED = new Set(['timestamp', 'level', 'message']);

const defaultSink = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** A {@link Logger} writing redacted JSON lines. */
export const createJsonLogger = (options: JsonLoggerOptions): Logger => {
  const sink = options.sink ?? defaultSink;
  const now = options.now ?? (() => new Date());
  const threshold = LEVEL_ORDER[options.level];
  const make = (bound: Record<string, unknown>): Logger => {
    const write = (level: Exclude<LogLevel, 'silent'>, message: string, fields?: Record<string, unknown>) => {
      if (LEVEL_ORDER[level] < threshold) return;
      const merged = redact({ ...bound, ...fields }) as Record<string, unknown>;
      const line: Record<string, unknown> = {
        timestamp: now().toISOString(),
        level,
        message: maskString(message),
      };
      for (const [k, v] of Object.entries(merged)) if (!RESERVED.has(k)) line[k] = v;
      let text: string;
      try {
        text = JSON.stringify(line);
      } catch {
        text = JSON.stringify({ timestamp: line.timestamp, level, message: line.message });
      }
      try {
        sink(text);
      } catch {
        // A failing sink must never fail the request that logs.
      }
    };
    return {
      debug: (m, f) => write('debug', m, f),
      info: (m, f) => write('info', m, f),
      warn: (m, f) => write('warn', m, f),
      error: (m, f) => write('error', m, f),
      child: (fields) => make({ ...bound, ...fields }),
    };
  };
  return make({ ...options.base });
};
