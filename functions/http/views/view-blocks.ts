import type { Referral } from '../../../domain/referral/model.ts';
import type { AccompanimentView } from '../schemas/need-to-know.ts';

/*
 * The blocks the views below the referring organisation's (accompaniment, coordination) show alike,
 * written once: a field one of them gains or loses is gained or lost by both (need-to-know-view.ts,
 * coordination-view.ts). Their own module so that neither view file imports the other.
 */

/** The timeline's actions, without details: for every view below the referring organisation's. */
export const timelineActionsOf = (r: Referral): AccompanimentView['timeline'] =>
  r.timeline.map((e) => ({ at: e.at, actor: { role: e.actor.role, id: e.actor.id }, action: e.action }));

/** The accompaniment as those views show it: who goes, where and when they meet, the journey's times. */
export function accompanimentBlockOf(r: Referral): AccompanimentView['accompaniment'] {
  const a = r.accompaniment;
  return {
    required: a.required,
    accompanierId: a.accompanierId ?? null,
    ...(a.meetingPoint !== undefined ? { meetingPoint: a.meetingPoint } : {}),
    ...(a.meetingAt !== undefined ? { meetingAt: a.meetingAt } : {}),
    ...(a.departedAt !== undefined ? { departedAt: a.departedAt } : {}),
    ...(a.arrivedAt !== undefined ? { arrivedAt: a.arrivedAt } : {}),
  };
}
