import { type Context, Hono } from 'hono';
import { decodeJwt } from 'jose';
import type * as z from 'zod/mini';
import { DomainError } from '../../domain/errors.ts';
import { acceptByLink } from '../../domain/links/accept-by-link.ts';
import { askMoreInfo } from '../../domain/links/ask-more-info.ts';
import { declineByLink } from '../../domain/links/decline-by-link.ts';
import type { LinkDeps } from '../../domain/links/deps.ts';
import { type LinkRef, LinkRefusedError, type LinkState } from '../../domain/links/link-state.ts';
import { recordOutcomeByLink } from '../../domain/links/record-outcome-by-link.ts';
import { returnAdvice } from '../../domain/links/return-advice.ts';
import { type LinkView, viewLink } from '../../domain/links/view-link.ts';
import type { Referral } from '../../domain/referral/model.ts';
import { type LinkPurpose, LinkTokenError } from '../adapters/tokens/link-tokens.ts';
import { HttpProblemError, PROBLEM_TYPES, problem } from '../edge/problem.ts';
import { readJsonOrForm } from '../edge/validation.ts';
import type { Deps } from '../lib/deps.ts';
import { useCaseDeps } from '../lib/use-case-deps.ts';
import { DEFAULT_TIME_ZONE, type Locale, pickLocale } from '../ui/messages.ts';
import {
  LINK_PAGE_HEADERS,
  MESSAGE_PAGE_STATUS,
  type MessagePageInput,
  type MessagePageKind,
  messagePage,
  offerPage,
  outcomePage,
  toDateTimeLocal,
} from './render/index.ts';
import { rescheduleFormHtml } from './reschedule-route.ts';
import {
  acceptBody,
  adviceBody,
  appointmentInstant,
  declineBody,
  moreInfoBody,
  outcomeBody,
} from './schemas.ts';

/**
 * `/o/{token}`: the pages and answers behind the links in specialists' emails (API.md, a fixed contract).
 *
 * The token is the credential: verified (jose, pinned algorithm, audience, purpose, expiry on the
 * service clock) before anything is read. GET and HEAD only read: mail scanners open links. A POST
 * answers once; whatever cannot be done (used, expired, taken, moved on, not a valid link) changes
 * nothing and says so: a page for browsers (form posts, `Accept: text/html`), an RFC 9457 problem for
 * JSON clients, with the same status either way (410 used/expired/moved on, 409 taken, 401 invalid).
 */
