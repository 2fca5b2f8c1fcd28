import type * as z from 'zod/mini';
import { rescheduleBySpecialist } from '../../domain/accompaniment/reschedule.ts';
import { organisationTimeZone } from '../../domain/directory/model.ts';
import { DomainError } from '../../domain/errors.ts';
import { acceptByLink } from '../../domain/links/accept-by-link.ts';
import { askMoreInfo } from '../../domain/links/ask-more-info.ts';
import { confirmAddress, viewAddressLink } from '../../domain/links/confirm-address.ts';
import { declineByLink } from '../../domain/links/decline-by-link.ts';
import { type LinkRef, LinkRefusedError } from '../../domain/links/link-state.ts';
import { recordOutcomeByLink } from '../../domain/links/record-outcome-by-link.ts';
import { returnAdvice } from '../../domain/links/return-advice.ts';
import { viewLink } from '../../domain/links/view-link.ts';
import type { Referral } from '../../domain/referral/model.ts';
import type { ResponseSpec, RouteSpec } from '../edge/openapi.ts';
import type { Locale } from '../ui/messages.ts';
import { type Decision, type LinkContext, type LinkRoute, linkRoute } from './pipeline.ts';
import { LINK_REFUSALS, LINK_REFUSALS_IN_ORDER, type LinkRefusal, REFUSAL_STATUS_NOTES } from './refusals.ts';
import { addressPage, type MessagePageKind, messagePage, movedPage } from './render/index.ts';
import {
  acceptBody,
  addressResult,
  adviceBody,
  appointmentInstant,
  confirmAddressBody,
  declineBody,
  hasOffset,
  type LinkResult,
  linkResult,
  moreInfoBody,
  outcomeBody,
  rescheduleLinkBody,
  rescheduleLinkResult,
} from './schemas.ts';
import { isComeBack, type ShownView, viewPage } from './view-page.ts';

/**
 * `/o/{token}`: the pages and answers behind the links in specialists' emails (API.md, a fixed contract),
 * each declared once here: what it parses, what it answers, what it decides and what the OpenAPI
 * document says of it. app.ts serves this table, linkRouteDocs documents it.
 *
 * GET and HEAD only read: mail scanners open links. A POST answers once; whatever cannot be done changes
 * nothing and says why, from the refusal table (refusals.ts).
 */

const ANSWERED =
  'Form posts and `Accept: text/html` get an HTML page with the same status; JSON clients get JSON and RFC 9457 problems.';

/** An answer of an offer or outcome link whose page is a message in the specialist's locale. */
const answered = async (
  { deps }: LinkContext,
  r: Referral,
  link: LinkRef,
  kind: Exclude<MessagePageKind, 'accepted'>,
  result: LinkResult,
): Promise<Decision<LinkResult>> => ({
  done: result,
  page: async () => {
    const specialistId = r.offers.find((o) => o.id === link.offerId)?.specialistId;
    return messagePage({ kind, locale: await localeOfSpecialist(deps, specialistId) });
  },
});

async function localeOfSpecialist(deps: LinkContext['deps'], id: string | undefined): Promise<Locale> {
  return (id ? (await deps.specialists.get(id))?.locale : undefined) ?? 'en';
}

/** The zone a page shows the referral's times in: its referring organisation's, as the forms were typed in. */
const zoneOf = async (uc: LinkContext['uc'], r: Referral): Promise<string> =>
  organisationTimeZone(await uc.organisations.get(r.org));

/**
 * The instant of a typed appointment time: as written when it has an offset; else local in the zone the
 * body names, or else in the referring organisation's (`zoneOf`, which the link's page showed times in),
 * so that a script posting `2027-03-01T10:00` means what the page meant. Only then is the referral read.
 */
async function typedAppointment(
  uc: LinkContext['uc'],
  link: LinkRef,
  body: { readonly appointmentAt: string; readonly timeZone?: string | undefined },
): Promise<string> {
  if (body.timeZone !== undefined || hasOffset(body.appointmentAt)) {
    return appointmentInstant(body.appointmentAt, body.timeZone).toISOString();
  }
  const r = await uc.store.get(link.referralId);
  return appointmentInstant(body.appointmentAt, r ? await zoneOf(uc, r) : undefined).toISOString();
}

function appointmentOf(r: Referral): { at: string; place: string } {
  if (!r.appointment) throw new Error('a referral with a new appointment has one');
  return { at: r.appointment.at, place: r.appointment.place };
}

/**
 * An answer to an offer that only records it (decline, question, advice): its result and its page are
 * both the message of `kind`, in the specialist's locale.
 */
