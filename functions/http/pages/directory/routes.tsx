import { type Context, Hono } from 'hono';
import type { Caller } from '../../../../domain/caller.ts';
import type { Absence } from '../../../../domain/directory/absences.ts';
import { addSpecialist } from '../../../../domain/directory/add-specialist.ts';
import { approveSpecialist } from '../../../../domain/directory/approval.ts';
import {
  changeSpecialist,
  mayChangeSpecialist,
  type SpecialistChanges,
} from '../../../../domain/directory/change-specialist.ts';
import { isListedTo, listedEntry } from '../../../../domain/directory/listed.ts';
import type { Specialist } from '../../../../domain/directory/model.ts';
import { DomainError } from '../../../../domain/errors.ts';
import { own } from '../../../edge/own.ts';
import { HttpProblemError } from '../../../edge/problem.ts';
import { parseWith } from '../../../edge/validation.ts';
import type { StaffPrincipal } from '../../../lib/deps.ts';
import { localToInstant } from '../../../ui/local-time.ts';
import type { TextKey } from '../../../ui/messages.ts';
import type { PagesAppDeps } from '../../pages-parts.ts';
import { idempotencyKeyOf } from '../../routes/referrals.ts';
import { specialistIdFor } from '../../routes/specialists.ts';
import { idParams } from '../../schemas/params.ts';
import { createSpecialistBody, updateSpecialistBody } from '../../schemas/specialists.ts';
import { pageOnError } from '../error-page.tsx';
import { type Form, languagesTyped, readPostedForm, versionOf } from '../forms.ts';
import { Layout, pageResponse, words } from '../layout.tsx';
import { pageLocale } from '../locale.ts';
import { pathParams } from '../path-params.ts';
import { rolesOnly } from '../roles-only.tsx';
import { pageSession, sameOriginOnly } from '../session.ts';
import { statesOf } from './standing.ts';
import {
  AddForm,
  DirectoryList,
  type FieldErrors,
  SpecialistPage,
  type Speech,
  type Standing,
  type Typed,
} from './views.tsx';

/*
 * `/app/directory`: the directory as a page. Coordinators look after their organisation's specialists
 * (add, edit, pause, absences, quota), network coordinators read the network's directory, admins do
 * both for the whole network and approve what waits for them. Every form posts (same origin only) to
 * the use case `/v1/specialists` calls (addSpecialist, changeSpecialist, approveSpecialist), never a
 * second rule; a refusal comes back in the page, next to the field, with what was typed kept; a
 * success redirects (POST/redirect/GET).
 */

const READERS = ['coordinator', 'network_coordinator', 'admin'] as const;
const PATH = '/app/directory';

const languagesOf = (v: string | undefined) => (v === undefined ? undefined : languagesTyped(v));

/** A whole number typed, as a number; anything else as typed, for the schema to refuse by name. */
const numberOf = (v: string | undefined) => (v !== undefined && /^\d{1,6}$/.test(v.trim()) ? Number(v) : v);

const DONE: Readonly<Record<string, TextKey>> = {
  added: 'staff.directory.added',
  edit: 'staff.directory.saved',
  pause: 'staff.directory.paused',
  resume: 'staff.directory.resumed',
  'absence-add': 'staff.directory.absence_added',
  'absence-remove': 'staff.directory.absence_removed',
  approved: 'staff.directory.approved',
};

/** The words for a field refused by the schema, by the field's name. */
const FIELD_WORDS: Readonly<Record<string, TextKey>> = {
  email: 'staff.directory.invalid.email',
  country: 'staff.directory.invalid.country',
  languages: 'staff.directory.invalid.languages',
  monthlyQuota: 'staff.directory.invalid.monthlyQuota',
  pausedUntil: 'staff.directory.invalid.date',
  'absences.from': 'staff.directory.invalid.date',
  'absences.until': 'staff.directory.invalid.until',
};

/** A date the page itself refuses (not a date, or already past), with the words to say why. */
class DateRefusal extends Error {
  constructor(
    readonly field: string,
    readonly key: TextKey,
  ) {
    super(key);
  }
}

/** A refusal to show in the page. */
interface Refusal {
  readonly errors: FieldErrors;
  readonly general?: string;
  readonly status: 400 | 403 | 409 | 422;
  /** The entry changed meanwhile: show it as it is now, not what was typed. */
  readonly stale?: boolean;
}

