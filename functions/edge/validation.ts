/**
 * Parsing requests at the edge: bodies and query strings through strict zod schemas.
 *
 * Convention: the readers THROW an {@link HttpProblemError} (rendered by `app.onError(problemOnError)`)
 * and return the parsed value, so a handler reads `const body = await readJson(c, schema)` and never
 * branches on failure.
 *
 * - 415 for a content type other than the one accepted (`application/json`, optional charset; forms:
 *   `application/x-www-form-urlencoded`);
 * - 413 for bodies over 64 KB: the declared `Content-Length` is checked first, then the bytes actually
 *   read are counted (a chunked body declares no length) and reading stops at the limit;
 * - 400 `malformed` for bytes that are not UTF-8 JSON;
 * - 400 `validation` with `errors: [{ path: 'need.specialty', message }]` for a value the schema refuses.
 *   Schemas use `z.strictObject` at every depth, so an unknown key is refused too. The messages are our
 *   own, built from the issue code and the schema (a length, an enum's options), never from the value
 *   received: zod's own messages may quote input.
 */
import type { Context } from 'hono';
import * as z from 'zod/mini';
import type { RefusalReason } from '../../domain/errors.ts';
import { findContactData } from '../../domain/privacy/contact-guard.ts';
import { HttpProblemError, PROBLEM_TYPES, type ProblemFieldError } from './problem.ts';

/** The largest body read: 64 KB. */
export const MAX_BODY_BYTES = 64 * 1024;
/** At most this many field errors are returned. */
const MAX_ERRORS = 50;

export interface ReadOptions {
  /** @default MAX_BODY_BYTES */
  readonly maxBytes?: number;
  /**
   * Treat a request without a body (no bytes, whatever its content type) as `{}`: for actions whose body
   * is optional, such as `POST /v1/referrals/{id}/offers`.
   */
  readonly allowEmpty?: boolean;
  /**
   * Told the body as decoded, before it is parsed: a form shown again after a refusal keeps what was
   * typed (the specialist link pages).
   */
  readonly onInput?: (input: unknown) => void;
}

// ── content types ──────────────────────────────────────────────────────────────────────────────────

const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;
const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

const isJson = (contentType: string | undefined) =>
  contentType !== undefined && JSON_TYPE.test(contentType.trim());
const isForm = (contentType: string | undefined) =>
  contentType !== undefined && FORM_TYPE.test(contentType.trim());

const unsupported = (accepted: string): HttpProblemError =>
  new HttpProblemError(415, {
    title: 'Unsupported media type',
    detail: `The body must be sent as ${accepted}.`,
    headers: { accept: accepted },
  });

const malformed = (detail: string): HttpProblemError =>
  new HttpProblemError(400, { type: PROBLEM_TYPES.malformed, title: 'Malformed request', detail });

// ── body bytes ─────────────────────────────────────────────────────────────────────────────────────

const tooLarge = (max: number): HttpProblemError =>
  new HttpProblemError(413, {
    title: 'Request too large',
    detail: `The body must not exceed ${Math.floor(max / 1024)} KB.`,
  });

/** Reads the body as UTF-8 text, refusing more than `max` bytes whether declared or not. */
const readText = async (c: Context, max: number): Promise<string> => {
  const declared = c.req.header('content-length');
  if (declared !== undefined) {
    if (!/^\d+$/.test(declared.trim())) throw malformed('The Content-Length header is not a number.');
    if (Number(declared) > max) throw tooLarge(max);
  }
  const raw = c.req.raw;
  let bytes: Uint8Array;
  if (raw.bodyUsed || raw.body === null) {
    // Already read by someone (hono caches it), or no body at all.
    bytes = raw.body === null && !raw.bodyUsed ? new Uint8Array() : new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength > max) throw tooLarge(max);
  } else {
    bytes = await readCapped(raw.body, max);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw malformed('The body is not valid UTF-8.');
  }
};

const readCapped = async (body: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array> => {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(max);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
};

// ── parsing ────────────────────────────────────────────────────────────────────────────────────────

const parseJsonText = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    throw malformed('The body is not valid JSON.');
  }
};

/**
 * A form as a plain object: one value per key as a string, repeated keys as an array of strings; blank
 * fields (`place=`) are treated as absent, as an HTML form sends every input whether filled or not.
 */