function offerAnswer<S extends z.core.$ZodType>(
  action: string,
  body: S,
  summary: string,
  kind: 'declined' | 'info_requested' | 'advice_sent',
  run: (uc: LinkContext['uc'], link: LinkRef, body: z.output<S>) => Promise<Referral>,
): LinkRoute {
  return linkRoute({
    method: 'post',
    path: `/o/:token/${action}`,
    purpose: 'offer',
    body,
    response: linkResult,
    doc: { summary, description: ANSWERED, done: 'Recorded' },
    async decide(ctx, link, parsed) {
      // S is a schema here, so the body was parsed by it (TypeScript does not resolve Parsed<S> for a generic S).
      return answered(ctx, await run(ctx.uc, link, parsed as z.output<S>), link, kind, { result: kind });
    },
  });
}

/** What an address link can be refused for: it names a specialist, not a referral. */
const ADDRESS_REFUSALS: readonly LinkRefusal[] = ['used', 'expired', 'closed', 'invalid'];
const ADDRESS_RESPONSES: Readonly<Record<number, ResponseSpec>> = {
  401: { description: 'Not a valid address link: nothing changed' },
  410: {
    description:
      'The address was confirmed already, the link has expired, or the address changed since: nothing changed',
  },
};

export const LINK_ROUTES: readonly LinkRoute[] = [
  linkRoute({
    method: 'get',
    path: '/o/:token',
    purpose: 'claimed',
    body: undefined,
    response: undefined,
    // A question waiting for its answer, an appointment in doubt: pages to come back to (200), not
    // refusals, when looked at.
    refuses: LINK_REFUSALS_IN_ORDER.filter((r) => !isComeBack(r)),
    doc: {
      summary: 'The page behind a specialist link (never changes state)',
      done: 'The offer or outcome page',
    },
    async decide(ctx, link) {
      const view = await viewLink(ctx.uc, link);
      let shown: ShownView;
      if (view.kind !== 'refused') shown = view;
      else if (isComeBack(view.state)) shown = { ...view, state: view.state };
      else return { refused: view.state, locale: view.locale, recordedBy: view.recordedBy };
      return {
        done: undefined,
        page: (fallbackLocale) => viewPage(ctx, shown, link, ctx.token, { fallbackLocale }),
      };
    },
  }),
  linkRoute({
    method: 'post',
    path: '/o/:token/accept',
    purpose: 'offer',
    body: acceptBody,
    response: linkResult,
    doc: { summary: 'Accept with an appointment time (and place)', description: ANSWERED, done: 'Recorded' },
    async decide({ deps, uc }, link, body) {
      const r = await acceptByLink(uc, link, {
        appointmentAt: await typedAppointment(uc, link, body),
        ...(body.place ? { place: body.place } : {}),
      });
      const appointment = appointmentOf(r);
      return {
        done: { result: 'accepted' as const, appointment },
        page: async () =>
          messagePage({
            kind: 'accepted',
            locale: await localeOfSpecialist(deps, r.appointment?.specialistId),
            appointmentAt: new Date(appointment.at),
            place: appointment.place,
            timeZone: await zoneOf(uc, r),
          }),
      };
    },
  }),
  offerAnswer(
    'decline',
    declineBody,
    'Decline with a reason; the next candidate is offered',
    'declined',
    (uc, link, body) => declineByLink(uc, link, body.reason),
  ),
  offerAnswer(
    'more-info',
    moreInfoBody,
    'Ask the referring worker a question; the referral waits on hold',
    'info_requested',
    (uc, link, body) => askMoreInfo(uc, link, body.question),
  ),
  offerAnswer(
    'advice',
    adviceBody,
    'No visit needed: reply with advice; the referral closes',
    'advice_sent',
    (uc, link, body) => returnAdvice(uc, link, body.advice),
  ),
  linkRoute({
    method: 'post',
    path: '/o/:token/outcome',
    purpose: 'outcome',
    body: outcomeBody,
    response: linkResult,
    doc: { summary: 'Say whether the person came (outcome link)', description: ANSWERED, done: 'Recorded' },
    async decide(ctx, link, body) {
      const r = await recordOutcomeByLink(ctx.uc, link, body.attended);
      return answered(ctx, r, link, 'outcome_recorded', {
        result: 'outcome_recorded',
        attended: body.attended,
      });
    },
  }),
  linkRoute({
    method: 'post',
    path: '/o/:token/reschedule',
    purpose: 'outcome',
    body: rescheduleLinkBody,
    response: rescheduleLinkResult,
    // Not single-use: a time may move twice. It refuses once the referral is closed.
    refuses: ['expired', 'closed', 'invalid'],
    doc: {
      summary: 'The specialist moves their appointment (outcome link)',
      description:
        'Works for the appointment the link’s offer became, while the referral is not closed; not single-use. ' +
        'Form posts get an HTML page, JSON clients JSON and RFC 9457 problems.',
      done: 'Moved',
      token: 'The signed outcome link token from the confirmation email',
      responses: {
        401: { description: 'Not a valid outcome link, or it names no appointment of its referral' },
        410: { description: 'The link has expired, or the request is closed' },
        422: { description: 'The appointment cannot be moved at this step' },
      },
    },
    async decide({ deps, uc }, link, body) {
      let r: Referral;
      try {
        r = await rescheduleBySpecialist(uc, link, {
          appointmentAt: await typedAppointment(uc, link, body),
          ...(body.place ? { place: body.place } : {}),
        });
      } catch (err) {
        // The use case says "no such appointment" or "closed" in its own words: the same refusals as
        // every other link.
        if (err instanceof LinkRefusedError || !(err instanceof DomainError)) throw err;
        if (err.kind === 'gone') return { refused: 'closed' as const };
        if (err.kind === 'not_found') return { refused: 'invalid' as const };
        throw err;
      }
      const appointment = appointmentOf(r);
      return {
        done: { result: 'rescheduled' as const, appointment },
        page: async () =>
          movedPage(
            await localeOfSpecialist(deps, r.appointment?.specialistId),
            appointment,
            await zoneOf(uc, r),
          ),
      };
    },
  }),
  linkRoute({
    method: 'get',
    path: '/o/:token/address',
    purpose: 'address',
    body: undefined,
    response: undefined,
    refuses: ADDRESS_REFUSALS,
    doc: {
      summary: 'The page where a specialist confirms their address (never changes state)',
      description:
        'One button, which POSTs to the same path: opening the link (a mail scanner does) confirms nothing.',
      done: 'The confirmation page',
      token: 'The signed address link token from the confirmation email',
      responses: ADDRESS_RESPONSES,
    },
    async decide({ deps, token }, link) {
      const { state, specialist } = await viewAddressLink(deps, link);
      const locale = specialist?.locale;
      if (state !== 'open') return { refused: state, locale };
      return {
        done: undefined,
        page: async (fallback) => addressPage({ locale: locale ?? fallback, token }),
      };
    },
  }),
  linkRoute({
    method: 'post',
    path: '/o/:token/address',
    purpose: 'address',
    body: confirmAddressBody,
    response: addressResult,
    refuses: ADDRESS_REFUSALS,
    doc: {
      summary: 'The specialist confirms their address (address link)',
      description:
        'Works once, for the address the entry still has; offers reach the specialist once an admin has ' +
        'approved the entry too. ' +
        ANSWERED,
      done: 'Confirmed',
      token: 'The signed address link token from the confirmation email',
      responses: ADDRESS_RESPONSES,
    },
    async decide({ deps }, link) {
      const { specialist, eligible } = await confirmAddress(deps, link);
      return {
        done: { result: 'address_confirmed' as const, eligible },
        page: async () => messagePage({ kind: 'address_confirmed', locale: specialist.locale }),
      };
    },
  }),
];

