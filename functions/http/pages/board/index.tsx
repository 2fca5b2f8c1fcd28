import { type Context, Hono } from 'hono';
import * as z from 'zod/mini';
import { assignAccompaniment } from '../../../../domain/accompaniment/assign-accompanier.ts';
import type { Caller } from '../../../../domain/caller.ts';
import { AlreadySoError, DomainError } from '../../../../domain/errors.ts';
import { acknowledgeEscalation } from '../../../../domain/escalations/acknowledge-escalation.ts';
import { seesEscalation } from '../../../../domain/escalations/context.ts';
import { listEscalations } from '../../../../domain/escalations/list-escalations.ts';
import { showing } from '../../../../domain/escalations/referral-summary.ts';
import { NO_OTHER_CANDIDATE, offerToMore } from '../../../../domain/referral/offer-to-more.ts';
import { recordFollowUp } from '../../../../domain/referral/record-follow-up.ts';
import { yearFigures } from '../../../../domain/stats/year-figures.ts';
import { ESCALATION_KINDS, ESCALATION_STATES } from '../../../../domain/timers/escalation.ts';
import type { BoardEscalation } from '../../../../domain/timers/ports.ts';
import { queryOf, readForm } from '../../../edge/validation.ts';
import { coordinatorsFeed } from '../../../lib/feeds.ts';
import { escalationDepsOf, useCaseDeps } from '../../../lib/use-case-deps.ts';
import type { PagesAppDeps } from '../../pages-parts.ts';
import { statsQuery } from '../../schemas/escalations.ts';
import { idParams } from '../../schemas/params.ts';
import { CSV_CONTENT_TYPE } from '../../views/csv.ts';
import { statsCsv, yearStatsView } from '../../views/exports.ts';
import { pageOnError } from '../error-page.tsx';
import { versionOf } from '../forms.ts';
import { PAGE_HEADERS } from '../layout.tsx';
import { pageLocale } from '../locale.ts';
import { pathParams } from '../path-params.ts';
import { rolesOnly } from '../roles-only.tsx';
import { pageSession, sameOriginOnly } from '../session.ts';
import { accompanierChoices } from '../staff/accompanier-choice.tsx';
import { assignsAccompanier, NOTICE_CODES, type NoticeCode, renderBoard } from './render.tsx';

const boardQuery = z.strictObject({
  state: z.optional(z.enum(ESCALATION_STATES)),
  kind: z.optional(z.union([z.enum(ESCALATION_KINDS), z.literal('')])),
  org: z.optional(z.union([z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/)), z.literal('')])),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
  notice: z.optional(z.enum(NOTICE_CODES)),
});

/** Where to go back after an action: the board with its filters, nothing else. */
const backField = z.optional(
  z.string().check(z.maxLength(300), z.regex(/^\/app\/board(\?[A-Za-z0-9=&_%.-]*)?$/)),
);
/**
 * What the coordinator saw, as the JSON route of the action takes it for If-Match: acknowledging, the
 * escalation's version; acting on the referral, the referral's version the board item showed
 * (referral-summary.ts). Read by `versionOf`: none, or another than now, is told "changed" and changes
 * nothing, so the second of two coordinators acting at once on what they both saw is not told it worked.
 */
const version = z.optional(z.string().check(z.maxLength(12)));
const ackForm = z.strictObject({ back: backField, version });
const reassignForm = z.strictObject({
  back: backField,
  version,
  accompanierId: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
});

/**
 * `/app/board`: the coordinator board as a server-rendered page (no script needed): what is overdue,
 * grouped by kind, with filters, acknowledge and act buttons (POST forms, same origin only), and the
 * year's activity figures as inline SVG charts. Signed in through `/app/sign-in` (cookie session).
 */
