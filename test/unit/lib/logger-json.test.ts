import { describe, expect, it } from 'vitest';
import { createJsonLogger, maskString, redact } from '../../../functions/lib/logger-json.ts';

const JWT =
  'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJzdy0xIiwib3JnIjoibWRtLWx1In0.MEUCIQDx3Jv7yq1WnRZbbX3-_fE8Y0m9LzKx5mJfR5z7H2b0YQ';
const EMAIL = 'jane.doe@example.org';

const capture = (
  level: 'debug' | 'info' | 'warn' | 'error' | 'silent' = 'debug',
  base?: Record<string, unknown>,
) => {
  const lines: string[] = [];
  const logger = createJsonLogger({
    level,
    base,
    sink: (l) => lines.push(l),
    now: () => new Date('2025-03-01T09:30:00.000Z'),
  });
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
};

const SENSITIVE_KEYS = [
  'authorization',
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
];

describe('createJsonLogger', () => {
  it('writes one JSON object per line with timestamp, level, message and fields', () => {
    const { logger, lines, parsed } = capture();
    logger.info('referral opened', { referralId: 'r-1', count: 2 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(parsed()[0]).toEqual({
      timestamp: '2025-03-01T09:30:00.000Z',
      level: 'info',
      message: 'referral opened',
      referralId: 'r-1',
      count: 2,
    });
  });

  it('writes nothing below its level', () => {
    const { logger, parsed } = capture('warn');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(parsed().map((l) => l.level)).toEqual(['warn', 'error']);
    const silent = capture('silent');
    silent.logger.error('e');
    expect(silent.lines).toEqual([]);
  });

  it('carries base and child fields, the child’s winning', () => {
    const { logger, parsed } = capture('debug', { service: 'api' });
    logger.child({ requestId: 'q-1' }).child({ requestId: 'q-2', sub: 'sw-1' }).info('x', { route: '/v1' });
    expect(parsed()[0]).toMatchObject({ service: 'api', requestId: 'q-2', sub: 'sw-1', route: '/v1' });
  });

  it('never lets fields override timestamp, level or message', () => {
    const { logger, parsed } = capture();
    logger.info('real', { level: 'fake', message: 'fake', timestamp: 'fake' });
    expect(parsed()[0]).toMatchObject({
      level: 'info',
      message: 'real',
      timestamp: '2025-03-01T09:30:00.000Z',
    });
  });

  it('never writes a sensitive field, at any depth, whatever its case', () => {
    const { logger, lines } = capture();
    const secret = 'SECRET-VALUE-42';
    const fields: Record<string, unknown> = {};
    for (const k of SENSITIVE_KEYS) fields[k] = secret;
    logger.info('x', {
      ...fields,
      Authorization: `Bearer ${secret}`,
      nested: { deeper: [{ ...fields, ok: 'kept' }], Reason: secret, linkToken: secret, 'x-token': secret },
    });
    logger.child(fields).warn('y');
    const out = lines.join('\n');
    expect(out).not.toContain(secret);
    expect(out).toContain('kept');
    for (const k of SENSITIVE_KEYS) expect(out).not.toMatch(new RegExp(`"${k}"`, 'i'));
  });

  it('masks JWTs and email addresses anywhere in strings, the message included', () => {
    const { logger, lines } = capture();
    logger.error(`failed for ${EMAIL} with ${JWT}`, {
      detail: `header Bearer ${JWT}`,
      list: [EMAIL, { deep: `mail ${EMAIL}` }],
      [EMAIL]: 'key that is an address',
    });
    const out = lines.join('\n');
    expect(out).not.toContain(EMAIL);
    expect(out).not.toContain('eyJ');
    expect(out).toContain('[jwt]');
    expect(out).toContain('[email]');
  });

  it('masks the token of a link path but keeps a route pattern', () => {
    expect(maskString('GET /o/abc.def-123/accept')).toBe('GET /o/[token]/accept');
    expect(maskString('/o/:token/accept')).toBe('/o/:token/accept');
  });

  it('logs an error by its name only, never its message or stack', () => {
    const { logger, lines } = capture();
    const err = new TypeError(`cannot read ${EMAIL} reason: blurred vision`);
    logger.error('boom', { error: err });
    expect(JSON.parse(lines[0]!)).toMatchObject({ error: { name: 'TypeError' } });
    expect(lines[0]).not.toContain('blurred');
    expect(lines[0]).not.toContain('at ');
  });

  it('survives cycles, bigints, dates and undefined', () => {
    const { logger, parsed } = capture();
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    logger.info('x', {
      cyclic,
      big: 10n,
      at: new Date('2025-01-01T00:00:00Z'),
      gone: undefined,
      fn: () => 1,
    });
    expect(parsed()[0]).toMatchObject({
      cyclic: { a: 1, self: '[circular]' },
      big: '10',
      at: '2025-01-01T00:00:00.000Z',
    });
    expect(parsed()[0]).not.toHaveProperty('gone');
    expect(parsed()[0]).not.toHaveProperty('fn');
  });

  it('does not throw when its sink does', () => {
    const logger = createJsonLogger({
      level: 'info',
      sink: () => {
        throw new Error('disk full');
      },
    });
    expect(() => logger.info('x')).not.toThrow();
  });
});

describe('redact', () => {
  it('returns a redacted copy and leaves the original alone', () => {
    const original = {
      referralId: 'r-1',
      reason: 'blurred vision',
      to: EMAIL,
      meta: { note: 'n', status: 'open' },
    };
    expect(redact(original)).toEqual({ referralId: 'r-1', meta: { status: 'open' } });
    expect(original.reason).toBe('blurred vision');
  });
});
