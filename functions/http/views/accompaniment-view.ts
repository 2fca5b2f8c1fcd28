import type { Referral } from '../../../domain/referral/model.ts';
import type { AccompanimentItem } from '../schemas/accompaniment.ts';
import { exactly } from './exact.ts';

const asAccompanimentItem = exactly<AccompanimentItem>();

/**
 * An accompaniment as the accompanier's list shows it: time, place, need, pseudonym, languages and the
 * journey so far. Not the reason, the offers or the timeline: those are on the referral itself.
 */
export function accompanimentView(r: Referral): AccompanimentItem {
  const a = r.accompaniment;
  return asAccompanimentItem({
    id: r.id,
    status: r.status,
    version: r.version,
    pseudonym: r.pseudonym,
    need: r.need,
    urgency: r.urgency,
    languages: [...r.languages],
    interpreterNeeded: r.interpreterNeeded,
    doNotContactDirectly: r.doNotContactDirectly,
    appointment: { at: r.appointment?.at ?? r.createdAt, place: r.appointment?.place ?? '' },
    accompaniment: {
      accompanierId: a.accompanierId ?? null,
      ...(a.meetingPoint !== undefined ? { meetingPoint: a.meetingPoint } : {}),
      ...(a.meetingAt !== undefined ? { meetingAt: a.meetingAt } : {}),
      ...(a.departedAt !== undefined ? { departedAt: a.departedAt } : {}),
      ...(a.arrivedAt !== undefined ? { arrivedAt: a.arrivedAt } : {}),
    },
  });
}