const LINK_BODY_TYPES = ['application/x-www-form-urlencoded', 'application/json'];
const BAD_INPUT: Readonly<Record<400 | 413 | 415, ResponseSpec>> = {
  400: { description: 'Bad input (an HTML client gets the page again with a note)' },
  413: { description: 'The body is larger than 64 KB (an HTML client gets the page again with a note)' },
  415: {
    description: 'The body is not JSON nor a form (an HTML client gets the page again with a note)',
  },
};

/** The OpenAPI operations of the link routes, from the same table the app serves. */
export function linkRouteDocs(): RouteSpec[] {
  return LINK_ROUTES.map((route): RouteSpec => {
    const responses: Record<number, ResponseSpec> = {
      200: route.response
        ? { description: route.doc.done, schema: route.response }
        : { description: route.doc.done, contentType: 'text/html' },
    };
    if (route.body) Object.assign(responses, BAD_INPUT);
    for (const refusal of route.refuses ?? LINK_REFUSALS_IN_ORDER) {
      const { status } = LINK_REFUSALS[refusal];
      responses[status] = { description: REFUSAL_STATUS_NOTES[status] };
    }
    // Every answer is counted against the link's retry limit (pipeline.ts).
    if (route.method === 'post') responses[429] = { description: REFUSAL_STATUS_NOTES[429] };
    return {
      method: route.method,
      path: route.path.replace(':token', '{token}'),
      summary: route.doc.summary,
      ...(route.doc.description ? { description: route.doc.description } : {}),
      tags: ['links'],
      security: 'link',
      // Every link route is answered through the pipeline, which records it (pipeline.ts).
      accessLog: 'recorded',
      ...(route.body ? { body: route.body, bodyContentTypes: LINK_BODY_TYPES } : {}),
      pathParams: { token: route.doc.token ?? 'The signed link token from the email' },
      responses: { ...responses, ...route.doc.responses },
    };
  });
}
