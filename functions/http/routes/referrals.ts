import { DomainError } from '../../../domain/errors.ts';
import { amendReferral } from '../../../domain/referral/amend-referral.ts';
import { answerQuestion } from '../../../domain/referral/answer-question.ts';
import { closeReferral } from '../../../domain/referral/close-referral.ts';
import { readReferral } from '../../../domain/referral/load-referral.ts';
import type { StaffRole } from '../../../domain/referral/model.ts';
import { offerToMore } from '../../../domain/referral/offer-to-more.ts';
import { openReferral } from '../../../domain/referral/open-referral.ts';
import { recordFollowUp } from '../../../domain/referral/record-follow-up.ts';
import { problem } from '../../edge/problem.ts';
import { exportsWhatItListed } from '../../lib/access-recording.ts';
import { idForIdempotencyKey } from '../../lib/ids.ts';
import { answerBody } from '../schemas/answers.ts';
import { referralOrCoordinationSchema } from '../schemas/coordination.ts';
import { anyReferralViewSchema, referralViewListSchema } from '../schemas/need-to-know.ts';
import { idParams } from '../schemas/params.ts';
import {
  amendReferralBody,
  closeReferralBody,
  followUpBody,
  listReferralsQuery,
  offerBody,
  openReferralBody,
  referralViewSchema,
} from '../schemas/referrals.ts';
import { CSV_CONTENT_TYPE, wantsCsv } from '../views/csv.ts';
import { listPage, referralsCsv, referralsListedFor } from '../views/exports.ts';
import { sealedFieldsShown } from '../views/need-to-know-view.ts';
import { ifMatchOf, referralAnswer, referralRead } from './common.ts';
import { type StaffRoutes, staffRoute } from './context.ts';
import { changeProblems, ifMatch, problems } from './docs.ts';
import { ROLES_TO } from './roles.ts';

const tags = ['referrals'];

/**
 * Who may read referrals at all: every staff role but `admin`, who runs the organisation's setup and sees
 * no case data (need-to-know.ts). Refused by role (403) before anything is read, so it tells nothing
 * about any referral; what each of the others sees of which referral is the table's.
 */
export const READERS: readonly StaffRole[] = [
  'social_worker',
  'coordinator',
  'network_coordinator',
  'accompanier',
];

const whoSeesWhat =
  'Each referral in the view the caller gets (API.md “Who sees what”): the referring organisation’s ' +
  'social workers and coordinators read it in full (no `view`); the accompanier assigned to it its ' +
  '`accompaniment` view (pseudonym, need, urgency, languages, interpreter, do-not-contact, appointment, ' +
  'meeting point, accompaniment, status, timeline actions; never the reason, notes, questions and ' +
  'answers, advice or the outcome’s note); another accompanier of the organisation its `open` view ' +
  '(specialty, time and place; no pseudonym, languages or status) while it is open to take (scheduled, accompaniment ' +
  'required, nobody assigned); a network coordinator of another organisation its `coordination` view ' +
  'while it has an escalation at the network coordinators’ level that is not resolved. `admin` reads no ' +
  'referral (403).';