export const formToObject = (text: string): Record<string, string | string[]> => {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [key, value] of new URLSearchParams(text)) {
    if (value.trim() === '') continue;
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return { ...out };
};

/**
 * Parses `input` with `schema`; a refusal is a 400 validation problem naming each field at fault. Text
 * that is not text is refused in every field, whatever its schema ({@link unreadableText}).
 */
export const parseWith = <S extends z.core.$ZodType>(schema: S, input: unknown): z.output<S> => {
  // Our error map ranks below messages written in the schemas, above zod's defaults (which may quote input).
  const result = z.safeParse(schema, input, { error: safeMessage });
  const unreadable = unreadableText(input);
  if (result.success && unreadable.length === 0) return result.data;
  throw new HttpProblemError(400, {
    type: PROBLEM_TYPES.validation,
    title: 'Invalid request',
    detail: 'Some fields are not valid.',
    errors: issuesToErrors([...unreadable, ...(result.success ? [] : result.error.issues)]),
  });
};

/** A half of a UTF-16 surrogate pair standing alone: not a character (it is stored as U+FFFD). */
const LONE_SURROGATE = /\p{Cs}/u;
/** Control characters (NUL, ESC, C1…): none belongs in a field; tab and line breaks do, in free text. */
const CONTROL = /[^\P{Cc}\t\n\r]/u;

/**
 * The strings of `input`, at any depth, that are not text a person could have typed: a lone surrogate
 * (accepted, it would come back from the table as U+FFFD: an answer that differs from what is stored)
 * or a control character (NUL, or an ESC sequence that a CSV export would hand to a terminal). Walked
 * without recursion: a body is at most 64 KB, but may nest thousands deep.
 */
function unreadableText(input: unknown): z.core.$ZodIssue[] {
  // Each value keeps its parent rather than a copy of its path: a path is built only for a refusal, so
  // a body nested thousands deep costs its size, not its depth squared.
  interface At {
    readonly value: unknown;
    readonly key?: PropertyKey;
    readonly parent?: At;
  }
  const pathOfAt = (at: At): PropertyKey[] => {
    const path: PropertyKey[] = [];
    for (let a: At | undefined = at; a?.parent; a = a.parent) path.push(a.key!);
    return path.reverse();
  };
  const issues: z.core.$ZodIssue[] = [];
  const stack: At[] = [{ value: input }];
  while (stack.length > 0 && issues.length < MAX_ERRORS) {
    const at = stack.pop()!;
    const { value } = at;
    if (typeof value === 'string') {
      const message = LONE_SURROGATE.test(value)
        ? 'must be well-formed text (it holds half of a surrogate pair)'
        : CONTROL.test(value)
          ? 'must not contain control characters'
          : undefined;
      if (message) issues.push({ code: 'custom', path: pathOfAt(at), message, input: undefined });
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) stack.push({ value: value[i], key: i, parent: at });
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) stack.push({ value: v, key: k, parent: at });
    }
  }
  return issues;
}

/** One body format: how its content type is recognised, its name for the 415, and how text decodes. */
interface BodyFormat {
  readonly accepts: (contentType: string | undefined) => boolean;
  readonly mediaType: string;
  readonly decode: (text: string) => unknown;
}

const JSON_BODY: BodyFormat = { accepts: isJson, mediaType: 'application/json', decode: parseJsonText };
const FORM_BODY: BodyFormat = {
  accepts: isForm,
  mediaType: 'application/x-www-form-urlencoded',
  decode: formToObject,
};

/** Reads a body of one format (415 / 413 / 400 as in the file header) and parses it strictly. */
const readBody = async <S extends z.core.$ZodType>(
  c: Context,
  schema: S,
  format: BodyFormat,
  options: ReadOptions,
): Promise<z.output<S>> => {
  const max = options.maxBytes ?? MAX_BODY_BYTES;
  if (!format.accepts(c.req.header('content-type'))) {
    if (options.allowEmpty && (await hasNoBody(c, max))) return parseWith(schema, {});
    throw unsupported(format.mediaType);
  }
  const text = await readText(c, max);
  if (options.allowEmpty && text.trim() === '') return parseWith(schema, {});
  const input = format.decode(text);
  options.onInput?.(input);
  return parseWith(schema, input);
};

/** Reads a JSON body and parses it strictly. */
export const readJson = <S extends z.core.$ZodType>(c: Context, schema: S, options: ReadOptions = {}) =>
  readBody(c, schema, JSON_BODY, options);

