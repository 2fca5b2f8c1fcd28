import type { Context, Next } from 'hono';
import type { StaffRole } from '../../../domain/referral/model.ts';
import type { StaffPrincipal } from '../../lib/deps.ts';
import type { TextKey } from '../../ui/messages.ts';
import { hasRole } from '../middleware/staff-auth.ts';
import type { PagesAppDeps } from '../pages-parts.ts';
import { Layout, pageResponse, words } from './layout.tsx';
import { pageLocale } from './locale.ts';

/**
 * The one role check of a staff page (after pageSession): a signed-in member holding none of `roles`
 * gets a 403 page in their language saying who the page is for (`reason`), never a JSON problem. Each
 * page family names its roles and its words; the check and the page are written once, here.
 */
export const rolesOnly =
  (deps: PagesAppDeps, roles: readonly StaffRole[], reason: TextKey, title: TextKey = 'staff.not_allowed') =>
  async (c: Context, next: Next) =>
    (await refusedRole(c, deps, roles, reason, title)) ?? next();

/**
 * The same check inside a handler (a form posting to one of several actions, each with its roles): the
 * 403 page when the signed-in member holds none of `roles`, nothing when they may go on.
 */
export async function refusedRole(
  c: Context,
  deps: PagesAppDeps,
  roles: readonly StaffRole[],
  reason: TextKey,
  title: TextKey = 'staff.not_allowed',
): Promise<Response | undefined> {
  const p: StaffPrincipal = c.var.principal;
  if (hasRole(p, ...roles)) return undefined;
  const { locale } = await pageLocale(c, deps, p);
  const w = words(locale);
  return pageResponse(
    c,
    <Layout title={w(title)} locale={locale} signedInAs={p} path={c.req.path}>
      <h1>{w(title)}</h1>
      <p class="error" role="alert">
        {w(reason)}
      </p>
    </Layout>,
    403,
  );
}
