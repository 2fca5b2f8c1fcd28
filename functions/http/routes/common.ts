import type { Context } from 'hono';
import { DomainError } from '../../../domain/errors.ts';
import { seesInFull } from '../../../domain/referral/load-referral.ts';
import type { Referral } from '../../../domain/referral/model.ts';
import { coordinationView } from '../views/coordination-view.ts';
import { referralView } from '../views/referral-view.ts';

/** `If-Match: "3"` or `If-Match: 3` → 3; absent → undefined; anything else is a 400. */
export function ifMatchOf(c: Context): number | undefined {
  const raw = c.req.header('if-match');
  if (raw === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(raw);
  if (!m) throw new DomainError('invalid_input', 'If-Match must be a version, as in the ETag.', 'If-Match');
  return Number(m[1]);
}

/**
 * The referral as it is now, with its version as the ETag (the next change's If-Match): in full for its
 * organisation, its coordination view for a network coordinator of another organisation (the only other
 * caller a route lets through, load-referral.ts).
 */
export function referralAnswer(c: Context, r: Referral, status: 200 | 201 = 200): Response {
  c.header('ETag', `"${r.version}"`);
  return c.json(seesInFull(r, c.var.principal) ? referralView(r) : coordinationView(r), status);
}
