import { type Context, Hono } from 'hono';
import * as z from 'zod/mini';
import { assignAccompaniment } from '../../../../domain/accompaniment/assign-accompanier.ts';
import { confirmArrival } from '../../../../domain/accompaniment/confirm-arrival.ts';
import { confirmDeparture } from '../../../../domain/accompaniment/confirm-departure.ts';
import {
  listAvailableAccompaniments,
  listMyAccompaniments,
} from '../../../../domain/accompaniment/list-accompaniments.ts';
import { markPersonAbsent } from '../../../../domain/accompaniment/mark-absent.ts';
import { markPersonSeenAgain } from '../../../../domain/accompaniment/mark-seen-again.ts';
import { recordOutcome } from '../../../../domain/accompaniment/record-outcome.ts';
import type { Caller } from '../../../../domain/caller.ts';
import { AlreadySoError, DomainError } from '../../../../domain/errors.ts';
import type { ReferralStore } from '../../../../domain/ports.ts';
import type { UseCaseDeps } from '../../../../domain/referral/deps.ts';
import type { Referral } from '../../../../domain/referral/model.ts';
import { viewOf } from '../../../../domain/referral/need-to-know.ts';
import { own } from '../../../edge/own.ts';
import { HttpProblemError } from '../../../edge/problem.ts';
import { freeText, readForm } from '../../../edge/validation.ts';
import { useCaseDeps } from '../../../lib/use-case-deps.ts';
import { localToInstant } from '../../../ui/local-time.ts';
import type { PagesAppDeps } from '../../pages-parts.ts';
import { idParams } from '../../schemas/params.ts';
import { type AnyReferralListItem, listedInViews } from '../../views/need-to-know-view.ts';
import { pageOnError } from '../error-page.tsx';
import { pageResponse } from '../layout.tsx';
import { pathParams } from '../path-params.ts';
import { pageSession, sameOriginOnly } from '../session.ts';
import {
  AccompanimentsPage,
  type CardView,
  DONES,
  type Done,
  PAGE_ERRORS,
  type PageError,
} from './views.tsx';

/** A follow-up date is a day; it is due at 09:00 that day in the organisation's time zone. */
const FOLLOW_UP_HOUR = '09:00';

const tapBody = z.strictObject({});
const attendedBody = z.strictObject({
  followUpOn: z.optional(z.iso.date()),
  note: z.optional(freeText({ max: 280 })),
});

type Tap = (uc: UseCaseDeps, caller: Caller, id: string, c: Context) => Promise<Referral>;

const noBody = async (c: Context) => {
  await readForm(c, tapBody, { allowEmpty: true });
};

/** Each one-tap action: the same use cases as the JSON API. */
const TAPS: Readonly<Record<string, { done: Done; run: Tap }>> = {
  take: {
    done: 'taken',
    run: async (uc, caller, id, c) => {
      await noBody(c);
      return assignAccompaniment(uc, caller, id, { accompanierId: caller.sub });
    },
  },
  departed: {
    done: 'departed',
    run: async (uc, caller, id, c) => {
      await noBody(c);
      return confirmDeparture(uc, caller, id);
    },
  },
  arrived: {
    done: 'arrived',
    run: async (uc, caller, id, c) => {
      await noBody(c);
      return confirmArrival(uc, caller, id);
    },
  },
  absent: {
    done: 'absent',
    run: async (uc, caller, id, c) => {
      await noBody(c);
      return markPersonAbsent(uc, caller, id);
    },
  },
  'seen-again': {
    done: 'seen_again',
    run: async (uc, caller, id, c) => {
      await noBody(c);
      return markPersonSeenAgain(uc, caller, id);
    },
  },
  'no-show': {
    done: 'no_show',
    run: async (uc, caller, id, c) => {
      await noBody(c);
      return recordOutcome(uc, caller, id, { attended: false });
    },
  },
  attended: {
    done: 'attended',
    run: async (uc, caller, id, c) => {
      const { followUpOn, note } = await readForm(c, attendedBody, { allowEmpty: true });
      const followUpDueAt = followUpOn
        ? localToInstant(`${followUpOn}T${FOLLOW_UP_HOUR}`, c.var.pageLocale.timeZone)?.toISOString()
        : undefined;
      return recordOutcome(uc, caller, id, {
        attended: true,
        ...(followUpDueAt ? { followUpDueAt } : {}),
        ...(note ? { note } : {}),
      });
    },
  },
};

/** The referrals in the views the caller gets of them (need-to-know.ts), as the API lists them. */
const listedFor = (
  store: Pick<ReferralStore, 'reveal'>,
  caller: Caller,
  rs: readonly Referral[],
): Promise<AnyReferralListItem[]> => listedInViews(store, rs, (r) => viewOf(r, caller, false));
/** The caller's own go on a card with who the person is: only in a view that shows it. */
const showsWho = (v: AnyReferralListItem): v is AnyReferralListItem & CardView => 'pseudonym' in v;

const isDone = (v: string | undefined): v is Done => (DONES as readonly (string | undefined)[]).includes(v);
const isError = (v: string | undefined): v is PageError =>
  (PAGE_ERRORS as readonly (string | undefined)[]).includes(v);

/** Why a tap failed, as a code the page shows in words (never the exception's own text). */
function errorCode(err: unknown): PageError {
  if (err instanceof AlreadySoError) return 'already';
  if (err instanceof DomainError) {
    if (err.kind === 'taken') return 'conflict';
    if (err.kind === 'gone') return 'invalid_state';
    return err.kind;
  }
  if (err instanceof HttpProblemError && err.status === 400) return 'invalid_input';
  return 'other';
}

/**
 * `/app/accompaniments`: the accompanier's phone page. Signed in by the session cookie; every tap is a
 * form POST (same-origin only) to the same use case as the JSON API, then a redirect back to the list
 * (POST/redirect/GET) saying what happened.
 */
export function accompanierPages(deps: PagesAppDeps) {
  const uc = useCaseDeps(deps);
  return new Hono()
    .onError(pageOnError(deps))
    .use(sameOriginOnly, pageSession(deps))
    .use('/:id/*', pathParams(idParams, 'id'))
    .get('/', async (c) => {
      const caller = c.var.principal;
      const isAccompanier = caller.roles.includes('accompanier');
      const [mine, available] = await Promise.all([
        isAccompanier ? listMyAccompaniments(uc, caller) : Promise.resolve([]),
        isAccompanier ? listAvailableAccompaniments(uc, caller) : Promise.resolve([]),
      ]);
      const done = c.req.query('done');
      const error = c.req.query('error');
      return pageResponse(
        c,
        <AccompanimentsPage
          where={c.var.pageLocale}
          signedInAs={{ sub: caller.sub, org: caller.org, roles: caller.roles }}
          now={deps.clock.now()}
          mine={(await listedFor(uc.store, caller, mine)).filter(showsWho)}
          available={await listedFor(uc.store, caller, available)}
          done={isDone(done) ? done : undefined}
          error={isError(error) ? error : undefined}
        />,
      );
    })
    .post('/:id/:action', async (c) => {
      const tap = own(TAPS, c.req.param('action'));
      if (!tap) return c.notFound();
      const id = c.req.param('id');
      const anchor = `#r-${encodeURIComponent(id)}`;
      try {
        await tap.run(uc, c.var.principal, id, c);
      } catch (err) {
        const code = errorCode(err);
        if (code === 'other') throw err;
        return c.redirect(`/app/accompaniments?error=${code}${anchor}`, 303);
      }
      return c.redirect(`/app/accompaniments?done=${tap.done}${anchor}`, 303);
    });
}