export function linkRoutes(deps: Deps): Hono {
  const uc: LinkDeps = { ...useCaseDeps(deps), organisations: deps.organisations };

  /** The verified link, or the refusal of the token. */
  const verify = async (token: string, purpose: LinkPurpose): Promise<LinkRef> => {
    const claims = await deps.linkTokens.verify(token, { purpose, now: deps.clock.now() });
    return { purpose, offerId: claims.offerId, referralId: claims.referralId };
  };

  /** A fresh link for an offer shown from an older link (after a question was answered). */
  const signOffer = (view: Extract<LinkView, { kind: 'offer' }>, link: LinkRef) =>
    deps.linkTokens.sign({
      purpose: 'offer',
      offerId: view.offerId,
      referralId: link.referralId,
      expiresAt: new Date(view.expiresAt),
      now: deps.clock.now(),
    });

  /** The page of a view: the offer or outcome form, or the message saying why the link does nothing. */
  const pageOf = async (
    c: Context,
    view: LinkView,
    token: string,
    link: LinkRef,
    opts: { error?: boolean; status?: number } = {},
  ): Promise<Response> => {
    const now = deps.clock.now();
    switch (view.kind) {
      case 'offer':
        return page(
          c,
          opts.status ?? 200,
          offerPage({
            locale: view.locale,
            ...view.shared,
            practice: view.practice,
            expiresAt: new Date(view.expiresAt),
            token: view.followed ? await signOffer(view, link) : token,
            exchanges: view.exchanges,
            now,
            ...(opts.error ? { error: true } : {}),
          }),
        );
      case 'outcome':
        return page(
          c,
          opts.status ?? 200,
          outcomePage({
            locale: view.locale,
            specialty: view.specialty,
            appointmentAt: new Date(view.appointment.at),
            place: view.appointment.place,
            token,
            // The same link lets the specialist move the appointment (POST /o/{token}/reschedule).
            moreHtml: rescheduleFormHtml(view.locale, token, toDateTimeLocal(new Date(view.appointment.at))),
            ...(opts.error ? { error: true } : {}),
          }),
        );
      case 'refused':
        return refusal(c, view.state, view.locale ?? localeOf(c), 'GET');
    }
  };

  /** The link as it answers now, for a browser coming back with a refused answer. */
  const shownAgain = async (c: Context, token: string, link: LinkRef, error: boolean) =>
    pageOf(c, await viewLink(uc, link), token, link, { error, status: 400 });

  /**
   * Runs one answer: verify, parse, decide. `run` returns what a browser sees on success and what a
   * JSON client gets.
   */
  const answer =
    <S extends z.core.$ZodType>(
      purpose: LinkPurpose,
      schema: S,
      run: (link: LinkRef, body: z.output<S>) => Promise<{ page: MessagePageInput; json: unknown }>,
    ) =>
    async (c: Context): Promise<Response> => {
      const token = c.req.param('token') ?? '';
      const html = wantsHtml(c);
      let link: LinkRef;
      try {
        link = await verify(token, purpose);
      } catch (err) {
        if (err instanceof LinkTokenError) return refusedAnswer(c, err.reason, html, localeOf(c));
        throw err;
      }
      try {
        const body = await readJsonOrForm(c, schema);
        const done = await run(link, body);
        if (!html) return c.json(done.json, 200);
        return page(c, 200, messagePage(done.page));
      } catch (err) {
        if (err instanceof LinkRefusedError) {
          const locale = html ? await localeFor(link) : undefined;
          return refusedAnswer(c, err.state, html, locale ?? localeOf(c));
        }
        const badInput =
          (err instanceof HttpProblemError && err.status === 400) ||
          (err instanceof DomainError && err.kind === 'invalid_input');
        if (html && badInput) return shownAgain(c, token, link, true);
        throw err;
      }
    };

  /** The specialist's locale for a refused answer's page. */
  const localeFor = async (link: LinkRef): Promise<Locale | undefined> => {
    const view = await viewLink(uc, link);
    return view.locale;
  };

  return new Hono()
    .get('/:token', async (c) => {
      const token = c.req.param('token');
      const purpose = purposeHint(token);
      let link: LinkRef;
      try {
        link = await verify(token, purpose);
      } catch (err) {
        if (!(err instanceof LinkTokenError)) throw err;
        return wantsHtml(c) ? refusal(c, err.reason, localeOf(c), 'GET') : refusalProblem(c, err.reason);
      }
      const view = await viewLink(uc, link);
      if (view.kind === 'refused' && !wantsHtml(c) && view.state !== 'waiting') {
        return refusalProblem(c, view.state);
      }
      return pageOf(c, view, token, link);
    })
    .post(
      '/:token/accept',
      answer('offer', acceptBody, async (link, body) => {
        const at = appointmentInstant(body.appointmentAt, body.timeZone);
        const r = await acceptByLink(uc, link, {
          appointmentAt: at.toISOString(),
          ...(body.place ? { place: body.place } : {}),
        });
        const appointment = appointmentOf(r);
        return {
          json: { result: 'accepted', appointment },
          page: {
            kind: 'accepted',
            locale: await specialistLocale(uc, r),
            appointmentAt: new Date(appointment.at),
            place: appointment.place,
            timeZone: body.timeZone ?? DEFAULT_TIME_ZONE,
          },
        };
      }),
    )
    .post(
      '/:token/decline',
      answer('offer', declineBody, async (link, body) => {
        const r = await declineByLink(uc, link, body.reason);
        return message(r, link, 'declined', { result: 'declined' });
      }),
    )
    .post(
      '/:token/more-info',
      answer('offer', moreInfoBody, async (link, body) => {
        const r = await askMoreInfo(uc, link, body.question);
        return message(r, link, 'info_requested', { result: 'info_requested' });
      }),
    )
    .post(
      '/:token/advice',
      answer('offer', adviceBody, async (link, body) => {
        const r = await returnAdvice(uc, link, body.advice);
        return message(r, link, 'advice_sent', { result: 'advice_sent' });
      }),
    )
    .post(
      '/:token/outcome',
      answer('outcome', outcomeBody, async (link, body) => {
        const r = await recordOutcomeByLink(uc, link, body.attended);
        return message(r, link, 'outcome_recorded', { result: 'outcome_recorded', attended: body.attended });
      }),
    );

  async function message(
    r: Referral,
    link: LinkRef,
    kind: Exclude<MessagePageKind, 'accepted'>,
    json: unknown,
  ): Promise<{ page: MessagePageInput; json: unknown }> {
    const specialistId = r.offers.find((o) => o.id === link.offerId)?.specialistId;
    const specialist = specialistId ? await deps.specialists.get(specialistId) : undefined;
    return { json, page: { kind, locale: specialist?.locale ?? 'en' } };
  }
}

