import { type Context, Hono } from 'hono';
import * as z from 'zod/mini';
import { assignAccompaniment } from '../../../../domain/accompaniment/assign-accompanier.ts';
import { markPersonSeenAgain } from '../../../../domain/accompaniment/mark-seen-again.ts';
import { rescheduleAppointment } from '../../../../domain/accompaniment/reschedule.ts';
import type { Caller } from '../../../../domain/caller.ts';
import { DomainError, type RefusalReason } from '../../../../domain/errors.ts';
import { namedOfferChoices } from '../../../../domain/matching/offer-slots.ts';
import { amendReferral } from '../../../../domain/referral/amend-referral.ts';
import { answerQuestion } from '../../../../domain/referral/answer-question.ts';
import { closeReferral } from '../../../../domain/referral/close-referral.ts';
import type { UseCaseDeps } from '../../../../domain/referral/deps.ts';
import { readReferral } from '../../../../domain/referral/load-referral.ts';
import { type Referral, SPECIALTIES, type StaffRole } from '../../../../domain/referral/model.ts';
import { showsPseudonym, viewOf } from '../../../../domain/referral/need-to-know.ts';
import { NO_OTHER_CANDIDATE, offerToMore } from '../../../../domain/referral/offer-to-more.ts';
import { openReferral } from '../../../../domain/referral/open-referral.ts';
import { recordFollowUp } from '../../../../domain/referral/record-follow-up.ts';
import * as Rules from '../../../../domain/referral/rules/index.ts';
import { own } from '../../../edge/own.ts';
import { HttpProblemError } from '../../../edge/problem.ts';
import { parseWith } from '../../../edge/validation.ts';
import { showsWhatItRead } from '../../../lib/access-recording.ts';
import type { StaffPrincipal } from '../../../lib/deps.ts';
import { idForIdempotencyKey } from '../../../lib/ids.ts';
import { useCaseDeps } from '../../../lib/use-case-deps.ts';
import { localToInstant } from '../../../ui/local-time.ts';
import type { TextKey } from '../../../ui/messages.ts';
import { hasRole } from '../../middleware/staff-auth.ts';
import type { PagesAppDeps } from '../../pages-parts.ts';
import { idempotencyKeyOf, READERS } from '../../routes/referrals.ts';
import { ROLES_TO } from '../../routes/roles.ts';
import { assignAccompanimentBody, rescheduleBody } from '../../schemas/accompaniment.ts';
import { answerBody } from '../../schemas/answers.ts';
import { idParams } from '../../schemas/params.ts';
import {
  amendReferralBody,
  closeReferralBody,
  followUpBody,
  listReferralsQuery,
  offerBody,
  openReferralBody,
} from '../../schemas/referrals.ts';
import { CSV_CONTENT_TYPE } from '../../views/csv.ts';
import { listPage, referralsCsv, referralsListedFor } from '../../views/exports.ts';
import { sealedFieldsShown, viewedAs } from '../../views/need-to-know-view.ts';
import { ReferralPage } from '../accompanier/views.tsx';
import { pageOnError } from '../error-page.tsx';
import { type Form, languagesTyped, readPostedForm, versionOf } from '../forms.ts';
import { Layout, PAGE_HEADERS, pageResponse } from '../layout.tsx';
import { pageLocale } from '../locale.ts';
import { pathParams } from '../path-params.ts';
import { refusedRole, rolesOnly } from '../roles-only.tsx';
import { pageSession, sameOriginOnly } from '../session.ts';
import { accompanierChoices } from '../staff/accompanier-choice.tsx';
import { type Speech, say } from './speech.ts';
import { type FieldErrors, type ListRow, NewReferralForm, ReferralDetail, ReferralList } from './views.tsx';

/*
 * `/app/referrals`: the social worker's pages. Every form posts (same-origin only, the pages' CSRF
 * protection) to the same use case as the JSON API, never HTTP to the app itself; a refusal comes back
 * in the page next to the field with what was typed kept, a success redirects (POST/redirect/GET).
 */

const languagesOf = (v: string | undefined) => languagesTyped(v ?? '');

/** A field's refusal in words of the catalogue, by its reason or its field; the API's English sentence picks nothing. */
const FIELD_WORDS: Readonly<Record<string, TextKey>> = {
  appointmentAt: 'staff.referral.error.appointment_at',
  dueAt: 'staff.referral.error.due_at',
  specialistIds: 'staff.referral.error.specialist_ids',
};

const fieldWords = (s: Speech, field: string, reason: RefusalReason | undefined): string =>
  reason === 'contact_data'
    ? say(s, 'staff.referral.error.contact')
    : say(s, FIELD_WORDS[field] ?? 'staff.referral.error.field');

