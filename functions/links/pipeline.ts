import type { Context, Handler } from 'hono';
import { decodeJwt } from 'jose';
import type * as z from 'zod/mini';
import { DomainError } from '../../domain/errors.ts';
import type { LinkDeps } from '../../domain/links/deps.ts';
import { type LinkRef, LinkRefusedError } from '../../domain/links/link-state.ts';
import { type RecordedBy, viewLink } from '../../domain/links/view-link.ts';
import type { Actor } from '../../domain/referral/model.ts';
import { type LinkPurpose, LinkTokenError } from '../adapters/tokens/link-tokens.ts';
import type { ResponseSpec } from '../edge/openapi.ts';
import { HttpProblemError } from '../edge/problem.ts';
import { readJsonOrForm } from '../edge/validation.ts';
import {
  type AccessNote,
  answerDisclosed,
  recordingAccess,
  showsWhatItRead,
} from '../lib/access-recording.ts';
import { organisationOf } from '../lib/organisation-cache.ts';
import { useCaseDeps } from '../lib/use-case-deps.ts';
import { type Locale, pickLocale } from '../ui/messages.ts';
import type { LinkAppDeps } from './parts.ts';
import { type LinkRefusal, refusalResponse, TOKEN_REFUSAL } from './refusals.ts';
import { refusedInput, type TypedInput, typedInput } from './refused-input.ts';
import { LINK_PAGE_HEADERS } from './render/index.ts';
import { viewPage } from './view-page.ts';

/*
 * The one way a link request is answered: verify the token → (an answer: count it against the link's
 * retry limit) → parse the body → decide (a use case) → render (a page for browsers, JSON or an RFC 9457 problem for scripts, at the same status). Each route
 * of routes.ts only says what it parses and decides.
 */

/** What the deciding step of a link route has at hand. */
export interface LinkContext {
  readonly deps: LinkAppDeps;
  readonly uc: LinkDeps;
}

/** The context of one request: the token as it came in the URL, for the pages' forms. */
export interface LinkRequest extends LinkContext {
  readonly token: string;
}

export const linkContext = (deps: LinkAppDeps): LinkContext => ({
  deps,
  // The referring organisation on an offer page, from this process's copy (lib/organisation-cache.ts).
  uc: { ...useCaseDeps(deps), organisations: { get: (id) => organisationOf(deps, id) } },
});

type Parsed<S> = S extends z.core.$ZodType ? z.output<S> : undefined;

/**
 * What a route decided: done (the JSON its response schema types, and the page a browser sees, built
 * only for a browser; `requestLocale`, the browser's, for a page that names no specialist), or refused (rendered from the refusal table; `locale` when the decision read it
 * already, even as unknown, else the specialist's is looked up for a page).
 */
export type Decision<J> =
  | { readonly done: J; readonly page: (requestLocale: Locale) => Promise<string> }
  | {
      readonly refused: LinkRefusal;
      readonly locale?: Locale | undefined;
      /** An outcome someone else recorded: the page says who. */
      readonly recordedBy?: RecordedBy | undefined;
    };

/** One link route: how it is served and how it is documented, declared once (routes.ts). */
export interface LinkRoute<
  B extends z.core.$ZodType | undefined = z.core.$ZodType | undefined,
  R extends z.core.$ZodType | undefined = z.core.$ZodType | undefined,
> {
  readonly method: 'get' | 'post';
  /** Hono's form, from the root: `/o/:token/accept`. */
  readonly path: `/o/:token${string}`;
  /** What the token must be for; `claimed`: the one it claims (the page shows an offer or an outcome). */
  readonly purpose: LinkPurpose | 'claimed';
  /** The body, as a form or JSON; none for a route that only reads. */
  readonly body: B;
  /** What a JSON client gets when it is done; none: the page, whoever asks. */
  readonly response: R;
  /** The refusals it can answer with (their statuses are documented). @default every one */
  readonly refuses?: readonly LinkRefusal[];
  readonly doc: {
    readonly summary: string;
    readonly description?: string;
    /** What the 200 answer is. */
    readonly done: string;
    /** @default 'The signed link token from the email' */
    readonly token?: string;
    /** Responses said better for this route, or other than the table's refusals. */
    readonly responses?: Readonly<Record<number, ResponseSpec>>;
  };
  decide(ctx: LinkRequest, link: LinkRef, body: Parsed<B>): Promise<Decision<Parsed<R>>>;
}

/** Declares a route, typing its `decide` by its body and response schemas. */
export const linkRoute = <B extends z.core.$ZodType | undefined, R extends z.core.$ZodType | undefined>(
  route: LinkRoute<B, R>,
): LinkRoute => route as unknown as LinkRoute;

/**
 * The hono handler of one route, on record: what it reads and changes of the link's referral goes to the
 * access log as the specialist of the link's offer, through the route (`POST /o/{token}/accept`, never
 * the token), like a staff route (functions/lib/access-recording.ts).
 */
export function linkHandler(ctx: LinkContext, route: LinkRoute): Handler {
  const answer = answerLink(ctx, route);
  const name = `${route.method.toUpperCase()} ${route.path.replace(':token', '{token}')}`;
  return async (c) => {
    let link: LinkRef | undefined;
    let response: Response | undefined;
    await recordingAccess(
      ctx.deps,
      async () => {
        response = await answer(c, (verified) => {
          link = verified;
        });
      },
      (failed) => ({
        route: name,
        disclosed: answerDisclosed(c.req.method, response?.status, failed),
        keep: (note) => note.subject === 'referral' && note.id === link?.referralId,
        actorOf: (notes) => specialistOf(notes, link),
      }),
    );
    return response!;
  };
}

