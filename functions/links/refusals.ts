import type { Context } from 'hono';
import type { LinkState } from '../../domain/links/link-state.ts';
import type { RecordedBy } from '../../domain/links/view-link.ts';
import type { LinkPurpose, LinkTokenFailure } from '../adapters/tokens/link-tokens.ts';
import { PROBLEM_TYPES, problem } from '../edge/problem.ts';
import type { Locale } from '../ui/messages.ts';
import { LINK_PAGE_HEADERS, type MessagePageKind, messagePage } from './render/index.ts';

/**
 * Why a link does nothing, and how that is told: the one table of the link app. The domain decides the
 * state of a link (domain/use-cases/links/link-state.ts: used, expired, taken, closed, which covers a
 * referral that moved on or was withdrawn, waiting, invalid); the token adapter refuses a token
 * (functions/adapters/tokens/link-tokens.ts: its signature, audience, type, purpose and key all make it
 * `invalid`; only a good token past its `exp` is `expired`). Each refusal is answered with the status and
 * problem type below to JSON clients and with the message page below, at the same status, to browsers
 * (API.md: 410 used/expired/moved on, 409 taken, waiting or uncertain, 401 not a valid link). Nothing was changed.
 * `throttled` is not a state of the link but of its use: the pipeline refuses a link POSTed too often
 * (functions/ports/link-posts.ts) before anything is read, with `Retry-After`.
 */
export type LinkRefusal = Exclude<LinkState, 'open'> | 'throttled';

export interface RefusalRendering {
  readonly status: 401 | 409 | 410 | 429;
  /** The RFC 9457 problem a JSON client gets. */
  readonly problem: { readonly type: string; readonly title: string; readonly detail: string };
  /** The message page a browser gets, in the specialist's locale when the link names one. */
  readonly page: Exclude<MessagePageKind, 'accepted'>;
}

export const LINK_REFUSALS: Readonly<Record<LinkRefusal, RefusalRendering>> = {
  used: {
    status: 410,
    problem: {
      type: PROBLEM_TYPES.gone,
      title: 'Link already used',
      detail: 'This link has already been used; nothing was changed.',
    },
    page: 'used',
  },
  expired: {
    status: 410,
    problem: {
      type: PROBLEM_TYPES.gone,
      title: 'Link expired',
      detail: 'This link has expired; nothing was changed.',
    },
    page: 'expired',
  },
  closed: {
    status: 410,
    problem: {
      type: PROBLEM_TYPES.gone,
      title: 'Request closed',
      detail: 'This request has moved on or was withdrawn; nothing was changed.',
    },
    page: 'closed',
  },
  taken: {
    status: 409,
    problem: {
      type: PROBLEM_TYPES.taken,
      title: 'Already taken',
      detail: 'Another specialist has already taken this appointment; nothing was changed.',
    },
    page: 'taken',
  },
  waiting: {
    status: 409,
    problem: {
      type: PROBLEM_TYPES.conflict,
      title: 'Waiting for an answer',
      detail: 'The request waits for the referring worker to answer your question.',
    },
    // The page that says the question was sent: looking at such a link (GET) shows it with 200.
    page: 'info_requested',
  },
  uncertain: {
    status: 409,
    problem: {
      type: PROBLEM_TYPES.conflict,
      title: 'Appointment uncertain',
      detail:
        'The person was not at the meeting point and the organisation is trying to reach them: there is nothing to record yet. Nothing was changed.',
    },
    page: 'uncertain',
  },
  invalid: {
    status: 401,
    problem: { type: PROBLEM_TYPES.unauthorized, title: 'Invalid link', detail: 'This link is not valid.' },
    page: 'invalid',
  },
  throttled: {
    status: 429,
    problem: {
      type: PROBLEM_TYPES.throttled,
      title: 'Too many tries',
      detail: 'This link was used too many times in a short while; try again later. Nothing was changed.',
    },
    page: 'throttled',
  },
};

/** The refusals a route decides (the link's state), in order; `throttled` is the pipeline's own. */
export const LINK_REFUSALS_IN_ORDER = (Object.keys(LINK_REFUSALS) as LinkRefusal[]).filter(
  (refusal) => refusal !== 'throttled',
);

/** A token the adapter refused, as the refusal it is. */
export const TOKEN_REFUSAL: Readonly<Record<LinkTokenFailure, LinkRefusal>> = {
  expired: 'expired',
  invalid: 'invalid',
};

/** What the OpenAPI document says of each refusal status, for a route that does not say it better. */
export const REFUSAL_STATUS_NOTES: Readonly<Record<RefusalRendering['status'], string>> = {
  401: 'Not a valid link (tampered, wrong purpose, unknown key): nothing changed',
  409: 'Another specialist took it, the request waits for an answer, or the appointment is uncertain: nothing changed',
  410: 'The link was used, has expired, or the request moved on: nothing changed',
  429: 'The link was answered too many times in the last hour (see Retry-After): nothing changed',
};

/**
 * A refusal whose page says it better for a link of one purpose: an outcome link past its time was the
 * specialist's own appointment (not a request gone to another volunteer); an address link replaced by a
 * newer one names no request.
 */
const PAGE_BY_PURPOSE: Readonly<
  Partial<Record<LinkPurpose, Partial<Record<LinkRefusal, RefusalRendering['page']>>>>
> = {
  outcome: { expired: 'outcome_expired' },
  address: { closed: 'address_replaced' },
};

/** The challenge of a 401 link refusal: the link is the credential, and it is not a valid one. */
const LINK_CHALLENGE = 'Bearer realm="relais-link"';

/** The answer to a refused link: its page for a browser, its problem for a JSON client. */
export function refusalResponse(
  c: Context,
  refusal: LinkRefusal,
  how: {
    readonly html: boolean;
    readonly locale: Locale;
    /** What the link was for, when known: some refusals are told in its words. */
    readonly purpose?: LinkPurpose;
    readonly recordedBy?: RecordedBy;
    readonly retryAfterSeconds?: number;
  },
): Response {
  const r = LINK_REFUSALS[refusal];
  const kind = (how.purpose && PAGE_BY_PURPOSE[how.purpose]?.[refusal]) ?? r.page;
  const challenge: Record<string, string> = r.status === 401 ? { 'www-authenticate': LINK_CHALLENGE } : {};
  if (how.retryAfterSeconds !== undefined) challenge['retry-after'] = String(how.retryAfterSeconds);
  if (how.html) {
    const page =
      r.page === 'used' && how.recordedBy
        ? messagePage({
            locale: how.locale,
            kind: 'used',
            recordedBy: how.recordedBy,
            timeZone: how.recordedBy.timeZone,
          })
        : messagePage({ locale: how.locale, kind });
    return c.html(page, r.status, {
      ...LINK_PAGE_HEADERS,
      ...challenge,
    });
  }
  return problem(r.status, { ...r.problem, requestId: c.get('requestId'), headers: challenge });
}
