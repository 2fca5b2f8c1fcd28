import type { Context } from 'hono';
import { DomainError } from '../../../domain/errors.ts';
import type { Referral } from '../../../domain/referral/model.ts';
import { type View, viewOf } from '../../../domain/referral/need-to-know.ts';
import { viewedAs } from '../views/need-to-know-view.ts';

/** `If-Match: "3"` or `If-Match: 3` → 3; absent → undefined; anything else is a 400. */
export function ifMatchOf(c: Context): number | undefined {
  const raw = c.req.header('if-match');
  if (raw === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(raw);
  if (!m) throw new DomainError('invalid_input', 'If-Match must be a version, as in the ETag.', 'If-Match');
  return Number(m[1]);
}

/**
 * The referral as it is now, with its version as the ETag (the next change's If-Match), in the view the
 * caller gets (domain/referral/need-to-know.ts). The route has let the caller through already
 * (load-referral.ts, for a change the write path): a network coordinator of another organisation got
 * there through an escalation to the network, which their own change may just have resolved, and still
 * reads the answer in its coordination view.
 */
export function referralAnswer(c: Context, r: Referral, status: 200 | 201 = 200): Response {
  const view = viewOf(r, c.var.principal, true);
  // Not reachable: whoever the write path lets change a referral still gets a view of it.
  if (view === undefined) throw new DomainError('not_found', 'No such referral.');
  c.header('ETag', `"${r.version}"`);
  return c.json(viewedAs(r, view), status);
}

/** A read route's answer: the referral in the view the caller gets, as load-referral.ts decided it. */
export function referralRead(c: Context, read: { referral: Referral; view: View }): Response {
  c.header('ETag', `"${read.referral.version}"`);
  return c.json(viewedAs(read.referral, read.view));
}
