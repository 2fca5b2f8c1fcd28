import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { DomainError, type DomainErrorKind } from '../../../domain/errors.ts';
import {
  errorToProblem,
  HttpProblemError,
  PROBLEM_TYPE_BASE,
  PROBLEM_TYPES,
  problem,
  problemNotFound,
  problemOnError,
  UnauthorizedError,
} from '../../../functions/edge/problem.ts';
import { createJsonLogger } from '../../../functions/lib/logger-json.ts';

const json = async (res: Response) => (await res.json()) as Record<string, unknown>;

describe('problem', () => {
  it('renders RFC 9457 problem details as application/problem+json', async () => {
    const res = problem(409, { title: 'Conflict', detail: 'The referral changed.' });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await json(res)).toEqual({
      type: PROBLEM_TYPES.conflict,
      title: 'Conflict',
      status: 409,
      detail: 'The referral changed.',
    });
  });

  it('uses stable URN types under one base', () => {
    for (const type of Object.values(PROBLEM_TYPES)) expect(type.startsWith(PROBLEM_TYPE_BASE)).toBe(true);
    expect(PROBLEM_TYPE_BASE).toBe('urn:relais:problem:');
  });

  it('carries field errors and an explicit type', async () => {
    const res = problem(400, {
      title: 'Invalid request',
      type: 'urn:relais:problem:custom',
      errors: [{ path: 'need.specialty', message: 'is required' }],
    });
    expect(await json(res)).toMatchObject({
      type: 'urn:relais:problem:custom',
      errors: [{ path: 'need.specialty', message: 'is required' }],
    });
  });

  it('challenges with WWW-Authenticate on a 401', () => {
    expect(problem(401, { title: 'Unauthorized' }).headers.get('www-authenticate')).toMatch(/^Bearer/);
  });
});

describe('errorToProblem', () => {
  const cases: [DomainErrorKind, number, string][] = [
    ['not_found', 404, PROBLEM_TYPES.notFound],
    ['forbidden', 403, PROBLEM_TYPES.forbidden],
    ['conflict', 409, PROBLEM_TYPES.conflict],
    ['taken', 409, PROBLEM_TYPES.taken],
    ['gone', 410, PROBLEM_TYPES.gone],
    ['invalid_state', 422, PROBLEM_TYPES.invalidState],
    ['invalid_input', 400, PROBLEM_TYPES.validation],
  ];
  it.each(cases)('maps the domain refusal %s to %i', async (kind, status, type) => {
    const res = errorToProblem(new DomainError(kind, 'A safe sentence.'));
    expect(res.status).toBe(status);
    expect(await json(res)).toMatchObject({ type, status, detail: 'A safe sentence.' });
  });

  it('keeps a refusal’s reason for the pages and sends only the path and the message', async () => {
    const err = new DomainError('invalid_input', 'must be in the future', 'appointmentAt', 'not_future');
    expect((await json(errorToProblem(err)))['errors']).toEqual([
      { path: 'appointmentAt', message: 'must be in the future' },
    ]);
    const thrown = new HttpProblemError(400, {
      title: 'Bad request',
      errors: [
        {
          path: 'reason',
          message: 'must not contain contact or identity data (phone)',
          reason: 'contact_data',
        },
      ],
    });
    expect((await json(errorToProblem(thrown)))['errors']).toEqual([
      { path: 'reason', message: 'must not contain contact or identity data (phone)' },
    ]);
  });

  it('names the field at fault of an invalid_input', async () => {
    const res = errorToProblem(new DomainError('invalid_input', 'must be in the future', 'appointmentAt'));
    expect(await json(res)).toMatchObject({
      errors: [{ path: 'appointmentAt', message: 'must be in the future' }],
    });
  });

  it('maps UnauthorizedError to 401 with a challenge and no reason', async () => {
    const res = errorToProblem(
      new UnauthorizedError({ cause: new Error('"exp" claim timestamp check failed') }),
    );
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(JSON.stringify(await json(res))).not.toContain('exp');
  });

  it('renders an HttpProblemError as thrown', async () => {
    const res = errorToProblem(new HttpProblemError(413, { title: 'Request too large' }));
    expect(res.status).toBe(413);
    expect(await json(res)).toMatchObject({ type: PROBLEM_TYPES.tooLarge, title: 'Request too large' });
  });

  it('maps hono’s HTTPException below 500 without its message', async () => {
    const res = errorToProblem(new HTTPException(405, { message: 'secret internals' }));
    expect(res.status).toBe(405);
    expect(JSON.stringify(await json(res))).not.toContain('secret');
  });

  it('hides anything else behind a generic 500 and logs its name and the request id only', async () => {
    const lines: string[] = [];
    const logger = createJsonLogger({ level: 'debug', sink: (l) => lines.push(l) });
    const err = new RangeError('pseudonym ZEBRA-1985 reason blurred vision');
    const res = errorToProblem(err, { logger, requestId: 'req-1' });
    expect(res.status).toBe(500);
    const body = await json(res);
    expect(body).toMatchObject({
      type: PROBLEM_TYPES.internal,
      title: 'Internal server error',
      requestId: 'req-1',
    });
    const text = JSON.stringify(body) + lines.join('');
    expect(text).not.toContain('ZEBRA');
    expect(text).not.toContain('blurred');
    expect(text).not.toContain('at ');
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ level: 'error', error: 'RangeError', requestId: 'req-1' }),
    ]);
  });

  it('treats thrown non-errors as a 500 too', () => {
    expect(errorToProblem('a string with ZEBRA-1985').status).toBe(500);
  });
});

describe('problemOnError and problemNotFound in an app', () => {
  const app = new Hono();
  app.onError(problemOnError);
  app.notFound(problemNotFound);
  app.get('/missing', () => {
    throw new DomainError('not_found', 'No such referral.');
  });
  app.get('/boom', () => {
    throw new Error('internal detail');
  });

  it('renders a thrown domain error', async () => {
    const res = await app.request('/missing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('renders an unexpected error as a generic 500', async () => {
    const res = await app.request('/boom');
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('internal detail');
  });

  it('answers an unknown route with a 404 problem that does not echo the path', async () => {
    const res = await app.request('/o/eyJsecret-token');
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('eyJsecret');
  });
});
