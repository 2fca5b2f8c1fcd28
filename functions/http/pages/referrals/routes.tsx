import { type Context, Hono } from 'hono';
import { assignAccompaniment } from '../../../../domain/accompaniment/assign-accompanier.ts';
import { markPersonSeenAgain } from '../../../../domain/accompaniment/mark-seen-again.ts';
import type { Caller } from '../../../../domain/caller.ts';
import { DomainError } from '../../../../domain/errors.ts';
import { amendReferral } from '../../../../domain/referral/amend-referral.ts';
import { answerQuestion } from '../../../../domain/referral/answer-question.ts';
import { closeReferral } from '../../../../domain/referral/close-referral.ts';
import type { UseCaseDeps } from '../../../../domain/referral/deps.ts';
import { readReferral } from '../../../../domain/referral/load-referral.ts';
import type { Referral } from '../../../../domain/referral/model.ts';
import { viewOf } from '../../../../domain/referral/need-to-know.ts';
import { offerToMore } from '../../../../domain/referral/offer-to-more.ts';
import { openReferral } from '../../../../domain/referral/open-referral.ts';
import { recordFollowUp } from '../../../../domain/referral/record-follow-up.ts';
import { HttpProblemError } from '../../../edge/problem.ts';
import { formToObject, parseWith } from '../../../edge/validation.ts';
import type { Deps } from '../../../lib/deps.ts';
import { useCaseDeps } from '../../../lib/use-case-deps.ts';
import { assignAccompanimentBody } from '../../schemas/accompaniment.ts';
import { answerBody } from '../../schemas/answers.ts';
import { amendReferralBody, closeReferralBody, openReferralBody } from '../../schemas/referrals.ts';
import { sealedFieldsShown, viewedAs } from '../../views/need-to-know-view.ts';
import { referralPage } from '../accompanier/render.ts';
import { PAGE_HEADERS, renderPage } from '../layout.tsx';
import { pageSession, sameOriginOnly } from '../session.ts';
import { accompanierChoices } from '../staff/accompanier-choice.tsx';
import { type FieldErrors, type ListRow, NewReferralForm, ReferralDetail, ReferralList } from './views.tsx';

/*
 * `/app/referrals`: the social worker's pages. Every form posts (same-origin only, the pages' CSRF
 * protection) to the same use case as the JSON API, never HTTP to the app itself; a refusal comes back
 * in the page next to the field with what was typed kept, a success redirects (POST/redirect/GET).
 */

type Form = Record<string, string | undefined>;

const readFormText = async (c: Context): Promise<Form> => {
  const raw = formToObject(await c.req.text());
  const out: Form = {};
  for (const [k, v] of Object.entries(raw)) out[k] = Array.isArray(v) ? v.at(-1) : v;
  return out;
};