/** `/v1/referrals`: the referring organisation's referrals. Handlers call one use case each. */
export const referralRoutes: StaffRoutes = [
  staffRoute({
    method: 'post',
    path: '/v1/referrals',
    roles: ROLES_TO.open,
    body: openReferralBody,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'Open a referral (offers go out unless autoOffer is false)',
      tags,
      headers: {
        'Idempotency-Key': { description: 'Same key and body return the same referral, created once' },
      },
      responses: {
        201: { description: 'Opened', schema: referralViewSchema() },
        200: { description: 'Already opened with this Idempotency-Key', schema: referralViewSchema() },
        ...problems,
        413: { description: 'Body over 64 KB' },
        415: { description: 'Not application/json' },
        422: { description: 'Idempotency-Key reused with a different body' },
      },
    },
    async handler(c, { body }, { deps, uc }) {
      const caller = c.var.principal;
      const key = idempotencyKeyOf(c.req.header('idempotency-key'));
      const { autoOffer = true, ...input } = body;
      const { referral, created } = await openReferral(uc, caller, {
        input: {
          ...input,
          interpreterNeeded: input.interpreterNeeded ?? false,
          doNotContactDirectly: input.doNotContactDirectly ?? false,
        },
        autoOffer,
        id: key ? idForIdempotencyKey(caller.org, key) : deps.newId(),
        idempotent: key !== undefined,
      });
      c.header('Location', `/v1/referrals/${referral.id}`);
      return referralAnswer(c, referral, created ? 201 : 200);
    },
  }),
  staffRoute({
    method: 'get',
    path: '/v1/referrals',
    roles: READERS,
    query: listReferralsQuery,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'List the organisation’s referrals',
      description:
        `${whoSeesWhat} Referrals the caller gets no view of are left out (a page may then hold fewer ` +
        'items than `limit`; follow `nextCursor`). With `pseudonym`, only referrals whose view shows it. ' +
        'With `Accept: text/csv`, the same page as CSV (one line per referral, nested fields as dotted ' +
        'columns, the next cursor in the `Next-Cursor` header).',
      tags,
      responses: {
        200: {
          description: 'A page',
          schema: referralViewListSchema(),
          alternatives: ['text/csv'],
          headers: { 'Next-Cursor': { description: 'With text/csv: the cursor of the next page' } },
        },
        ...problems,
      },
    },
    async handler(c, { query }, { deps }) {
      const caller = c.var.principal;
      const { limit, ...filters } = query;
      const page = await listPage(deps.store, caller.org, { ...filters, reveal: [] }, limit ?? 25, (r) => [
        r,
      ]);
      // Filtering by pseudonym must not tell who is behind a referral whose view hides it.
      const items = await referralsListedFor(deps.store, caller, page.rows, query.pseudonym !== undefined);
      if (wantsCsv(c.req.header('accept'))) {
        exportsWhatItListed();
        if (page.nextCursor) c.header('Next-Cursor', page.nextCursor);
        return c.body(referralsCsv(items), 200, {
          'content-type': CSV_CONTENT_TYPE,
        });
      }
      return c.json({ items, nextCursor: page.nextCursor });
    },
  }),
  staffRoute({
    method: 'get',
    path: '/v1/referrals/{id}',
    roles: READERS,
    params: idParams,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'A referral with its timeline',
      description:
        `${whoSeesWhat} The coordination view (\`"view": "coordination"\`): need, urgency, languages, ` +
        'interpreter, do-not-contact, appointment, accompaniment, status, timeline actions without ' +
        'details; no pseudonym, reason, notes, questions and answers or advice. A caller who gets no ' +
        'view of it gets 404, like a referral that does not exist.',
      tags,
      responses: {
        200: { description: 'The referral in the view the caller gets', schema: anyReferralViewSchema() },
        ...problems,
      },
    },
    async handler(c, { params }, { uc }) {
      return referralRead(c, await readReferral(uc, c.var.principal, params.id, sealedFieldsShown));
    },
  }),
  staffRoute({
    method: 'patch',
    path: '/v1/referrals/{id}',
    roles: ROLES_TO.amend,
    params: idParams,
    body: amendReferralBody,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'Amend urgency, languages, interpreter, accompaniment or reason',
      description:
        'social_worker or coordinator of the referring organisation, while the referral is not closed. ' +
        '`If-Match` (the version, also the ETag) is required: without it 428 Precondition Required ' +
        '(RFC 6585), as an amendment made on a stale read would silently undo someone else’s; a stale ' +
        'one is a 409. `reason` is refused (400) when it seems to hold contact or identity data. On the ' +
        'timeline as `referral.amended` with a flag for each field that changed, never their values. ' +
        'Amending to what the referral already says changes nothing. Dropping the accompaniment while ' +
        'an accompanier is assigned is a 422.',
      tags,
      headers: { 'If-Match': { description: 'Required: the referral version the amendment is based on' } },
      responses: {
        200: { description: 'Amended', schema: referralViewSchema() },
        ...changeProblems,
        428: { description: 'No If-Match: send the version the amendment is based on' },
      },
    },
    async handler(c, { params, body }, { uc }) {
      const version = ifMatchOf(c);
      if (version === undefined) {
        return problem(428, {
          title: 'Precondition required',
          detail: 'Send If-Match with the version the amendment is based on (the ETag of the referral).',
          errors: [{ path: 'If-Match', message: 'required' }],
        });
      }
      const r = await amendReferral(uc, c.var.principal, params.id, body, version);
      return referralAnswer(c, r);
    },
  }),
  staffRoute({
    method: 'post',
    path: '/v1/referrals/{id}/offers',
    roles: ROLES_TO.offer,
    params: idParams,
    body: offerBody,
    bodyOptional: true,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'Offer to named specialists, or to the next matches',
      description:
        'Also a network coordinator’s, on another organisation’s referral escalated to the network ' +
        'coordinators (answered with its coordination view, as `GET /v1/referrals/{id}` gives it).',
      tags,
      headers: ifMatch,
      responses: {
        200: { description: 'Offered', schema: referralOrCoordinationSchema() },
        ...changeProblems,
      },
    },
    async handler(c, { params, body }, { uc }) {
      const r = await offerToMore(uc, c.var.principal, params.id, body.specialistIds, ifMatchOf(c));
      return referralAnswer(c, r);
    },
  }),
  staffRoute({
    method: 'post',
    path: '/v1/referrals/{id}/close',
    roles: ROLES_TO.close,
    params: idParams,
    body: closeReferralBody,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'Close a referral with a reason',
      tags,
      headers: ifMatch,
      responses: { 200: { description: 'Closed', schema: referralViewSchema() }, ...changeProblems },
    },
    async handler(c, { params, body }, { uc }) {
      const r = await closeReferral(uc, c.var.principal, params.id, body.reason, ifMatchOf(c));
      return referralAnswer(c, r);
    },
  }),
  // The referring organisation (its worker, or its coordinator when the worker is away) answers a
  // specialist's question; the referral is on offer again to that specialist, with a fresh link.
  staffRoute({
    method: 'post',
    path: '/v1/referrals/{id}/answer',
    roles: ROLES_TO.answer,
    params: idParams,
    body: answerBody,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'Answer a specialist’s question: back on offer to them with a fresh link',
      tags,
      headers: ifMatch,
      responses: { 200: { description: 'On offer again', schema: referralViewSchema() }, ...changeProblems },
    },
    async handler(c, { params, body }, { uc }) {
      const r = await answerQuestion(uc, c.var.principal, params.id, body.answer, ifMatchOf(c));
      return referralAnswer(c, r);
    },
  }),
  // The follow-up set with an outcome: done, or moved. Its deadline and escalation follow.
  staffRoute({
    method: 'post',
    path: '/v1/referrals/{id}/follow-up',
    roles: ROLES_TO.followUp,
    params: idParams,
    body: followUpBody,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'Record the follow-up as done, or move it to another date',
      description:
        'social_worker or coordinator of the referring organisation. `{ "done": true }`: the follow-up ' +
        'set with the outcome is no longer pending and its `follow_up_due` escalation resolves. ' +
        '`{ "dueAt": ... }` (strictly ahead, within 18 months): it is due then instead, and an escalation ' +
        'raised for the old date resolves. On the timeline as `follow_up.recorded`. Done again is a 409 ' +
        'saying when it was done; the same date again changes nothing.',
      tags,
      headers: ifMatch,
      responses: { 200: { description: 'Recorded', schema: referralViewSchema() }, ...changeProblems },
    },
    async handler(c, { params, body }, { uc }) {
      const r = await recordFollowUp(uc, c.var.principal, params.id, body, ifMatchOf(c));
      return referralAnswer(c, r);
    },
  }),
];

/** An Idempotency-Key is an opaque client token: 1–255 visible ASCII characters. */
export function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(header)) {
    throw new DomainError(
      'invalid_input',
      'Idempotency-Key must be 1–255 visible ASCII characters.',
      'Idempotency-Key',
    );
  }
  return header;
}
