import { createHash, randomFillSync } from 'node:crypto';

/**
 * Ids are 26 characters: a millisecond timestamp then 80 random bits, Crockford base32, so they sort by
 * creation and cannot be guessed.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newId(now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return time + base32(randomTen(), 16);
}

/*
 * The random part is taken from a pool filled from the system's CSPRNG a few hundred ids at a time (as
 * Node's randomUUID does): a request makes several ids (its events, its access-log entries), and one
 * call to the CSPRNG each cost more than the rest of the id.
 */
const pool = Buffer.alloc(10 * 256);
let taken = pool.length;

function randomTen(): Uint8Array {
  if (taken + 10 > pool.length) {
    randomFillSync(pool);
    taken = 0;
  }
  taken += 10;
  return pool.subarray(taken - 10, taken);
}

/**
 * The referral id for an Idempotency-Key: the same organisation and key always give the same id, so
 * concurrent repeats collide on one conditional write instead of creating twins.
 */
export function idForIdempotencyKey(org: string, key: string): string {
  return `K${base32(createHash('sha256').update(`${org}\u0000${key}`).digest(), 25)}`;
}

function base32(bytes: Uint8Array, length: number): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}