/** A form's refusal, worded in the page's language; anything not a refusal goes to the error page. */
function refusalOf(err: unknown, w: ReturnType<typeof words>): Refusal {
  // A field refused is named next to it, and said at the top, where the page is read from after sending.
  const fieldRefused = (field: string, key: TextKey): Refusal => ({
    errors: { [field]: w(key) },
    general: w('staff.directory.check_fields'),
    status: 400,
  });
  if (err instanceof DateRefusal) return fieldRefused(err.field, err.key);
  if (err instanceof HttpProblemError && err.status === 400) {
    const errors: Record<string, string> = {};
    for (const e of err.init.errors ?? []) {
      // `languages.1`, `absences.0.until`: the form has one field for the list.
      const field = e.path.replace(/\.\d+(?=\.|$)/g, '');
      errors[field] ??= w(FIELD_WORDS[field] ?? 'staff.directory.invalid');
    }
    return { errors, general: w('staff.directory.check_fields'), status: 400 };
  }
  if (err instanceof DomainError) {
    if (err.kind === 'invalid_input' && err.field) {
      const field =
        err.field === 'Idempotency-Key' ? 'idempotencyKey' : err.field.replace(/\.\d+(?=\.|$)/g, '');
      return fieldRefused(field, FIELD_WORDS[field] ?? 'staff.directory.invalid');
    }
    // A taken address is a conflict on the email field (specialist-store.ts emailTaken); a stale
    // version otherwise.
    if (err.kind === 'conflict' && err.field === 'email') {
      return { ...fieldRefused('email', 'staff.directory.email_taken'), status: 409 };
    }
    if (err.kind === 'conflict')
      return { errors: {}, general: w('staff.directory.stale'), status: 409, stale: true };
    if (err.kind === 'invalid_state')
      return { errors: {}, general: w('staff.directory.key_reused'), status: 422 };
    if (err.kind === 'forbidden')
      return { errors: {}, general: w('staff.directory.own_change'), status: 403 };
  }
  throw err;
}

/** A date typed in a date input, as the instant its midnight is in the organisation's time zone. */
function dayStart(value: string | undefined, timeZone: string, field: string): string {
  const at = /^\d{4}-\d{2}-\d{2}$/.test(value ?? '') ? localToInstant(`${value}T00:00`, timeZone) : undefined;
  if (!at) throw new DateRefusal(field, 'staff.directory.invalid.date');
  return at.toISOString();
}

/** A change asked for on an entry's page: what to PATCH, from the form and the entry as read. */
type Change = (form: Form, s: Specialist, timeZone: string, now: string) => SpecialistChanges;

const CHANGES: Readonly<Record<string, Change>> = {
  edit: (form) =>
    parseWith(updateSpecialistBody, {
      displayName: form.displayName,
      email: form.email,
      practice: form.practice,
      country: form.country?.trim(),
      languages: languagesOf(form.languages) ?? [],
      locale: form.locale,
      active: form.active === 'true',
      monthlyQuota: numberOf(form.monthlyQuota) ?? '',
    }),
  pause: (form, _s, tz, now) => {
    const until = dayStart(form.pausedUntil, tz, 'pausedUntil');
    if (until <= now) throw new DateRefusal('pausedUntil', 'staff.directory.invalid.over');
    return { pausedUntil: until };
  },
  resume: () => ({ pausedUntil: null }),
  'absence-add': (form, s, tz, now) => {
    const from = dayStart(form['absences.from'], tz, 'absences.from');
    const until = dayStart(form['absences.until'], tz, 'absences.until');
    if (until > from && until <= now) {
      throw new DateRefusal('absences.until', 'staff.directory.invalid.over');
    }
    // The new one last: a refusal of it names `absences.<n>.until`, shown next to the field.
    return { absences: [...(s.absences ?? []), { from, until }] };
  },
  'absence-remove': (form, s) => {
    const gone = (a: Absence) => a.from === form['absences.from'] && a.until === form['absences.until'];
    return { absences: (s.absences ?? []).filter((a) => !gone(a)) };
  },
};

