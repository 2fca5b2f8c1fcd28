/**
 * RFC 9457 problem details: the one place where errors become HTTP.
 *
 * Problem `type`s are URNs under {@link PROBLEM_TYPE_BASE} (`urn:relais:problem:<slug>`). They are stable
 * identifiers clients may switch on; they are not meant to be dereferenced (we own no public host to
 * document them on, and a URN does not pretend otherwise). The slugs are listed in {@link PROBLEM_TYPES}.
 *
 * Nothing under a 500 tells why: unknown errors become a generic 500 whose log line carries the error's
 * name and the request id only (a message or stack may quote input, i.e. a person's data).
 *
 * Routes and middleware either return `problem(...)` or throw an `HttpProblemError` / `DomainError` /
 * `UnauthorizedError`; `app.onError(problemOnError)` renders whatever was thrown.
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { DomainError, type DomainErrorKind, type RefusalReason } from '../../domain/errors.ts';
import type { Logger } from '../ports/logger.ts';

/** The prefix of every problem `type` this service emits. */
export const PROBLEM_TYPE_BASE = 'urn:relais:problem:';

/** Stable problem types, by slug. */
export const PROBLEM_TYPES = {
  validation: `${PROBLEM_TYPE_BASE}validation`,
  malformed: `${PROBLEM_TYPE_BASE}malformed`,
  unauthorized: `${PROBLEM_TYPE_BASE}unauthorized`,
  forbidden: `${PROBLEM_TYPE_BASE}forbidden`,
  notFound: `${PROBLEM_TYPE_BASE}not-found`,
  methodNotAllowed: `${PROBLEM_TYPE_BASE}method-not-allowed`,
  conflict: `${PROBLEM_TYPE_BASE}conflict`,
  taken: `${PROBLEM_TYPE_BASE}taken`,
  gone: `${PROBLEM_TYPE_BASE}gone`,
  tooLarge: `${PROBLEM_TYPE_BASE}too-large`,
  unsupportedMediaType: `${PROBLEM_TYPE_BASE}unsupported-media-type`,
  invalidState: `${PROBLEM_TYPE_BASE}invalid-state`,
  throttled: `${PROBLEM_TYPE_BASE}throttled`,
  internal: `${PROBLEM_TYPE_BASE}internal`,
} as const;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * One field at fault: a dotted path into the input (`need.specialty`, `languages.1`) and why. `reason`
 * is for the pages' words (domain/errors.ts RefusalReason) and is never sent: the JSON answer is the
 * path and the message (API.md).
 */
export interface ProblemFieldError {
  readonly path: string;
  readonly message: string;
  readonly reason?: RefusalReason;
}

export interface ProblemInit {
  readonly title: string;
  /** A short sentence for people; never quotes input back. */
  readonly detail?: string;
  readonly errors?: readonly ProblemFieldError[];
  /** Defaults to the type registered for the status, else `about:blank`. */
  readonly type?: string;
  /** Extra response headers (e.g. `WWW-Authenticate`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Echoed as the `requestId` extension member so people can quote it to support. */
  readonly requestId?: string;
}

/** The JSON body of a problem response. */
export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly errors?: readonly ProblemFieldError[];
  readonly requestId?: string;
}

const DEFAULT_TYPE_BY_STATUS: Readonly<Record<number, string>> = {
  400: PROBLEM_TYPES.validation,
  401: PROBLEM_TYPES.unauthorized,
  403: PROBLEM_TYPES.forbidden,
  404: PROBLEM_TYPES.notFound,
  405: PROBLEM_TYPES.methodNotAllowed,
  409: PROBLEM_TYPES.conflict,
  410: PROBLEM_TYPES.gone,
  413: PROBLEM_TYPES.tooLarge,
  415: PROBLEM_TYPES.unsupportedMediaType,
  422: PROBLEM_TYPES.invalidState,
  429: PROBLEM_TYPES.throttled,
  500: PROBLEM_TYPES.internal,
};

const DEFAULT_TITLE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Request too large',
  415: 'Unsupported media type',
  422: 'Not allowed in this state',
  429: 'Too many requests',
  500: 'Internal server error',
};

/** The `WWW-Authenticate` challenge sent with every 401 (RFC 6750). */
export const BEARER_CHALLENGE = 'Bearer realm="relais"';

/** Builds the problem body; exported for tests and for handlers that embed problems elsewhere. */
export const problemBody = (status: number, init: ProblemInit): ProblemBody => ({
  type: init.type ?? DEFAULT_TYPE_BY_STATUS[status] ?? 'about:blank',
  title: init.title,
  status,
  ...(init.detail === undefined ? {} : { detail: init.detail }),
  ...(init.errors === undefined
    ? {}
    : { errors: init.errors.map(({ path, message }) => ({ path, message })) }),
  ...(init.requestId === undefined ? {} : { requestId: init.requestId }),
});

