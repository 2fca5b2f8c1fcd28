import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import * as z from 'zod/mini';
import { STAFF_ROLES, type StaffRole } from '../../../../domain/referral/model.ts';
import { queryOf } from '../../../edge/validation.ts';
import type { SeenStaff } from '../../../ports/staff-seen.ts';
import { catalogue, type Locale } from '../../../ui/messages.ts';
import type { PagesAppDeps } from '../../pages-parts.ts';
import { pageOnError } from '../error-page.tsx';
import { Layout, pageResponse, ScrollRegion, words } from '../layout.tsx';
import { pageLocale } from '../locale.ts';
import { rolesOnly } from '../roles-only.tsx';
import { pageSession, sameOriginOnly } from '../session.ts';
import { shownName } from './accompanier-choice.tsx';

/*
 * `/app/staff`: the organisation's staff as Relais has seen them sign in (the store `GET /v1/staff`
 * reads, coordinators only as there), filtered by role, with the day each was last seen in the
 * organisation's time zone. Relais keeps no staff list of its own: this is who used it.
 */

const staffPageQuery = z.strictObject({
  role: z.optional(z.union([z.enum(STAFF_ROLES), z.literal('')])),
  cursor: z.optional(z.string().check(z.maxLength(512))),
});

/** A day as people of the locale write it, in the organisation's time zone. */
export const formatDay = (locale: Locale, at: string, timeZone: string): string =>
  new Intl.DateTimeFormat(catalogue(locale).intl, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone,
  }).format(new Date(at));

interface StaffListView {
  readonly locale: Locale;
  readonly timeZone: string;
  readonly role?: StaffRole | undefined;
  readonly items: readonly SeenStaff[];
  readonly nextCursor?: string | undefined;
  readonly admin: boolean;
}

const StaffList: FC<{ v: StaffListView }> = ({ v }) => {
  const w = words(v.locale);
  const more = new URLSearchParams({ ...(v.role ? { role: v.role } : {}), cursor: v.nextCursor ?? '' });
  return (
    <>
      <h1>{w('staff.staff.title')}</h1>
      <p>{w('staff.staff.lead')}</p>
      {v.admin ? (
        <p>
          <a href="/app/staff/invite">{w('staff.staff.invite')}</a>
        </p>
      ) : null}
      <form method="get" action="/app/staff" class="card row">
        <div>
          <label for="staff-role">{w('staff.staff.role')}</label>
          <select id="staff-role" name="role">
            <option value="">{w('staff.staff.all_roles')}</option>
            {STAFF_ROLES.map((r) => (
              <option value={r} selected={r === v.role}>
                {w(`staff.role.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit" class="secondary">
            {w('staff.staff.show')}
          </button>
        </div>
      </form>
      {v.items.length === 0 ? (
        <p class="card">{w('staff.staff.empty')}</p>
      ) : (
        <ScrollRegion label={w('staff.staff.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{w('staff.staff.col.name')}</th>
                <th scope="col">{w('staff.staff.col.roles')}</th>
                <th scope="col">{w('staff.staff.col.seen')}</th>
              </tr>
            </thead>
            <tbody>
              {v.items.map((s) => (
                <tr data-sub={s.sub}>
                  <td>{shownName(s)}</td>
                  <td>{s.roles.map((r) => w(`staff.role.${r}`)).join(', ')}</td>
                  <td>{s.seenAt ? formatDay(v.locale, s.seenAt, v.timeZone) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {v.nextCursor ? (
        <p>
          <a href={`/app/staff?${more}`}>{w('staff.staff.more')}</a>
        </p>
      ) : null}
    </>
  );
};

/** Coordinators only, as `GET /v1/staff`; anyone else gets a page saying so. */
const coordinatorsOnly = (deps: PagesAppDeps) =>
  rolesOnly(deps, ['coordinator'], 'staff.staff.for_coordinators', 'staff.error.title');

/** `/app/staff` (mounted beside `/app/staff/invite`, which stays the administrators'). */
export function staffListPages(deps: PagesAppDeps) {
  return (
    new Hono()
      .onError(pageOnError(deps))
      // Guarded on its own path (not `use`, which would cover /app/staff/invite too).
      .get('/', sameOriginOnly, pageSession(deps), coordinatorsOnly(deps), async (c) => {
        const p = c.var.principal;
        const q = queryOf(c, staffPageQuery);
        const role = q.role || undefined;
        const page = await deps.staffSeen.list(p.org, {
          limit: 50,
          ...(role ? { role } : {}),
          ...(q.cursor ? { cursor: q.cursor } : {}),
        });
        const { locale, timeZone } = await pageLocale(c, deps, p);
        const v: StaffListView = {
          locale,
          timeZone,
          role,
          items: page.items,
          nextCursor: page.nextCursor,
          admin: p.roles.includes('admin'),
        };
        return pageResponse(
          c,
          <Layout title={words(locale)('staff.staff.title')} locale={locale} signedInAs={p} path="/app/staff">
            <StaffList v={v} />
          </Layout>,
          200,
        );
      })
  );
}