/** The specialist a link was sent to: the one of its offer, in the referral as the request read it. */
function specialistOf(notes: readonly AccessNote[], link: LinkRef | undefined): Actor | undefined {
  for (const note of notes) {
    const offer =
      note.subject === 'referral' ? note.referral?.offers.find((o) => o.id === link?.offerId) : undefined;
    if (offer) return { role: 'specialist', id: offer.specialistId };
  }
  return undefined;
}

/** How one route answers; `verified` is told the link once its token is. */
function answerLink(
  ctx: LinkContext,
  route: LinkRoute,
): (c: Context, verified: (link: LinkRef) => void) => Promise<Response> {
  const { deps, uc } = ctx;
  return async (c, verified) => {
    const token = c.req.param('token') ?? '';
    const html = wantsHtml(c);
    const purpose = route.purpose === 'claimed' ? purposeHint(token) : route.purpose;

    // 1. Verify: the token is the credential, checked before anything is read.
    let link: LinkRef;
    let jti: string;
    try {
      const claims = await deps.linkTokens.verify(token, { purpose, now: deps.clock.now() });
      link = { purpose, offerId: claims.offerId, referralId: claims.referralId };
      jti = claims.jti;
      verified(link);
    } catch (err) {
      if (!(err instanceof LinkTokenError)) throw err;
      // A genuine link past its time is refused in its specialist's language, like every other refusal.
      const locale =
        html && err.reason === 'expired' ? await expiredLinkLocale(ctx, token, purpose) : undefined;
      return refusalResponse(c, TOKEN_REFUSAL[err.reason], { html, locale: locale ?? localeOf(c), purpose });
    }

    // An answer counts against the link's retry limit, whatever comes of it, before anything is read:
    // past the limit, nothing is parsed, read or changed (the page in the browser's language, so that a
    // refusal costs no read).
    if (route.method === 'post') {
      const budget = await deps.linkPosts.take(jti, deps.clock.now());
      if (!budget.allowed) {
        return refusalResponse(c, 'throttled', {
          html,
          locale: localeOf(c),
          retryAfterSeconds: budget.retryAfterSeconds,
        });
      }
    }

    /** The refusal of a verified link, in its specialist's locale when it names one. */
    const refused = async (
      refusal: LinkRefusal,
      known?: { locale?: Locale | undefined; recordedBy?: RecordedBy | undefined },
    ): Promise<Response> => {
      const seen: { locale?: Locale | undefined; recordedBy?: RecordedBy | undefined } | undefined = html
        ? (known ?? (await viewLink(uc, link)))
        : undefined;
      return refusalResponse(c, refusal, {
        html,
        purpose: link.purpose,
        locale: seen?.locale ?? localeOf(c),
        ...(seen?.recordedBy ? { recordedBy: seen.recordedBy } : {}),
      });
    };

    // What was typed, to keep in a form shown again after a refusal.
    let typed: TypedInput = {};
    try {
      // 2. Parse, 3. decide.
      const body = route.body
        ? await readJsonOrForm(c, route.body, { onInput: (input) => (typed = typedInput(input)) })
        : undefined;
      const decision = await route.decide({ ...ctx, token }, link, body);
      // 4. Render.
      if ('refused' in decision) {
        return await refused(
          decision.refused,
          'locale' in decision || 'recordedBy' in decision ? decision : undefined,
        );
      }
      if (html || !route.response) return page(c, 200, await decision.page(localeOf(c)));
      return c.json(decision.done as object, 200);
    } catch (err) {
      if (err instanceof LinkRefusedError) return await refused(err.state);
      // A browser gets the link's page again rather than a problem, at its status: a refused field's
      // reason next to it, with what was typed kept; a body that could not be read (too large, another
      // media type), a note above the forms.
      const status = html ? badInputStatus(err) : undefined;
      if (status !== undefined) {
        const view = await viewLink(uc, link);
        if (view.kind === 'refused') return await refused(view.state, view);
        // The link's page again: it shows the referral as its 200 does (access-recording.ts).
        showsWhatItRead();
        return page(c, status, await viewPage(ctx, view, link, token, { refused: refusedInput(err), typed }));
      }
      throw err;
    }
  };
}

/** The status of what was sent that cannot be used (a refused field, a body too large or of another type). */
type BadInputStatus = 400 | 413 | 415;

const badInputStatus = (err: unknown): BadInputStatus | undefined => {
  if (err instanceof DomainError && err.kind === 'invalid_input') return 400;
  if (err instanceof HttpProblemError && (err.status === 400 || err.status === 413 || err.status === 415)) {
    return err.status;
  }
  return undefined;
};

/** A link page with the headers a capability URL needs (strict CSP, no referrer, never cached). */
function page(c: Context, status: 200 | BadInputStatus, html: string): Response {
  return c.html(html, status, LINK_PAGE_HEADERS);
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

/**
 * The language of the specialist an expired link was sent to. The token was refused for its time only
 * (its signature, issuer, audience and purpose are good), so it is verified again as of a moment before
 * it expired, which proves its claims, and names the offer whose specialist's language the page takes.
 * Undefined when that cannot be found out: the browser's language then.
 */
async function expiredLinkLocale(
  { deps, uc }: LinkContext,
  token: string,
  purpose: LinkPurpose,
): Promise<Locale | undefined> {
  try {
    const exp = decodeJwt(token).exp;
    if (typeof exp !== 'number') return undefined;
    const claims = await deps.linkTokens.verify(token, { purpose, now: new Date((exp - 1) * 1000) });
    const view = await viewLink(uc, { purpose, offerId: claims.offerId, referralId: claims.referralId });
    return view.locale;
  } catch {
    return undefined;
  }
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