/** The errors of a refusal by field, in words; `general` when no field is named. */
function refusal(
  s: Speech,
  err: unknown,
): { errors: FieldErrors; general?: string; status: 400 | 404 | 409 | 422 } {
  if (err instanceof HttpProblemError && err.status === 400) {
    const errors: Record<string, string> = {};
    for (const e of err.init.errors ?? []) {
      const field = e.path.replace(/\.\d+$/, '');
      errors[field] ??= fieldWords(s, field, e.reason);
    }
    return { errors, status: 400 };
  }
  if (err instanceof DomainError) {
    if (err.kind === 'invalid_input' && err.field) {
      const field = err.field.replace(/\.\d+$/, '');
      return { errors: { [field]: fieldWords(s, field, err.reason) }, status: 400 };
    }
    if (err.kind === 'conflict' || err.kind === 'taken') {
      return { errors: {}, general: say(s, 'staff.referral.error.stale'), status: 409 };
    }
    if (err.kind === 'not_found' || err.kind === 'forbidden') throw err;
    const general = err.field?.startsWith('specialistIds')
      ? say(s, 'staff.referral.error.not_offerable')
      : err.message === NO_OTHER_CANDIDATE
        ? say(s, 'staff.referral.error.no_candidate')
        : say(s, 'staff.referral.error.state');
    return { errors: {}, general, status: err.kind === 'invalid_state' ? 422 : 400 };
  }
  throw err;
}

/** Rows a page of the list shows, at most (a filtered page may read several store pages to fill). */
const PAGE_ROWS = 25;

interface ListFilters {
  readonly status: string | undefined;
  readonly specialty: string | undefined;
  readonly pseudonym: string | undefined;
  readonly from: string | undefined;
}

/** A referral as a row of the caller's list, or none: not theirs to see, not matching the filters. */
function rowOf(r: Referral, caller: Caller, filters: ListFilters): ListRow[] {
  const view = viewOf(r, caller, false);
  if (!view || !matching(filters)(r)) return [];
  const shows = showsPseudonym(view);
  // Filtering by pseudonym must not tell who is behind a referral whose view hides it.
  if (filters.pseudonym && !shows) return [];
  return [
    {
      id: r.id,
      status: r.status,
      specialty: r.need.specialty,
      pseudonym: shows ? r.pseudonym : undefined,
      createdAt: view === 'full' ? r.createdAt : undefined,
      mine: r.createdBy.id === caller.sub,
    },
  ];
}

/** What the page says after each action succeeded (POST/redirect/GET: `?done=<action>`). */
const DONE: Readonly<Record<string, TextKey>> = {
  opened: 'staff.referral.done.opened',
  answer: 'staff.referral.done.answer',
  amend: 'staff.referral.done.amend',
  close: 'staff.referral.done.close',
  offer: 'staff.referral.done.offer',
  'offer-named': 'staff.referral.done.offer_named',
  'seen-again': 'staff.referral.done.seen_again',
  'follow-up': 'staff.referral.done.follow_up',
  'follow-up-moved': 'staff.referral.done.follow_up_moved',
  reschedule: 'staff.referral.done.reschedule',
  accompaniment: 'staff.referral.done.accompaniment',
};

/** What an action reads besides the form: every value of a repeated name, the organisation's time zone. */
interface ActionInput {
  readonly form: Form;
  readonly all: (name: string) => string[];
  readonly timeZone: string;
}

type Action = (
  uc: UseCaseDeps,
  caller: Caller,
  id: string,
  input: ActionInput,
  version: number,
) => Promise<Referral>;

/**
 * A `datetime-local` value read in the organisation's time zone, as the ISO instant the API takes; a
 * value that names no time is refused next to its field.
 */
function instantOf(value: string | undefined, timeZone: string, field: string): string {
  const at = value ? localToInstant(value, timeZone) : undefined;
  if (!at) throw new DomainError('invalid_input', 'Not a date and time.', field);
  return at.toISOString();
}

