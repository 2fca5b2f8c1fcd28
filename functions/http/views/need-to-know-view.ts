import {
  REFERRAL_SEALED_FIELDS,
  type ReferralSealedField,
  type ReferralStore,
} from '../../../domain/ports.ts';
import { revealedInView } from '../../../domain/referral/load-referral.ts';
import type { Referral } from '../../../domain/referral/model.ts';
import type { View } from '../../../domain/referral/need-to-know.ts';
import type { CoordinationView } from '../schemas/coordination.ts';
import type { AccompanimentView, OpenView } from '../schemas/need-to-know.ts';
import type { ReferralView } from '../schemas/referrals.ts';
import { coordinationView } from './coordination-view.ts';
import { exactly } from './exact.ts';
import { referralView } from './referral-view.ts';
import { accompanimentBlockOf, timelineActionsOf } from './view-blocks.ts';

/*
 * The referral in the view the caller gets (the table is domain/referral/need-to-know.ts). Each view's
 * fields are written once, in its function here or beside it (referral-view.ts, coordination-view.ts),
 * typed by its response schema: what a view leaves out cannot come back through a list or a page.
 */

const asAccompanimentView = exactly<AccompanimentView>();

/**
 * The sealed fields each view shows, beside the views that show them: a read opens these and no other
 * (referral-store `reveal`), so what a view leaves out is never decrypted for its caller.
 */
export const SEALED_FIELDS_SHOWN: Readonly<Record<View, readonly ReferralSealedField[]>> = {
  full: REFERRAL_SEALED_FIELDS,
  accompaniment: ['pseudonym', 'appointment.place', 'accompaniment.meetingPoint'],
  coordination: ['appointment.place', 'accompaniment.meetingPoint'],
  open: ['appointment.place'],
};

/** The sealed fields `view` shows (reads pass it to load-referral.ts `readReferral`). */
export const sealedFieldsShown = (view: View): readonly ReferralSealedField[] => SEALED_FIELDS_SHOWN[view];
const asOpenView = exactly<OpenView>();

/** The assigned accompanier's view: going with the person, never the reason, notes, exchanges or advice. */
export function accompanimentReferralView(r: Referral): AccompanimentView {
  return asAccompanimentView({
    view: 'accompaniment',
    id: r.id,
    status: r.status,
    version: r.version,
    pseudonym: r.pseudonym,
    need: { specialty: r.need.specialty },
    urgency: r.urgency,
    languages: [...r.languages],
    interpreterNeeded: r.interpreterNeeded,
    doNotContactDirectly: r.doNotContactDirectly,
    ...(r.appointment ? { appointment: { at: r.appointment.at, place: r.appointment.place } } : {}),
    accompaniment: accompanimentBlockOf(r),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    timeline: timelineActionsOf(r),
  });
}

/**
 * What another accompanier sees of a referral open to take: its specialty, time and place, and nothing
 * else of the person (API.md "Who sees what": not their languages, not the status). The version is no
 * fact about anyone: taking it may send it as If-Match.
 */
export function openReferralView(r: Referral): OpenView {
  return asOpenView({
    view: 'open',
    id: r.id,
    version: r.version,
    need: { specialty: r.need.specialty },
    ...(r.appointment ? { appointment: { at: r.appointment.at, place: r.appointment.place } } : {}),
  });
}

/** One of the views, as a single read shows it. */
export type AnyReferralView = ReferralView | AccompanimentView | CoordinationView | OpenView;
/** One of the views, as a list shows it: without the timeline. */
export type AnyReferralListItem =
  | Omit<ReferralView, 'timeline'>
  | Omit<AccompanimentView, 'timeline'>
  | Omit<CoordinationView, 'timeline'>
  | OpenView;

/** The referral as `view` shows it (single reads, answers to changes, the staff pages). */
export function viewedAs(r: Referral, view: View): AnyReferralView {
  switch (view) {
    case 'full':
      return referralView(r);
    case 'accompaniment':
      return accompanimentReferralView(r);
    case 'coordination':
      return coordinationView(r);
    case 'open':
      return openReferralView(r);
  }
}

/** The referral as `view` shows it in a list: the same view, without the timeline. */
export function listedAs(r: Referral, view: View): AnyReferralListItem {
  switch (view) {
    case 'full':
      return referralView(r, { timeline: false });
    case 'accompaniment': {
      const { timeline: _, ...item } = accompanimentReferralView(r);
      return item;
    }
    case 'coordination': {
      const { timeline: _, ...item } = coordinationView(r);
      return item;
    }
    case 'open':
      return openReferralView(r);
  }
}

/**
 * A page of referrals read with nothing opened (`reveal: []`), each listed in the view `viewOfR` gives
 * it with only that view's sealed fields opened; those it gives none are left out.
 */
export async function listedInViews(
  store: Pick<ReferralStore, 'reveal'>,
  rs: readonly Referral[],
  viewOfR: (r: Referral) => View | undefined,
): Promise<AnyReferralListItem[]> {
  const read = await revealedInView(store, rs, viewOfR, sealedFieldsShown);
  return read.map(({ referral, view }) => listedAs(referral, view));
}
