import { afterAll, expect } from 'vitest';

/**
 * The log guard, loaded in every test file (vitest `setupFiles`): it captures every line the suite
 * writes to stdout and stderr, plus every line test harnesses hand it from their own logger sinks, and
 * after each file asserts that none carries a token, an email address, or any pseudonym, reason, note,
 * question, answer or advice that the tests sent (harnesses register those with `markSensitive`).
 */
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

interface Guard {
  lines: string[];
  sensitive: Set<string>;
}
const holder = globalThis as { __relaisLogGuard?: Guard };
holder.__relaisLogGuard ??= { lines: [], sensitive: new Set() };
const guard: Guard = holder.__relaisLogGuard;

/** Registers a value that must never appear in a log line. */
export function markSensitive(value: unknown): void {
  if (typeof value === 'string' && value.length >= 4) guard.sensitive.add(value);
}

/** Hands the guard a line written by a logger whose sink is not stdout. */
export function captureLogLine(line: string): void {
  guard.lines.push(line);
}

/** Registers the sensitive fields of a request body, at any depth. */
export function markSensitiveFields(body: unknown): void {
  if (!body || typeof body !== 'object') return;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (['pseudonym', 'reason', 'note', 'question', 'answer', 'advice', 'email'].includes(k))
      markSensitive(v);
    else if (typeof v === 'object') markSensitiveFields(v);
  }
}

for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  (stream as { write: unknown }).write = (chunk: unknown, ...rest: unknown[]) => {
    // Only structured log lines (JSON objects) are the service's logs; vitest's own output is not.
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
    for (const line of text.split('\n')) if (line.startsWith('{')) guard.lines.push(line);
    return write(chunk, ...rest);
  };
}

/** What is wrong with each offending line (never the value itself). */
export function findOffences(lines: readonly string[], sensitive: ReadonlySet<string>): string[] {
  const bad: string[] = [];
  for (const line of lines) {
    if (JWT.test(line)) bad.push('a token');
    else if (EMAIL.test(line)) bad.push('an email address');
    else for (const s of sensitive) if (line.includes(s)) bad.push('a sensitive value sent by a test');
  }
  return bad;
}

afterAll(() => {
  expect(
    findOffences(guard.lines, guard.sensitive),
    'log lines carrying personal data or credentials',
  ).toEqual([]);
});