/** Each action of the referral page: the use case the JSON route calls, with the form's version. */
const ACTIONS = {
  answer: (uc, caller, id, { form }, v) =>
    answerQuestion(uc, caller, id, parseWith(answerBody, { answer: form.answer }).answer, v),
  amend: (uc, caller, id, { form }, v) => {
    const body = parseWith(amendReferralBody, {
      urgency: form.urgency,
      languages: languagesOf(form.languages),
      interpreterNeeded: form.interpreterNeeded === 'true',
      accompaniment: { required: form['accompaniment.required'] === 'true' },
      reason: form.reason,
    });
    return amendReferral(uc, caller, id, body, v);
  },
  close: (uc, caller, id, { form }, v) =>
    closeReferral(uc, caller, id, parseWith(closeReferralBody, { reason: form.reason }).reason, v),
  offer: (uc, caller, id, _input, v) => offerToMore(uc, caller, id, undefined, v),
  // Named specialists: none ticked is refused next to the list (the API would offer to the next ones).
  'offer-named': (uc, caller, id, { all }, v) => {
    const ids = all('specialistIds');
    if (ids.length === 0) throw new DomainError('invalid_input', 'Choose someone.', 'specialistIds');
    const body = parseWith(offerBody, { specialistIds: ids });
    return offerToMore(uc, caller, id, body.specialistIds, v);
  },
  'seen-again': (uc, caller, id) => markPersonSeenAgain(uc, caller, id),
  'follow-up': (uc, caller, id, _input, v) => recordFollowUp(uc, caller, id, { done: true }, v),
  'follow-up-moved': (uc, caller, id, { form, timeZone }, v) => {
    const body = parseWith(followUpBody, { dueAt: instantOf(form.dueAt, timeZone, 'dueAt') });
    return recordFollowUp(uc, caller, id, body, v);
  },
  reschedule: (uc, caller, id, { form, timeZone }, v) => {
    const body = parseWith(rescheduleBody, {
      appointmentAt: instantOf(form.appointmentAt, timeZone, 'appointmentAt'),
    });
    return rescheduleAppointment(uc, caller, id, body, v);
  },
  accompaniment: (uc, caller, id, { form }, v) =>
    assignAccompaniment(
      uc,
      caller,
      id,
      parseWith(assignAccompanimentBody, { accompanierId: form.accompanierId }),
      v,
    ),
} satisfies Readonly<Record<string, Action>>;

/** Who may do each action: the roles its JSON route declares (routes/roles.ts), never a list of the page's own. */
export const ACTION_ROLES: Readonly<Record<keyof typeof ACTIONS, readonly StaffRole[]>> = {
  answer: ROLES_TO.answer,
  amend: ROLES_TO.amend,
  close: ROLES_TO.close,
  offer: ROLES_TO.offer,
  'offer-named': ROLES_TO.offer,
  'seen-again': ROLES_TO.accompanierOrCase,
  'follow-up': ROLES_TO.followUp,
  'follow-up-moved': ROLES_TO.followUp,
  reschedule: ROLES_TO.reschedule,
  accompaniment: ROLES_TO.accompany,
};

const isAction = (name: string): name is keyof typeof ACTIONS => own(ACTIONS, name) !== undefined;

/**
 * The list's filters as the download takes them (the list's form, blanks meaning "any"): status and
 * pseudonym as `GET /v1/referrals` takes them, the need and the opening date as the list page filters.
 */
const exportQuery = z.strictObject({
  status: listReferralsQuery.shape.status,
  pseudonym: listReferralsQuery.shape.pseudonym,
  specialty: z.optional(z.enum(SPECIALTIES)),
  from: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))),
});

/** The list's own filters on a referral read: the need and the opening date (the store has no index). */
const matching =
  (filters: { readonly specialty?: string | undefined; readonly from?: string | undefined }) =>
  (r: Referral): boolean =>
    (!filters.specialty || r.need.specialty === filters.specialty) &&
    (!filters.from || r.createdAt >= filters.from);

/**
 * How many referrals one download holds at most. An annual report wants every row, so the download
 * follows the store's pages to the end rather than giving the list's 25; past this, the page asks for
 * narrower filters (a year of a small organisation is far below it) instead of a silently cut file.
 */
export const EXPORT_CAP = 5000;

/** The day in the organisation's time zone, for a file name (`2026-12-06`). */
const dayIn = (at: Date, timeZone: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    at,
  );