/** Reads an `application/x-www-form-urlencoded` body (see {@link formToObject}) and parses it strictly. */
export const readForm = <S extends z.core.$ZodType>(c: Context, schema: S, options: ReadOptions = {}) =>
  readBody(c, schema, FORM_BODY, options);

/**
 * Reads JSON or a form, by content type, for the routes that serve both scripts and HTML forms (the
 * specialist links). The schema must accept the form's strings too (see {@link formBoolean}).
 */
export const readJsonOrForm = async <S extends z.core.$ZodType>(
  c: Context,
  schema: S,
  options: ReadOptions = {},
): Promise<z.output<S>> => {
  const contentType = c.req.header('content-type');
  if (isForm(contentType)) return readForm(c, schema, options);
  if (isJson(contentType)) return readJson(c, schema, options);
  if (options.allowEmpty && (await hasNoBody(c, options.maxBytes ?? MAX_BODY_BYTES))) {
    return parseWith(schema, {});
  }
  throw unsupported('application/json or application/x-www-form-urlencoded');
};

const hasNoBody = async (c: Context, max: number): Promise<boolean> => {
  const declared = c.req.header('content-length');
  if (declared !== undefined && declared.trim() !== '0') return false;
  if (c.req.raw.body === null) return true;
  return (await readText(c, max)).length === 0;
};

/**
 * Parses the query string strictly: each parameter as a string, a repeated one as an array of strings
 * (use `z.coerce` for numbers). Unknown parameters are a 400 like unknown body keys.
 */
export const queryOf = <S extends z.core.$ZodType>(c: Context, schema: S): z.output<S> => {
  const input: Record<string, string | string[]> = {};
  for (const [key, values] of Object.entries(c.req.queries())) {
    input[key] = values.length === 1 ? values[0]! : values;
  }
  return parseWith(schema, input);
};

// ── reusable field schemas ─────────────────────────────────────────────────────────────────────────

/**
 * Free text written by staff or specialists (a reason, a note, a question): trimmed, 1..max characters,
 * and refused when it looks like contact or identity data (an email address, a phone number, an
 * identity number, an IBAN): the message names the kind found, never the value.
 */
export const freeText = ({ max }: { readonly max: number }) =>
  z.string().check(z.trim(), z.minLength(1), z.maxLength(max), noContactData());

/**
 * The check that a text holds no contact or identity data (domain/privacy/contact-guard.ts): free text,
 * and the pseudonym a person is known by (a phone number is no pseudonym). The message names the kind
 * found, never the value.
 */
/** The reason a check of ours gave its issue (`params.reason`), for the pages' words. */
const reasonOf = (issue: z.core.$ZodIssue): RefusalReason | undefined =>
  issue.code === 'custom' ? (issue.params?.['reason'] as RefusalReason | undefined) : undefined;

export const noContactData = () =>
  z.superRefine((value: string, ctx) => {
    const kind = findContactData(value);
    if (kind !== null) {
      ctx.addIssue({
        code: 'custom',
        message: `must not contain contact or identity data (${kind})`,
        params: { reason: 'contact_data' satisfies RefusalReason },
      });
    }
  });

/**
 * An instant on the way in: ISO 8601 with an offset (`Z` or `+01:00`), given back in UTC exactly as
 * `new Date().toISOString()` writes every instant Relais stores (`2027-03-01T13:00:00.000Z`). One format
 * means stored instants compare as strings, so lists and index keys ordered by time are right whatever
 * offset a client sent. `overwrite` rewrites the value without changing its type, so the OpenAPI
 * document still shows a plain `date-time` string.
 */
export const instant = z.iso.datetime({ offset: true }).check(z.overwrite(toUtc));

/**
 * zod runs `overwrite` even after the format check failed (checks do not abort), so a value that is not
 * an instant is left as it is for the format issue to report, never turned into a RangeError (a 500).
 */
function toUtc(value: string): string {
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : new Date(t).toISOString();
}

/** A boolean that also accepts an HTML form's `true`/`false`/`on` (a checkbox). */
export const formBoolean = () =>
  z.union([
    z.boolean(),
    z.pipe(
      z.enum(['true', 'false', 'on']),
      z.transform((v) => v !== 'false'),
    ),
  ]);

// ── zod issues to field errors, without echoing input ──────────────────────────────────────────────