export function boardPages(deps: PagesAppDeps) {
  const esc = escalationDepsOf(deps);
  const uc = useCaseDeps(deps);
  const caller = (c: Context): Caller => c.var.principal;
  const coordinatorsOnly = rolesOnly(
    deps,
    ['coordinator', 'network_coordinator'],
    'staff.board.for_coordinators',
    'staff.error.title',
  );
  /** Runs an action and goes back to the board with a notice. */
  const act = async (
    c: Context,
    back: string | undefined,
    run: () => Promise<unknown>,
    ok: NoticeCode,
    invalid: NoticeCode = 'not_allowed',
  ) => {
    let notice: NoticeCode = ok;
    try {
      await run();
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      // A refusal that says what to do next is shown as it is; the others by kind.
      notice =
        err instanceof AlreadySoError
          ? 'already_done'
          : err.message === NO_OTHER_CANDIDATE
            ? 'no_candidate'
            : err.kind === 'not_found'
              ? 'not_found'
              : err.kind === 'conflict'
                ? 'changed'
                : err.kind === 'invalid_input'
                  ? invalid
                  : 'not_allowed';
    }
    const target = new URL(back ?? '/app/board', 'http://board.local');
    target.searchParams.delete('cursor');
    target.searchParams.set('notice', notice);
    return c.redirect(`${target.pathname}${target.search}`, 303);
  };
  /**
   * The page's escalations, each showing its referral: from the item itself, but for an escalation
   * raised before items kept it, whose referral is read here (fewer each day: the board's consumer and
   * the sweep write it on them as the referral moves).
   */
  const withReferrals = async <P extends { readonly items: readonly BoardEscalation[] }>(page: P) => ({
    ...page,
    items: await Promise.all(
      page.items.map(async (e) => {
        if (e.referral) return e;
        const r = await deps.store.get(e.referralId, { consistent: false });
        return r ? showing(e, r) : e;
      }),
    ),
  });
  /** The escalation an action is about, if it is on the caller's board (as for acknowledging it). */
  const escalationFor = async (c: Context) => {
    const e = await deps.escalations.get(c.req.param('id') ?? '');
    if (!e || !seesEscalation(caller(c), e)) throw new DomainError('not_found', 'No such escalation.');
    return e;
  };

  return (
    new Hono()
      .onError(pageOnError(deps))
      .use(sameOriginOnly, pageSession(deps), coordinatorsOnly)
      .use('/escalations/:id/*', pathParams(idParams, 'id'))
      .get('/', async (c) => {
        let q: z.output<typeof boardQuery>;
        try {
          q = queryOf(c, boardQuery);
        } catch {
          return c.redirect('/app/board', 303);
        }
        const p = caller(c);
        const network = p.roles.includes('network_coordinator');
        const state = q.state ?? 'open';
        const kind = q.kind || undefined;
        const org = (network ? q.org : undefined) || undefined;
        const now = deps.clock.now();
        const [page, figures, feed] = await Promise.all([
          listEscalations(esc, p, { state, kind, org, cursor: q.cursor, limit: 50 }).then(withReferrals),
          yearFigures(deps, p, now.getUTCFullYear(), org),
          // The organisation's coordinators' notices that need someone (tell-coordinators.ts).
          deps.notifications.list(
            { sub: p.sub, org: p.org, groups: [coordinatorsFeed(p.org)] },
            { limit: 20 },
          ),
        ]);
        // The accompaniers of each organisation the board offers to assign one on, to choose by name.
        const orgs = new Set(page.items.filter((e) => assignsAccompanier(p, e)).map((e) => e.org));
        const accompaniers = Object.fromEntries(
          await Promise.all([...orgs].map(async (o) => [o, await accompanierChoices(deps, o)] as const)),
        );
        const { locale, timeZone } = await pageLocale(c, deps, p);
        const html = renderBoard({
          locale,
          timeZone,
          accompaniers,
          state,
          kind,
          org,
          network,
          items: page.items,
          nextCursor: page.nextCursor,
          now,
          figures,
          notice: q.notice,
          signedInAs: p,
          notices: feed.items,
        });
        return c.body(html, 200, PAGE_HEADERS);
      })
      // The year's figures as a file: the same CSV as `GET /v1/stats?year=` with `Accept: text/csv`
      // (views/exports.ts), small counts suppressed as the API suppresses them.
      .get('/stats.csv', async (c) => {
        const query = queryOf(c, statsQuery);
        const p = caller(c);
        const year = query.year ?? deps.clock.now().getUTCFullYear();
        const view = await yearStatsView(deps, p, year, query.org);
        // The organisation (or `network`), in characters a file name keeps as they are.
        const scope = view.scope.replace(/[^A-Za-z0-9-]/g, '-');
        return c.body(statsCsv(view), 200, {
          ...PAGE_HEADERS,
          'Content-Type': CSV_CONTENT_TYPE,
          'Content-Disposition': `attachment; filename="relais-figures-${scope}-${year}.csv"`,
        });
      })
      .post('/escalations/:id/ack', async (c) => {
        const form = await readForm(c, ackForm);
        return act(
          c,
          form.back,
          // One not on the caller's board is "not found", whatever version the form says.
          async () => acknowledgeEscalation(esc, caller(c), (await escalationFor(c)).id, versionOf(form)),
          'acknowledged',
        );
      })
      .post('/escalations/:id/reoffer', async (c) => {
        const form = await readForm(c, ackForm);
        return act(
          c,
          form.back,
          async () =>
            offerToMore(uc, caller(c), (await escalationFor(c)).referralId, undefined, versionOf(form)),
          'reoffered',
        );
      })
      .post('/escalations/:id/follow-up-done', async (c) => {
        const form = await readForm(c, ackForm);
        const done = { done: true } as const;
        return act(
          c,
          form.back,
          async () =>
            recordFollowUp(uc, caller(c), (await escalationFor(c)).referralId, done, versionOf(form)),
          'followed_up',
        );
      })
      .post('/escalations/:id/reassign', async (c) => {
        const form = await readForm(c, z.record(z.string(), z.unknown()));
        const parsed = reassignForm.safeParse(form);
        if (!parsed.success) {
          const back = backField.safeParse(form.back);
          return act(
            c,
            back.success ? back.data : undefined,
            async () => {
              throw new DomainError('invalid_input', 'An accompanier is needed.');
            },
            'reassigned',
            'choose_accompanier',
          );
        }
        const { back, accompanierId } = parsed.data;
        return act(
          c,
          back,
          async () =>
            assignAccompaniment(
              uc,
              caller(c),
              (await escalationFor(c)).referralId,
              { accompanierId },
              versionOf(parsed.data),
            ),
          'reassigned',
        );
      })
  );
}