export function socialWorkerPages(deps: PagesAppDeps) {
  const uc = useCaseDeps(deps);
  // The form that opens a referral, for the roles that may (as POST /v1/referrals lets through).
  const openers = rolesOnly(deps, ROLES_TO.open, 'staff.not_allowed.role');

  /** The page's locale and the organisation's time zone (pages/locale.ts). */
  const speechOf = (c: Context): Promise<Speech> => pageLocale(c, deps, c.var.principal);

  const page = (c: Context, s: Speech, title: string, body: unknown, status = 200) => {
    const caller: StaffPrincipal = c.var.principal;
    return pageResponse(
      c,
      <Layout title={title} locale={s.locale} signedInAs={caller} path={new URL(c.req.url).pathname}>
        {body as never}
      </Layout>,
      status as 200,
    );
  };

  type DetailExtra = Omit<Parameters<typeof ReferralDetail>[0], 's' | 'r' | 'choices'>;

  const detail = async (c: Context, caller: Caller, id: string, extra: DetailExtra, status = 200) => {
    const { referral, view } = await readReferral(uc, caller, id, sealedFieldsShown);
    const s = await speechOf(c);
    if (view !== 'full') {
      // The accompaniment, open and coordination views keep the accompanier's rendering.
      return pageResponse(
        c,
        ReferralPage({
          signedInAs: { sub: caller.sub, org: caller.org },
          referral: viewedAs(referral, view),
          where: s,
        }),
        200,
      );
    }
    // Who a named offer may go to, as the offer planner decides it (only while it can be offered).
    const choices = Rules.offerable(referral)
      ? await namedOfferChoices(uc, referral, deps.clock.now().toISOString())
      : undefined;
    // Coordinators name the accompanier and choose one by name (the store GET /v1/staff reads).
    const accompaniers =
      referral.accompaniment.required && caller.roles.includes('coordinator')
        ? await accompanierChoices(deps, referral.org)
        : undefined;
    // Shown, whatever the status: a refused action shows the whole referral again (access-recording.ts).
    showsWhatItRead();
    return page(
      c,
      s,
      say(s, 'staff.referral.title'),
      <ReferralDetail
        {...extra}
        s={s}
        r={referral}
        choices={choices}
        accompaniers={accompaniers}
        seenAgain={Rules.canBeSeenAgain(referral, deps.clock.now().toISOString())}
      />,
      status,
    );
  };

  return (
    new Hono()
      // A referral not found, or not the caller's to see, is a page too (never a JSON problem).
      .onError(pageOnError(deps))
      .use(sameOriginOnly, pageSession(deps))
      .use('/:id/*', pathParams(idParams, 'id'))
      .get('/', async (c) => {
        const caller = c.var.principal;
        const s = await speechOf(c);
        const q = c.req.query();
        const filters = {
          status: q.status || undefined,
          specialty: q.specialty || undefined,
          pseudonym: q.pseudonym?.trim() || undefined,
          from: /^\d{4}-\d{2}-\d{2}$/.test(q.from ?? '') ? q.from : undefined,
        };
        // The specialty and date filters apply to what the store returns, which a status leaves short
        // too: read on, a bounded number of store pages, until the page is full, so a filtered page is
        // not empty while more follow.
        const { rows, nextCursor } = await listPage(
          deps.store,
          caller.org,
          {
            ...(filters.status ? { status: filters.status } : {}),
            ...(filters.pseudonym ? { pseudonym: filters.pseudonym } : {}),
            ...(q.cursor ? { cursor: q.cursor } : {}),
          },
          PAGE_ROWS,
          (r) => rowOf(r, caller, filters),
        );
        // Mine first, then the organisation's, each in the order the store gives.
        rows.sort((a, b) => Number(b.mine) - Number(a.mine));
        const set = Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) as Record<
          string,
          string
        >;
        const next = nextCursor
          ? `/app/referrals?${new URLSearchParams({ ...set, cursor: nextCursor })}`
          : undefined;
        // The whole list with the same filters, as a file (every page of it, not this one only).
        const download = hasRole(caller, ...READERS)
          ? `/app/referrals/export.csv${Object.keys(set).length ? `?${new URLSearchParams(set)}` : ''}`
          : undefined;
        return page(
          c,
          s,
          say(s, 'staff.referral.list.title'),
          <ReferralList
            s={s}
            rows={rows}
            filters={filters}
            next={next}
            download={download}
            mayOpen={hasRole(caller, ...ROLES_TO.open)}
          />,
        );
      })
      // The list as a spreadsheet, every page of it: the same rows and CSV as `GET /v1/referrals` with
      // `Accept: text/csv` (views/exports.ts), for the caller and the list's filters.
      .get('/export.csv', async (c) => {
        const caller = c.var.principal;
        if (!hasRole(caller, ...READERS)) {
          throw new DomainError('forbidden', 'Referrals are not for this role.');
        }
        const typed = Object.entries(c.req.query()).flatMap(([k, v]) => (v.trim() ? [[k, v.trim()]] : []));
        const filters = parseWith(exportQuery, Object.fromEntries(typed));
        const keep = matching(filters);
        const rs: Referral[] = [];
        let cursor: string | undefined;
        do {
          const pageOf = await deps.store.listByOrg(caller.org, {
            ...(filters.status ? { status: filters.status } : {}),
            ...(filters.pseudonym ? { pseudonym: filters.pseudonym } : {}),
            ...(cursor ? { cursor } : {}),
            limit: 100,
            reveal: [],
          });
          rs.push(...pageOf.items.filter(keep));
          cursor = pageOf.nextCursor;
          if (rs.length > EXPORT_CAP) {
            const s = await speechOf(c);
            const said = say(s, 'staff.referral.list.too_many', { n: String(EXPORT_CAP) });
            const body = (
              <section>
                <h1>{say(s, 'staff.referral.list.title')}</h1>
                <p class="error" role="alert">
                  {said}
                </p>
              </section>
            );
            return page(c, s, say(s, 'staff.referral.list.title'), body, 422);
          }
        } while (cursor);
        const items = await referralsListedFor(deps.store, caller, rs, filters.pseudonym !== undefined);
        const { timeZone } = await speechOf(c);
        const name = `relais-referrals-${caller.org}-${dayIn(deps.clock.now(), timeZone)}.csv`;
        return c.body(referralsCsv(items), 200, {
          ...PAGE_HEADERS,
          'Content-Type': CSV_CONTENT_TYPE,
          'Content-Disposition': `attachment; filename="${name}"`,
        });
      })
      .get('/new', openers, async (c) => {
        const s = await speechOf(c);
        return page(
          c,
          s,
          say(s, 'staff.referral.new.title'),
          <NewReferralForm s={s} values={{}} errors={{}} idempotencyKey={deps.newId()} />,
        );
      })
      .post('/new', openers, async (c) => {
        const caller = c.var.principal;
        const { form } = await readPostedForm(c);
        try {
          const key = idempotencyKeyOf(form.idempotencyKey || undefined);
          const body = parseWith(openReferralBody, {
            pseudonym: form.pseudonym,
            need: { specialty: form['need.specialty'] },
            urgency: form.urgency,
            reason: form.reason,
            languages: languagesOf(form.languages),
            interpreterNeeded: form.interpreterNeeded === 'true',
            accompaniment: { required: form['accompaniment.required'] === 'true' },
            doNotContactDirectly: form.doNotContactDirectly === 'true',
            socialCheckDone: form.socialCheckDone === 'true',
            consentToShare: form.consentToShare === 'true',
          });
          const { autoOffer: _auto, ...input } = body;
          const { referral } = await openReferral(uc, caller, {
            input: {
              ...input,
              interpreterNeeded: input.interpreterNeeded ?? false,
              doNotContactDirectly: input.doNotContactDirectly ?? false,
            },
            autoOffer: true,
            // Under the form's key, as POST /v1/referrals under its Idempotency-Key: sent twice, opened once.
            id: key ? idForIdempotencyKey(caller.org, key) : deps.newId(),
            idempotent: key !== undefined,
          });
          return c.redirect(`/app/referrals/${encodeURIComponent(referral.id)}?done=opened`, 303);
        } catch (err) {
          const s = await speechOf(c);
          const { errors, general, status } = refusal(s, err);
          const form_ = (
            <NewReferralForm
              s={s}
              values={form}
              errors={errors}
              idempotencyKey={form.idempotencyKey || deps.newId()}
              {...(general ? { general } : {})}
            />
          );
          return page(c, s, say(s, 'staff.referral.new.title'), form_, status);
        }
      })
      .get('/:id', async (c) => {
        const done = own(DONE, c.req.query('done') ?? '');
        const s = await speechOf(c);
        return detail(c, c.var.principal, c.req.param('id'), done ? { done: say(s, done) } : {});
      })
      .post('/:id/:action', async (c) => {
        const name = c.req.param('action');
        if (!isAction(name)) return c.notFound();
        // The role check of the action's JSON route, before anything is read.
        const refused = await refusedRole(c, deps, ACTION_ROLES[name], 'staff.not_allowed.role');
        if (refused) return refused;
        const action: Action = ACTIONS[name];
        const caller = c.var.principal;
        const id = c.req.param('id');
        const { form, all } = await readPostedForm(c);
        const s = await speechOf(c);
        try {
          // Read first: a stale form is told so before anything else about it.
          const version = versionOf(form);
          await action(uc, caller, id, { form, all, timeZone: s.timeZone }, version);
        } catch (err) {
          const { errors, general, status } = refusal(s, err);
          const typed = status === 409 ? {} : form;
          return detail(c, caller, id, { errors, typed, ...(general ? { error: general } : {}) }, status);
        }
        return c.redirect(`/app/referrals/${encodeURIComponent(id)}?done=${c.req.param('action')}`, 303);
      })
  );
}