// ── helpers ────────────────────────────────────────────────────────────────────────────────────────

/** A link page with the headers a capability URL needs (strict CSP, no referrer, never cached). */
function page(c: Context, status: number, html: string): Response {
  return c.html(html, status as 200, LINK_PAGE_HEADERS);
}

type Refused = Exclude<LinkState, 'open'>;

const REFUSED_PAGE: Readonly<Record<Refused, MessagePageKind>> = {
  waiting: 'info_requested',
  used: 'used',
  expired: 'expired',
  taken: 'taken',
  closed: 'closed',
  invalid: 'invalid',
};

const REFUSED_PROBLEM: Readonly<Record<Refused, { status: number; type: string; title: string }>> = {
  waiting: { status: 409, type: PROBLEM_TYPES.conflict, title: 'Waiting for an answer' },
  used: { status: 410, type: PROBLEM_TYPES.gone, title: 'Link already used' },
  expired: { status: 410, type: PROBLEM_TYPES.gone, title: 'Link expired' },
  taken: { status: 409, type: PROBLEM_TYPES.taken, title: 'Already taken' },
  closed: { status: 410, type: PROBLEM_TYPES.gone, title: 'Request closed' },
  invalid: { status: 401, type: PROBLEM_TYPES.unauthorized, title: 'Invalid link' },
};

const REFUSED_DETAIL: Readonly<Record<Refused, string>> = {
  waiting: 'The request waits for the referring worker to answer your question.',
  used: 'This link has already been used; nothing was changed.',
  expired: 'This link has expired; nothing was changed.',
  taken: 'Another specialist has already taken this appointment; nothing was changed.',
  closed: 'This request has moved on or was withdrawn; nothing was changed.',
  invalid: 'This link is not valid.',
};

/** The message page of a refused link. On GET, a link waiting for an answer is a normal page (200). */
function refusal(c: Context, state: Refused, locale: Locale, method: 'GET' | 'POST'): Response {
  const kind = REFUSED_PAGE[state];
  // A question waiting for its answer is a normal page to come back to, but refuses an answer.
  const status = method === 'POST' && state === 'waiting' ? 409 : MESSAGE_PAGE_STATUS[kind];
  const res = page(c, status, messagePage({ locale, kind } as MessagePageInput));
  if (status === 401) res.headers.set('www-authenticate', 'Bearer realm="relais-link"');
  return res;
}

function refusalProblem(c: Context, state: Refused): Response {
  const p = REFUSED_PROBLEM[state];
  return problem(p.status, {
    type: p.type,
    title: p.title,
    detail: REFUSED_DETAIL[state],
    requestId: c.get('requestId'),
    ...(p.status === 401 ? { headers: { 'www-authenticate': 'Bearer realm="relais-link"' } } : {}),
  });
}

function refusedAnswer(c: Context, state: Refused, html: boolean, locale: Locale): Response {
  return html ? refusal(c, state, locale, 'POST') : refusalProblem(c, state);
}

/**
 * Whether to answer with a page: form posts and browsers (`Accept` naming text/html) get pages; JSON
 * clients get JSON and problems. A GET with no preference gets the page.
 */
function wantsHtml(c: Context): boolean {
  const contentType = c.req.header('content-type') ?? '';
  if (/^application\/x-www-form-urlencoded/i.test(contentType)) return true;
  const accept = c.req.header('accept') ?? '';
  if (/text\/html/i.test(accept)) return true;
  if (/application\/(problem\+)?json/i.test(accept)) return false;
  if (/^application\/json/i.test(contentType)) return false;
  return c.req.method === 'GET' || c.req.method === 'HEAD';
}

/** The locale of a page shown before we know who asks: from the browser's languages. */
const localeOf = (c: Context): Locale => pickLocale(c.req.header('accept-language'));

/**
 * Which purpose the token claims, read without trusting it: it only picks what to verify against, and
 * the verification checks the purpose again. Anything unreadable is tried as an offer link (and fails).
 */
function purposeHint(token: string): LinkPurpose {
  try {
    return decodeJwt(token).purpose === 'outcome' ? 'outcome' : 'offer';
  } catch {
    return 'offer';
  }
}

function appointmentOf(r: Referral): { at: string; place: string } {
  if (!r.appointment) throw new Error('an accepted referral has an appointment');
  return { at: r.appointment.at, place: r.appointment.place };
}

async function specialistLocale(uc: LinkDeps, r: Referral): Promise<Locale> {
  const id = r.appointment?.specialistId;
  return (id ? (await uc.specialists.get(id))?.locale : undefined) ?? 'en';
}