export function directoryPages(deps: PagesAppDeps) {
  /** Every entry of the directory (small: hundreds), page after page of the same list the API reads. */
  const everyEntry = async (): Promise<Specialist[]> => {
    const out: Specialist[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 100; i++) {
      const page = await deps.specialists.list({ limit: 100, ...(cursor ? { cursor } : {}) });
      out.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return out.sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id));
  };

  const standings = async (entries: readonly Specialist[], viewer: Caller): Promise<Standing[]> => {
    const now = deps.clock.now();
    const loads = await deps.specialistLoad.loadOf(
      entries.map((s) => s.id),
      now,
    );
    return entries.map((s) => {
      const mayChange = mayChangeSpecialist(viewer, s);
      const states = statesOf(s, loads.get(s.id), now.toISOString());
      return {
        s,
        // Whether it waits for approval or its address is the concern of those who look after it (as the API shows it).
        states: mayChange
          ? states
          : states.filter((x) => x !== 'pending_approval' && x !== 'address_unconfirmed'),
        used: loads.get(s.id)?.monthCount ?? 0,
        mayChange,
        mayApprove: viewer.roles.includes('admin') && s.approval === 'pending',
      };
    });
  };

  const speechOf = async (c: Context): Promise<Speech> => pageLocale(c, deps, c.var.principal);

  /**
   * A page of the directory; `path` is the page's own address (where the language setting comes back
   * to): the page a form's refusal is shown on is the page the form is on, not the address it posted to.
   */
  const send = (c: Context, sp: Speech, title: string, body: unknown, status = 200, path = PATH) => {
    const p: StaffPrincipal = c.var.principal;
    return pageResponse(
      c,
      <Layout
        title={title}
        locale={sp.locale}
        signedInAs={{ sub: p.sub, org: p.org, roles: p.roles }}
        path={path}
      >
        {body as never}
      </Layout>,
      status as 200,
    );
  };

  const readersOnly = rolesOnly(
    deps,
    READERS,
    'staff.directory.not_allowed',
    'staff.directory.not_allowed.title',
  );

  const mayAdd = (p: Caller) => p.roles.includes('coordinator') || p.roles.includes('admin');

  const listPage = async (c: Context, flash: { done?: string; error?: string } = {}, status = 200) => {
    const p: StaffPrincipal = c.var.principal;
    const sp = await speechOf(c);
    const w = words(sp.locale);
    const admin = p.roles.includes('admin');
    const all = (await everyEntry()).filter((s) => isListedTo(s, p));
    // Coordinators look after their organisation's entries; network coordinators and admins see the network's.
    const network = admin || p.roles.includes('network_coordinator');
    const mine = network ? all : all.filter((s) => s.organisation === p.org);
    const entries = await standings(mine, p);
    const pending = admin ? entries.filter((st) => st.s.approval === 'pending') : undefined;
    const lead: TextKey = admin
      ? 'staff.directory.lead.admin'
      : network && !p.roles.includes('coordinator')
        ? 'staff.directory.lead.network'
        : 'staff.directory.lead.coordinator';
    return send(
      c,
      sp,
      w('staff.directory.title'),
      <DirectoryList
        sp={sp}
        lead={lead}
        entries={entries}
        pending={pending}
        mayAdd={mayAdd(p)}
        showOrganisation={network}
        done={flash.done}
        error={flash.error}
      />,
      status,
    );
  };

  /** An entry the viewer may read (as the directory lists it to them), or the error page's 404. */
  const entry = async (p: Caller, id: string): Promise<Specialist> =>
    listedEntry(await deps.specialists.get(id), p);

  const entryPage = async (
    c: Context,
    id: string,
    extra: { typed?: Typed; errors?: FieldErrors; done?: string; error?: string } = {},
    status = 200,
  ) => {
    const p: StaffPrincipal = c.var.principal;
    const sp = await speechOf(c);
    const [st] = await standings([await entry(p, id)], p);
    const at = `${PATH}/${encodeURIComponent(id)}`;
    return send(c, sp, st!.s.displayName, <SpecialistPage sp={sp} st={st!} {...extra} />, status, at);
  };

  const addPage = async (c: Context, values: Typed, errors: FieldErrors, error?: string, status = 200) => {
    const p: StaffPrincipal = c.var.principal;
    const sp = await speechOf(c);
    // A new form gets a new key; one sent back keeps its own, so that sending it again adds one entry.
    const key = values.idempotencyKey ?? deps.newId();
    return send(
      c,
      sp,
      words(sp.locale)('staff.directory.add.title'),
      <AddForm
        sp={sp}
        values={values}
        errors={errors}
        idempotencyKey={key}
        mayNameOrganisation={p.roles.includes('admin')}
        error={error}
      />,
      status,
      `${PATH}/new`,
    );
  };

  const doneOf = (c: Context, sp: Speech) => {
    const key = own(DONE, c.req.query('done') ?? '');
    return key ? words(sp.locale)(key) : undefined;
  };

  return new Hono()
    .onError(pageOnError(deps))
    .use(sameOriginOnly, pageSession(deps), readersOnly)
    .use('/:id/*', pathParams(idParams, 'id'))
    .get('/', async (c) => listPage(c, { done: doneOf(c, await speechOf(c)) }))
    .get('/new', async (c) => {
      if (!mayAdd(c.var.principal)) throw new DomainError('not_found', 'No such page.');
      return addPage(c, {}, {});
    })
    .post('/new', async (c) => {
      const caller: StaffPrincipal = c.var.principal;
      const form = (await readPostedForm(c)).form;
      const sp = await speechOf(c);
      try {
        if (!mayAdd(caller)) throw new DomainError('not_found', 'No such page.');
        const key = idempotencyKeyOf(form.idempotencyKey);
        const input = parseWith(createSpecialistBody, {
          kind: form.kind,
          displayName: form.displayName,
          email: form.email?.trim(),
          specialty: form.specialty,
          // Only an admin may name another organisation; a coordinator's entry is their organisation's.
          organisation: caller.roles.includes('admin') ? form.organisation : undefined,
          practice: form.practice,
          country: form.country?.trim(),
          languages: languagesOf(form.languages) ?? [],
          locale: form.locale,
          active: form.active === 'true',
          monthlyQuota: numberOf(form.monthlyQuota),
          pausedUntil: form.pausedUntil ? dayStart(form.pausedUntil, sp.timeZone, 'pausedUntil') : undefined,
        });
        const { specialist } = await addSpecialist(deps, caller, {
          input,
          id: key ? specialistIdFor(caller, key) : deps.newId(),
          idempotent: key !== undefined,
        });
        return c.redirect(`${PATH}/${encodeURIComponent(specialist.id)}?done=added`, 303);
      } catch (err) {
        const { errors, general, status } = refusalOf(err, words(sp.locale));
        return addPage(c, form, errors, general, status);
      }
    })
    .get('/:id', async (c) => {
      const sp = await speechOf(c);
      const done = doneOf(c, sp);
      return entryPage(c, c.req.param('id'), done ? { done } : {});
    })
    .post('/:id/approve', async (c) => {
      const caller: StaffPrincipal = c.var.principal;
      const form = (await readPostedForm(c)).form;
      const sp = await speechOf(c);
      const id = c.req.param('id');
      // Approved from the entry's page or from the list: the answer comes back there.
      const fromEntry = form.from === 'entry';
      try {
        await approveSpecialist(deps, caller, id, versionOf(form));
      } catch (err) {
        const { general, status } = refusalOf(err, words(sp.locale));
        const error = general ? { error: general } : {};
        return fromEntry ? entryPage(c, id, error, status) : listPage(c, error, status);
      }
      return c.redirect(
        fromEntry ? `${PATH}/${encodeURIComponent(id)}?done=approved` : `${PATH}?done=approved`,
        303,
      );
    })
    .post('/:id/:action', async (c) => {
      const action = c.req.param('action');
      const change = CHANGES[action];
      if (!change) return c.notFound();
      const caller: StaffPrincipal = c.var.principal;
      const id = c.req.param('id');
      const form = (await readPostedForm(c)).form;
      const sp = await speechOf(c);
      try {
        const s = await entry(caller, id);
        const changes = change(form, s, sp.timeZone, deps.clock.now().toISOString());
        await changeSpecialist(deps, caller, id, changes, versionOf(form));
      } catch (err) {
        const r = refusalOf(err, words(sp.locale));
        const extra = r.stale
          ? { error: r.general ?? '' }
          : {
              typed: { ...form, _action: action },
              errors: r.errors,
              ...(r.general ? { error: r.general } : {}),
            };
        return entryPage(c, id, extra, r.status);
      }
      return c.redirect(`${PATH}/${encodeURIComponent(id)}?done=${action}`, 303);
    });
}