const languagesOf = (v: string | undefined) =>
  (v ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');

/** The errors of a refusal by field, in words; `general` when no field is named. */
function refusal(err: unknown): { errors: FieldErrors; general?: string; status: 400 | 404 | 409 | 422 } {
  if (err instanceof HttpProblemError && err.status === 400) {
    const errors: Record<string, string> = {};
    for (const e of err.init.errors ?? []) {
      const field = e.path.replace(/\.\d+$/, '');
      errors[field] ??= /contact or identity/.test(e.message)
        ? 'This seems to contain contact or identity data (a phone number, an email, an identity number): please remove it.'
        : `Please check this field: ${e.message}.`;
    }
    return { errors, status: 400 };
  }
  if (err instanceof DomainError) {
    if (err.kind === 'invalid_input' && err.field)
      return { errors: { [err.field]: err.message }, status: 400 };
    if (err.kind === 'conflict' || err.kind === 'taken') {
      return {
        errors: {},
        general: 'Someone changed this referral meanwhile: here it is as it is now. Check it and try again.',
        status: 409,
      };
    }
    if (err.kind === 'not_found' || err.kind === 'forbidden') throw err;
    return { errors: {}, general: err.message, status: err.kind === 'invalid_state' ? 422 : 400 };
  }
  throw err;
}

const page = (c: Context, caller: Caller, title: string, body: unknown, status = 200) =>
  c.body(
    renderPage({ title, body: String(body), signedInAs: { sub: caller.sub, org: caller.org } }),
    status as 200,
    PAGE_HEADERS,
  );

const DONE: Readonly<Record<string, string>> = {
  opened: 'The referral is open.',
  answer: 'Answer sent: the referral is offered to the specialist again.',
  amend: 'Saved.',
  close: 'The referral is closed.',
  offer: 'Offered to the next specialists.',
  'seen-again': 'Recorded: the person was seen again.',
  'follow-up': 'Follow-up recorded as done.',
  accompaniment: 'The accompaniment was assigned.',
};

type Action = (uc: UseCaseDeps, caller: Caller, id: string, form: Form, version: number) => Promise<Referral>;

/** Each action of the referral page: the use case the JSON route calls, with the form's version. */
const ACTIONS: Readonly<Record<string, Action>> = {
  answer: (uc, caller, id, form, v) =>
    answerQuestion(uc, caller, id, parseWith(answerBody, { answer: form.answer }).answer, v),
  amend: (uc, caller, id, form, v) => {
    const body = parseWith(amendReferralBody, {
      urgency: form.urgency,
      languages: languagesOf(form.languages),
      interpreterNeeded: form.interpreterNeeded === 'true',
      accompaniment: { required: form['accompaniment.required'] === 'true' },
      reason: form.reason,
    });
    return amendReferral(uc, caller, id, body, v);
  },
  close: (uc, caller, id, form, v) =>
    closeReferral(uc, caller, id, parseWith(closeReferralBody, { reason: form.reason }).reason, v),
  offer: (uc, caller, id, _form, v) => offerToMore(uc, caller, id, undefined, v),
  'seen-again': (uc, caller, id) => markPersonSeenAgain(uc, caller, id),
  'follow-up': (uc, caller, id, _form, v) => recordFollowUp(uc, caller, id, { done: true }, v),
  accompaniment: (uc, caller, id, form, v) =>
    assignAccompaniment(
      uc,
      caller,
      id,
      parseWith(assignAccompanimentBody, { accompanierId: form.accompanierId }),
      v,
    ),
};

export function socialWorkerPages(deps: Deps) {
  const uc = useCaseDeps(deps);

  const detail = async (
    c: Context,
    caller: Caller,
    id: string,
    extra: Parameters<typeof ReferralDetail>[0] | undefined,
    status = 200,
  ) => {
    const { referral, view } = await readReferral(uc, caller, id, sealedFieldsShown);
    if (view !== 'full') {
      // The accompaniment, open and coordination views keep the accompanier's rendering.
      return c.body(
        referralPage({
          signedInAs: { sub: caller.sub, org: caller.org },
          referral: viewedAs(referral, view),
        }),
        200,
        PAGE_HEADERS,
      );
    }
    // Coordinators name the accompanier and choose one by name (the store GET /v1/staff reads).
    const accompaniers =
      referral.accompaniment.required && caller.roles.includes('coordinator')
        ? await accompanierChoices(deps, referral.org)
        : undefined;
    return page(
      c,
      caller,
      'Referral',
      <ReferralDetail {...extra} r={referral} accompaniers={accompaniers} />,
      status,
    );
  };

  return new Hono()
    .use(sameOriginOnly, pageSession(deps))
    .get('/', async (c) => {
      const caller = c.var.principal;
      const q = c.req.query();
      const filters = {
        status: q.status || undefined,
        specialty: q.specialty || undefined,
        pseudonym: q.pseudonym?.trim() || undefined,
        from: /^\d{4}-\d{2}-\d{2}$/.test(q.from ?? '') ? q.from : undefined,
      };
      const pageOf = await deps.store.listByOrg(caller.org, {
        ...(filters.status ? { status: filters.status } : {}),
        ...(filters.pseudonym ? { pseudonym: filters.pseudonym } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
        limit: 25,
      });
      const rows: ListRow[] = pageOf.items.flatMap((r) => {
        const view = viewOf(r, caller, false);
        if (!view) return [];
        if (filters.specialty && r.need.specialty !== filters.specialty) return [];
        if (filters.from && r.createdAt < filters.from) return [];
        const shows = view === 'full' || view === 'accompaniment';
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
      });
      // Mine first, then the organisation's, each in the order the store gives.
      rows.sort((a, b) => Number(b.mine) - Number(a.mine));
      const next = pageOf.nextCursor
        ? `/app/referrals?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), cursor: pageOf.nextCursor })}`
        : undefined;
      return page(c, caller, 'Referrals', <ReferralList rows={rows} filters={filters} next={next} />);
    })
    .get('/new', (c) => page(c, c.var.principal, 'New referral', <NewReferralForm values={{}} errors={{}} />))
    .post('/new', async (c) => {
      const caller = c.var.principal;
      const form = await readFormText(c);
      try {
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
          id: deps.newId(),
          idempotent: false,
        });
        return c.redirect(`/app/referrals/${encodeURIComponent(referral.id)}?done=opened`, 303);
      } catch (err) {
        const { errors, general, status } = refusal(err);
        const form_ = <NewReferralForm values={form} errors={errors} {...(general ? { general } : {})} />;
        return page(c, caller, 'New referral', form_, status);
      }
    })
    .get('/:id', async (c) => {
      const done = DONE[c.req.query('done') ?? ''];
      return detail(c, c.var.principal, c.req.param('id'), done ? ({ done } as never) : undefined);
    })
    .post('/:id/:action', async (c) => {
      const action = ACTIONS[c.req.param('action')];
      if (!action) return c.notFound();
      const caller = c.var.principal;
      const id = c.req.param('id');
      const form = await readFormText(c);
      const version = Number(form.version);
      try {
        if (!Number.isInteger(version) || version < 1) throw new DomainError('conflict', 'No version.');
        await action(uc, caller, id, form, version);
      } catch (err) {
        const { errors, general, status } = refusal(err);
        const typed = status === 409 ? {} : form;
        return detail(
          c,
          caller,
          id,
          { errors, typed, ...(general ? { error: general } : {}) } as never,
          status,
        );
      }
      return c.redirect(`/app/referrals/${encodeURIComponent(id)}?done=${c.req.param('action')}`, 303);
    });
}
