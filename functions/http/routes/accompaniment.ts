import type { Context } from 'hono';
import type * as z from 'zod/mini';
import { assignAccompaniment } from '../../../domain/accompaniment/assign-accompanier.ts';
import { confirmArrival } from '../../../domain/accompaniment/confirm-arrival.ts';
import { confirmDeparture } from '../../../domain/accompaniment/confirm-departure.ts';
import { markPersonAbsent } from '../../../domain/accompaniment/mark-absent.ts';
import { markPersonSeenAgain } from '../../../domain/accompaniment/mark-seen-again.ts';
import { recordOutcome } from '../../../domain/accompaniment/record-outcome.ts';
import { rescheduleAppointment } from '../../../domain/accompaniment/reschedule.ts';
import type { UseCaseDeps } from '../../../domain/referral/deps.ts';
import type { Referral, StaffRole } from '../../../domain/referral/model.ts';
import type { RouteDocs } from '../../edge/route-declaration.ts';
import { assignAccompanimentBody, emptyBody, outcomeBody, rescheduleBody } from '../schemas/accompaniment.ts';
import { anyReferralViewSchema } from '../schemas/need-to-know.ts';
import { idParams } from '../schemas/params.ts';
import { ifMatchOf, referralAnswer } from './common.ts';
import { type StaffRoutes, staffRoute } from './context.ts';
import { withProblems } from './docs.ts';
import { ROLES_TO } from './roles.ts';

const problems = /* @__PURE__ */ withProblems({
  403: { description: 'The caller’s role may not do this, or they are not the accompanier assigned' },
  404: {
    description:
      'No such referral, or not visible to the caller (need to know: an accompanier reaches only the ' +
      'referral assigned to them, or one open to take)',
  },
});
const idempotent =
  'Idempotent: repeating it answers 200 with the same referral and adds no second timeline entry.';

/** The documentation every change of this file shares, around its summary and description. */
const changeDocs = (summary: string, description: string): RouteDocs => ({
  summary,
  description,
  tags: ['accompaniment'],
  headers: { 'If-Match': { description: 'The referral version the change is based on' } },
  responses: {
    200: {
      description: 'The referral as it is now, in the view the caller gets (as `GET /v1/referrals/{id}`)',
      schema: anyReferralViewSchema(),
    },
    ...problems,
    409: {
      description: 'Someone else took it first, a different outcome was recorded, or a stale If-Match',
    },
    422: { description: 'Not allowed in the referral’s current state' },
  },
});

/**
 * `POST /v1/referrals/{id}/<action>` with a body of `schema` (an empty one: `{}` or none), answered with
 * the referral as it is now.
 */
const change = <S extends z.core.$ZodType>(
  action: string,
  roles: readonly StaffRole[],
  body: S,
  docs: RouteDocs | false,
  run: (uc: UseCaseDeps, c: Context, id: string, body: z.output<S>) => Promise<Referral>,
) =>
  staffRoute({
    method: 'post',
    path: `/v1/referrals/{id}/${action}`,
    roles,
    params: idParams,
    body,
    bodyOptional: (body as z.core.$ZodType) === emptyBody,
    docs,
    async handler(c, input, { uc }) {
      return referralAnswer(c, await run(uc, c, input.params.id, input.body as z.output<S>));
    },
  });

/**
 * `/v1/referrals/{id}/…`: accompaniment and closing the loop. Each confirmation is idempotent: a repeat
 * answers 200 with the same referral and adds nothing. Who may act beyond the role gate (the assigned
 * accompanier, only for themselves) is the domain's rule; whoever gets no view of the referral
 * (need-to-know.ts: other organisations, an accompanier on one someone else has) gets 404. Each answer is
 * the referral in the view the caller gets of it.
 */
export const accompanimentRoutes: StaffRoutes = [
  change(
    'accompaniment',
    ROLES_TO.accompany,
    assignAccompanimentBody,
    globalThis.RELAIS_DOCUMENTED !== false &&
      changeDocs(
        'Assign an accompanier (coordinator), or take it (accompanier, own sub only)',
        'A coordinator assigns any accompanier of the organisation, and reassigns (recorded with the ' +
          'previous one on the timeline). An accompanier takes it with their own `sub`; of two taking it ' +
          `at once, one wins and the other gets 409. A network coordinator may assign one on another ` +
          'organisation’s referral escalated to the network coordinators (answered with its ' +
          `coordination view, as \`GET /v1/referrals/{id}\` gives it). The same accompanier with the same ` +
          'meeting point and time again is a 409 (nothing changed).',
      ),
    (uc, c, id, body) => assignAccompaniment(uc, c.var.principal, id, body, ifMatchOf(c)),
  ),
  change(
    'departed',
    ROLES_TO.accompanierStep,
    emptyBody,
    globalThis.RELAIS_DOCUMENTED !== false &&
      changeDocs('The assigned accompanier left the meeting point with the person', idempotent),
    (uc, c, id) => confirmDeparture(uc, c.var.principal, id, ifMatchOf(c)),
  ),
  change(
    'arrived',
    ROLES_TO.accompanierStep,
    emptyBody,
    globalThis.RELAIS_DOCUMENTED !== false &&
      changeDocs('The assigned accompanier and the person are at the appointment', idempotent),
    (uc, c, id) => confirmArrival(uc, c.var.principal, id, ifMatchOf(c)),
  ),
  change(
    'absent',
    ROLES_TO.accompanierStep,
    emptyBody,
    globalThis.RELAIS_DOCUMENTED !== false &&
      changeDocs(
        'Nobody at the meeting point: on_hold until seen again (counted apart from no-shows)',
        'A repeat is a 409 saying since when the absence is recorded; nothing changes.',
      ),
    (uc, c, id) => markPersonAbsent(uc, c.var.principal, id, ifMatchOf(c)),
  ),
  change(
    'outcome',
    ROLES_TO.accompanierOrCase,
    outcomeBody,
    globalThis.RELAIS_DOCUMENTED !== false &&
      changeDocs(
        'Attended or not, with an optional follow-up date (a pending follow-up) and a short note',
        'The assigned accompanier, the referring worker or a coordinator; an accompanier not assigned gets ' +
          '403 while it is open to take, 404 once someone else has it (need to know). The note goes through the contact-data guard (max 280). Any outcome again is a 409: the ' +
          'same one says when it was recorded, a different one that it differs; nothing changes. The referring worker is told (feed and desk email, no health data).',
      ),
    (uc, c, id, body) => recordOutcome(uc, c.var.principal, id, body, ifMatchOf(c)),
  ),
  change(
    'seen-again',
    ROLES_TO.accompanierOrCase,
    emptyBody,
    globalThis.RELAIS_DOCUMENTED !== false &&
      changeDocs(
        'The person absent at the meeting point is back: scheduled again, ready to reschedule',
        'social_worker, accompanier or coordinator. A referral not on hold for an absence is a 422.',
      ),
    (uc, c, id) => markPersonSeenAgain(uc, c.var.principal, id, ifMatchOf(c)),
  ),
  change(
    'reschedule',
    ROLES_TO.reschedule,
    rescheduleBody,
    globalThis.RELAIS_DOCUMENTED !== false &&
      changeDocs(
        'Move the appointment (also after an absence)',
        'social_worker or coordinator. The specialist gets an updated calendar invitation (same uid, next ' +
          'sequence) and a fresh outcome link; the accompanier and the referring worker are told in their feeds.',
      ),
    (uc, c, id, body) => rescheduleAppointment(uc, c.var.principal, id, body, ifMatchOf(c)),
  ),
];