const SAFE_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;

/** The dotted path of an issue: `need.specialty`, `languages.1`; the body itself is ``. */
export const pathOf = (path: readonly PropertyKey[]): string => path.map((p) => String(p)).join('.');

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  bigint: 'an integer',
  object: 'an object',
  array: 'an array',
  date: 'a date',
  null: 'null',
  record: 'an object',
  tuple: 'an array',
};

const FORMAT_MESSAGES: Readonly<Record<string, string>> = {
  email: 'must be an email address',
  url: 'must be a URL',
  uuid: 'must be a UUID',
  datetime: 'must be an ISO 8601 date and time with offset, e.g. 2025-03-01T09:30:00Z',
  date: 'must be a date as YYYY-MM-DD',
  time: 'must be a time as HH:MM[:SS]',
  duration: 'must be an ISO 8601 duration, e.g. PT48H',
};

const describeValue = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)));

const sizeMessage = (
  issue: z.core.$ZodRawIssue<z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig>,
  small: boolean,
): string => {
  const bound = Number('minimum' in issue ? issue.minimum : issue.maximum);
  const inclusive = issue.inclusive !== false;
  const word = small ? 'least' : 'most';
  switch (issue.origin) {
    case 'string':
      if (small && bound === 1) return 'must not be empty';
      return `must have at ${word} ${bound} characters`;
    case 'array':
    case 'set':
      if (small && bound === 1) return 'must have at least one item';
      return `must have at ${word} ${bound} items`;
    case 'number':
    case 'int':
    case 'bigint':
      if (inclusive) return `must be at ${word} ${bound}`;
      return `must be ${small ? 'greater' : 'less'} than ${bound}`;
    case 'date':
      return small ? 'is too early' : 'is too late';
    default:
      return small ? 'is too small' : 'is too large';
  }
};

/**
 * A zod error map giving a short message from the issue's code and the schema only: never the value
 * (which it sees only to tell a missing field from a wrong one). Messages written in a schema
 * (`.regex(re, 'must be …')`, `ctx.addIssue({ message })`) outrank it.
 */
export const safeMessage = (issue: z.core.$ZodRawIssue): string => {
  const missing = issue.input === undefined;
  switch (issue.code) {
    case 'invalid_type':
      if (missing) return 'is required';
      return `must be ${TYPE_NAMES[issue.expected] ?? `of type ${issue.expected}`}`;
    case 'too_small':
      return sizeMessage(issue, true);
    case 'too_big':
      return sizeMessage(issue, false);
    case 'invalid_format':
      return FORMAT_MESSAGES[issue.format] ?? 'has an invalid format';
    case 'not_multiple_of':
      return `must be a multiple of ${Number(issue.divisor)}`;
    case 'invalid_value': {
      if (missing) return 'is required';
      const values = issue.values;
      if (values.length === 1) return `must be ${describeValue(values[0])}`;
      if (values.length <= 25) return `must be one of: ${values.map(describeValue).join(', ')}`;
      return 'is not one of the allowed values';
    }
    case 'invalid_union':
      return missing ? 'is required' : 'does not match any allowed form';
    case 'invalid_key':
      return 'has an invalid key';
    case 'invalid_element':
      return 'has an invalid element';
    case 'unrecognized_keys':
      return 'has a field that is not allowed';
    default:
      return 'is invalid';
  }
};

/**
 * Field errors for zod issues parsed with {@link safeMessage}: an unknown key is named in the path only
 * when it looks like a field name (a key may itself be data: `{"jane@x.org": 1}` is reported at its
 * parent).
 */
export const issuesToErrors = (issues: readonly z.core.$ZodIssue[]): ProblemFieldError[] => {
  const out: ProblemFieldError[] = [];
  const seen = new Set<string>();
  const push = (path: string, message: string, reason?: RefusalReason) => {
    const key = `${path}\u0000${message}`;
    if (seen.has(key) || out.length >= MAX_ERRORS) return;
    seen.add(key);
    out.push(reason === undefined ? { path, message } : { path, message, reason });
  };
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        if (SAFE_KEY.test(key)) push(pathOf([...issue.path, key]), 'is not an allowed field');
        else push(pathOf(issue.path), 'has a field that is not allowed');
      }
    } else {
      push(pathOf(issue.path), issue.message, reasonOf(issue));
    }
  }
  return out;
};
