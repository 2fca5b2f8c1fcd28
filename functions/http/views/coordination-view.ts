import type { Referral } from '../../../domain/referral/model.ts';
import type { CoordinationView } from '../schemas/coordination.ts';
import { exactly } from './exact.ts';
import { accompanimentBlockOf, timelineActionsOf } from './view-blocks.ts';

const asCoordinationView = exactly<CoordinationView>();

/**
 * The referral as a network coordinator of another organisation reads it (load-referral.ts decides who
 * gets it): explicit fields, the coordination ones only, so nothing the referring organisation keeps to
 * itself (pseudonym, reason, notes, questions and answers, advice, the timeline's details) can leak in
 * when the aggregate grows.
 */
export function coordinationView(r: Referral): CoordinationView {
  return asCoordinationView({
    view: 'coordination',
    id: r.id,
    org: r.org,
    status: r.status,
    version: r.version,
    need: { specialty: r.need.specialty },
    urgency: r.urgency,
    languages: [...r.languages],
    interpreterNeeded: r.interpreterNeeded,
    doNotContactDirectly: r.doNotContactDirectly,
    accompaniment: accompanimentBlockOf(r),
    ...(r.appointment
      ? {
          appointment: {
            at: r.appointment.at,
            place: r.appointment.place,
            specialistId: r.appointment.specialistId,
          },
        }
      : {}),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    timeline: timelineActionsOf(r),
  });
}
