import { type Organisation, organisationTimeZone, type Specialist } from '../directory/model.ts';
import type { ActorRole, Instant, Offer, Referral, Specialty, Urgency } from '../referral/model.ts';
import type { LinkDeps } from './deps.ts';
import { type LinkRef, type LinkState, linkState } from './link-state.ts';

type Locale = Specialist['locale'];

/**
 * The minimum a specialist may see through their link (the person consented to share it): what is
 * needed, how urgent, languages, interpreter, accompaniment, who refers and how to reach that desk.
 * Never the pseudonym, the reason or anything clinical: those fields are not in this type.
 */
export interface SharedView {
  readonly specialty: Specialty;
  readonly urgency: Urgency;
  readonly languages: readonly string[];
  readonly interpreterNeeded: boolean;
  readonly accompanied: boolean;
  readonly referringOrg: { readonly name: string; readonly contact: string };
  readonly contactThroughOrganisationOnly: boolean;
}

export type LinkView =
  | {
      readonly kind: 'offer';
      readonly locale: Locale;
      /** The referring organisation's zone: the page's times are shown and typed in it. */
      readonly timeZone: string;
      /** The offer the page answers: the link's own, or the fresh one sent after the worker's answer. */
      readonly offerId: string;
      /** True when the link's offer led (by a question answered) to the fresh offer shown. */
      readonly followed: boolean;
      readonly expiresAt: Instant;
      readonly practice: string;
      readonly shared: SharedView;
      /** This specialist's questions on this referral and the worker's answers. */
      readonly exchanges: readonly { readonly question: string; readonly answer?: string }[];
    }
  | {
      readonly kind: 'outcome';
      readonly locale: Locale;
      /** The referring organisation's zone, as on the offer page. */
      readonly timeZone: string;
      readonly specialty: Specialty;
      readonly appointment: { readonly at: Instant; readonly place: string };
    }
  | {
      readonly kind: 'refused';
      readonly state: Exclude<LinkState, 'open'>;
      readonly locale?: Locale;
      /** An outcome link whose outcome someone else recorded: who (by role only) and when. */
      readonly recordedBy?: RecordedBy;
    };

/** Who recorded an outcome in the specialist's stead, by role only (never a name), and when. */
export interface RecordedBy {
  readonly role: Exclude<ActorRole, 'specialist'>;
  readonly at: Instant;
  /** The referring organisation's zone, in which `at` is shown. */
  readonly timeZone: string;
}

/** The outcome was recorded by someone other than the specialist: the page says by whom. */
function recordedByOther(r: Referral): Omit<RecordedBy, 'timeZone'> | undefined {
  const by = r.outcome?.recordedBy;
  if (!r.outcome || !by || by.role === 'specialist') return undefined;
  return { role: by.role, at: r.outcome.recordedAt };
}

/** How far a chain "asked a question → answered → fresh offer" is followed from an old link. */
const MAX_FOLLOW = 10;

/**
 * `GET /o/{token}`: what the link shows. Reads only: a mail scanner opening the link changes nothing.
 *
 * A link whose question was answered shows the fresh offer that came with the answer (the same
 * specialist, the same referral), so the page they come back to is the one to act on.
 *
 * The referral is read eventually consistent, with its sealed fields left sealed: whether the link works, and which offer it
 * shows, is decided from the rest. What the page shows of them (this specialist's questions and
 * answers, the appointment's place) is then opened beside the directory reads, and only when shown: a
 * first request does not wait for the organisation's data key (a key ring read and a KMS call) before
 * its directory reads, and an offer with no questions, or a refusal, opens nothing.
 */
export async function viewLink(deps: LinkDeps, link: LinkRef): Promise<LinkView> {
  // Eventually consistent (half the read units): a page shown, never a decision. What the specialist
  // then answers is decided by the write path on the referral as it is (change-referral.ts).
  const r = await deps.store.get(link.referralId, { reveal: [], consistent: false });
  const now = deps.clock.now().toISOString();
  const state = linkState(r, link, now);
  const offer = r?.offers.find((o) => o.id === link.offerId);
  if (!r || !offer || state === 'invalid') return { kind: 'refused', state: 'invalid' };

  if (link.purpose === 'outcome') {
    const shown = state === 'open' && r.appointment !== undefined;
    const by = state === 'used' ? recordedByOther(r) : undefined;
    // The organisation only for a page that shows a time: the appointment, or when another recorded it.
    const [specialist, opened, org] = await Promise.all([
      deps.specialists.get(offer.specialistId),
      shown ? deps.store.reveal(r, ['appointment.place']) : undefined,
      shown || by ? deps.organisations.get(r.org) : undefined,
    ]);
    const locale = specialist?.locale;
    const timeZone = organisationTimeZone(org);
    if (!opened?.appointment) {
      return by && state === 'used'
        ? { kind: 'refused', state, ...(locale ? { locale } : {}), recordedBy: { ...by, timeZone } }
        : refused(state, locale);
    }
    return {
      kind: 'outcome',
      locale: locale ?? 'en',
      timeZone,
      specialty: r.need.specialty,
      appointment: { at: opened.appointment.at, place: opened.appointment.place },
    };
  }

  let shown: Offer = offer;
  let shownState: LinkState = state;
  let followed = false;
  for (let i = 0; i < MAX_FOLLOW && shown.state === 'more_info'; i++) {
    const next = r.exchanges?.find((e) => e.offerId === shown.id)?.nextOfferId;
    const nextOffer = next ? r.offers.find((o) => o.id === next) : undefined;
    if (!nextOffer) break;
    shown = nextOffer;
    shownState = linkState(r, { ...link, offerId: nextOffer.id }, now);
    followed = true;
  }
  const open = shownState === 'open';
  const asked = (r.exchanges ?? []).some((e) => e.specialistId === offer.specialistId);
  // Independent reads, side by side: a page costs one round trip. The organisation (for the shared
  // minimum) and the questions are only shown on an offer page that still works.
  const [specialist, org, opened] = await Promise.all([
    deps.specialists.get(offer.specialistId),
    open ? deps.organisations.get(r.org) : undefined,
    open && asked ? deps.store.reveal(r, ['exchanges']) : r,
  ]);
  const locale = specialist?.locale;
  if (!open) return refused(shownState, locale);

  return {
    kind: 'offer',
    locale: locale ?? 'en',
    timeZone: organisationTimeZone(org),
    offerId: shown.id,
    followed,
    expiresAt: shown.expiresAt,
    practice: specialist?.practice ?? '',
    shared: sharedView(r, org),
    exchanges: (opened.exchanges ?? [])
      .filter((e) => e.specialistId === offer.specialistId)
      .map((e) => ({ question: e.question, answer: e.answer })),
  };
}

/**
 * The minimum of a referral that a specialist may see, from the referral and its referring organisation
 * (by id when the organisation is not in the directory, with no contact). Emails and pages are built
 * from this, never from the referral.
 */
export function sharedView(r: Referral, org: Organisation | undefined): SharedView {
  return {
    specialty: r.need.specialty,
    urgency: r.urgency,
    languages: [...r.languages],
    interpreterNeeded: r.interpreterNeeded,
    accompanied: r.accompaniment.required,
    contactThroughOrganisationOnly: r.doNotContactDirectly,
    referringOrg: {
      name: org?.name ?? r.org,
      contact: org ? [org.contact.email, org.contact.phone].filter(Boolean).join(', ') : '',
    },
  };
}

function refused(state: LinkState, locale: Locale | undefined): LinkView {
  const s = state === 'open' ? 'invalid' : state;
  return locale ? { kind: 'refused', state: s, locale } : { kind: 'refused', state: s };
}
