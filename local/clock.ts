import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../domain/ports.ts';

/**
 * The one-machine runtime's clock: real time plus an offset that only moves forward
 * (`POST /dev/clock`). The offset is kept in a small file under the data folder, so a restarted service
 * keeps the time its data was written at: deadlines already passed stay passed.
 */
export interface MovableClock extends Clock {
  /** Moves the clock forward by `ms` milliseconds and returns the new time. */
  advance(ms: number): Date;
  /** How far ahead of real time the clock is, in milliseconds. */
  offsetMs(): number;
}

/** Largest single advance accepted: a guard against typos such as `P20000D`. */
export const MAX_ADVANCE_MS = 3660 * 24 * 3600 * 1000;

export interface MovableClockOptions {
  /** File keeping the offset; none: the offset lives in memory only. */
  readonly file?: string;
  /** Real time source, for tests. */
  readonly realNow?: () => number;
}

export function createMovableClock(options: MovableClockOptions = {}): MovableClock {
  const realNow = options.realNow ?? Date.now;
  let offset = options.file ? readOffset(options.file) : 0;
  return {
    now: () => new Date(realNow() + offset),
    offsetMs: () => offset,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('The clock only moves forward');
      if (ms > MAX_ADVANCE_MS) throw new RangeError('The clock moves at most ten years at once');
      offset += Math.round(ms);
      if (options.file) writeOffset(options.file, offset);
      return new Date(realNow() + offset);
    },
  };
}

function readOffset(file: string): number {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  const offset = (JSON.parse(text) as { offsetMs?: unknown }).offsetMs;
  if (typeof offset !== 'number' || !Number.isFinite(offset) || offset < 0) {
    throw new Error(`The clock file ${file} is not valid: remove it to start from real time`);
  }
  return offset;
}

function writeOffset(file: string, offset: number): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // write then rename: a crash mid-write never leaves a half file
  const tmp = `${file}.${process.pid}.tmp`;
  // owner only, like everything in the data folder (the mode counts only when the file is new)
  writeFileSync(tmp, `${JSON.stringify({ offsetMs: offset })}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}
