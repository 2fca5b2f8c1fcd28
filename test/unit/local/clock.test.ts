import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../../domain/errors.ts';
import { parseDuration } from '../../../domain/timers/settings.ts';
import { createMovableClock } from '../../../local/clock.ts';

describe('the clock moved by the durations POST /dev/clock takes', () => {
  it.each([
    ['PT49H', '2026-03-03T11:00:00.000Z'],
    ['P2D', '2026-03-03T10:00:00.000Z'],
    ['PT30M', '2026-03-01T10:30:00.000Z'],
    ['P1DT12H', '2026-03-02T22:00:00.000Z'],
  ])('moves by %s', (duration, expected) => {
    const clock = createMovableClock({ realNow: () => Date.parse('2026-03-01T10:00:00Z') });
    expect(clock.advance(parseDuration(duration)).toISOString()).toBe(expected);
    expect(clock.now().toISOString()).toBe(expected);
  });

  it.each(['', 'P', 'PT', '49H', 'PT-1H', 'P1Y', 'soon'])('refuses %j before moving', (duration) => {
    const clock = createMovableClock();
    expect(() => clock.advance(parseDuration(duration))).toThrow(DomainError);
    expect(clock.offsetMs()).toBe(0);
  });
});

describe('createMovableClock', () => {
  const dirs: string[] = [];
  const tempFile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'relais-clock-'));
    dirs.push(dir);
    return join(dir, 'sub', 'clock.json');
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('follows real time until moved', () => {
    let real = Date.parse('2026-03-01T10:00:00Z');
    const clock = createMovableClock({ realNow: () => real });
    expect(clock.now().toISOString()).toBe('2026-03-01T10:00:00.000Z');
    real += 1000;
    expect(clock.now().toISOString()).toBe('2026-03-01T10:00:01.000Z');
  });

  it('moves forward and keeps ticking from there', () => {
    let real = Date.parse('2026-03-01T10:00:00Z');
    const clock = createMovableClock({ realNow: () => real });
    expect(clock.advance(parseDuration('PT49H')).toISOString()).toBe('2026-03-03T11:00:00.000Z');
    real += 60_000;
    expect(clock.now().toISOString()).toBe('2026-03-03T11:01:00.000Z');
    expect(clock.offsetMs()).toBe(49 * 3600_000);
  });

  it('refuses to move backwards or by nonsense', () => {
    const clock = createMovableClock();
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(() => clock.advance(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => clock.advance(20 * 365 * 86_400_000)).toThrow(RangeError);
    expect(clock.offsetMs()).toBe(0);
  });

  it('keeps its offset across a restart through its file', () => {
    const file = tempFile();
    const real = () => Date.parse('2026-03-01T10:00:00Z');
    createMovableClock({ file, realNow: real }).advance(2 * 86_400_000);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ offsetMs: 2 * 86_400_000 });
    const restarted = createMovableClock({ file, realNow: real });
    expect(restarted.now().toISOString()).toBe('2026-03-03T10:00:00.000Z');
    restarted.advance(3600_000);
    expect(createMovableClock({ file, realNow: real }).now().toISOString()).toBe('2026-03-03T11:00:00.000Z');
  });

  it('starts from real time without a file, and says when the file is broken', () => {
    const file = tempFile();
    expect(createMovableClock({ file }).offsetMs()).toBe(0);
    createMovableClock({ file }).advance(1);
    writeFileSync(file, '{"offsetMs":"soon"}');
    expect(() => createMovableClock({ file })).toThrow(/not valid/);
  });
});