/** An RFC 9457 response: `application/problem+json`, never cached. */
export const problem = (status: number, init: ProblemInit): Response => {
  const headers = new Headers(init.headers);
  headers.set('content-type', PROBLEM_CONTENT_TYPE);
  headers.set('cache-control', 'no-store');
  if (status === 401 && !headers.has('www-authenticate')) headers.set('www-authenticate', BEARER_CHALLENGE);
  return new Response(JSON.stringify(problemBody(status, init)), { status, headers });
};

/** A problem thrown from the edge (validation, content negotiation); rendered by {@link errorToProblem}. */
export class HttpProblemError extends Error {
  readonly status: number;
  readonly init: ProblemInit;
  constructor(status: number, init: ProblemInit) {
    super(init.title);
    this.name = 'HttpProblemError';
    this.status = status;
    this.init = init;
  }
}

/**
 * No credentials, or credentials that are not valid. Deliberately carries no reason: the client learns
 * nothing about why (expired, wrong issuer, bad signature all look the same). The original failure is
 * kept as `cause` for debugging in process only; it is never rendered or logged.
 */
export class UnauthorizedError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('unauthorized', options);
    this.name = 'UnauthorizedError';
  }
}

const DOMAIN_STATUS: Readonly<Record<DomainErrorKind, { status: number; type: string; title: string }>> = {
  not_found: { status: 404, type: PROBLEM_TYPES.notFound, title: 'Not found' },
  forbidden: { status: 403, type: PROBLEM_TYPES.forbidden, title: 'Forbidden' },
  conflict: { status: 409, type: PROBLEM_TYPES.conflict, title: 'Conflict' },
  taken: { status: 409, type: PROBLEM_TYPES.taken, title: 'Already taken' },
  gone: { status: 410, type: PROBLEM_TYPES.gone, title: 'Gone' },
  invalid_state: { status: 422, type: PROBLEM_TYPES.invalidState, title: 'Not allowed in this state' },
  invalid_input: { status: 400, type: PROBLEM_TYPES.validation, title: 'Invalid request' },
};

export interface ErrorToProblemOptions {
  /** Where a 500 is logged (by error name and request id only). */
  readonly logger?: Logger;
  readonly requestId?: string;
}

/**
 * Maps anything thrown to a problem response:
 * DomainError kinds (not_found 404, forbidden 403, conflict/taken 409, gone 410, invalid_state 422,
 * invalid_input 400; both with `errors: [{ path: field, message }]` when the domain names a field), UnauthorizedError 401 (with
 * `WWW-Authenticate`), HttpProblemError as thrown, hono's HTTPException below 500 by its status with a
 * generic title; anything else a generic 500 whose message and stack are never rendered nor logged.
 */
export const errorToProblem = (err: unknown, options: ErrorToProblemOptions = {}): Response => {
  const { requestId } = options;
  if (err instanceof HttpProblemError) return problem(err.status, { ...err.init, requestId });
  if (err instanceof UnauthorizedError) {
    return problem(401, {
      title: 'Unauthorized',
      detail: 'Valid staff credentials are required.',
      requestId,
    });
  }
  if (err instanceof DomainError) {
    const m = DOMAIN_STATUS[err.kind];
    if (m) {
      const errors =
        (err.kind === 'invalid_input' || err.kind === 'invalid_state') && err.field !== undefined
          ? [{ path: err.field, message: err.message, reason: err.reason }]
          : undefined;
      return problem(m.status, { type: m.type, title: m.title, detail: err.message, errors, requestId });
    }
  }
  if (err instanceof HTTPException && err.status < 500) {
    return problem(err.status, {
      title: DEFAULT_TITLE_BY_STATUS[err.status] ?? 'Request refused',
      requestId,
    });
  }
  options.logger?.error('unhandled error', { error: errorName(err), requestId });
  return problem(500, {
    title: 'Internal server error',
    detail: 'Something went wrong on our side. Quote the request id if you report it.',
    requestId,
  });
};

/** The constructor name of a thrown value; never its message (which may quote input). */
const errorName = (err: unknown): string => {
  if (err instanceof Error) return err.name || 'Error';
  return typeof err;
};

/** For `app.onError(problemOnError)`: renders thrown errors with the request's logger and id. */
export const problemOnError: ErrorHandler = (err: Error, c: Context) =>
  errorToProblem(err, { logger: c.get('logger'), requestId: c.get('requestId') });

/** For `app.notFound(problemNotFound)`: a 404 problem that does not echo the path (it may hold a token). */
export const problemNotFound: NotFoundHandler = (c: Context) =>
  problem(404, { title: 'Not found', requestId: c.get('requestId') });
