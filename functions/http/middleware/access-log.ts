import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { actorFor } from '../../../domain/caller.ts';
import type { Actor, StaffRole } from '../../../domain/referral/model.ts';
import type {} from '../../edge/context.ts';
import {
  type AccessNote,
  type AccessRecorderDeps,
  answerDisclosed,
  isRead,
  recordingAccess,
} from '../../lib/access-recording.ts';

/*
 * The staff app's side of the access log (functions/lib/access-recording.ts): a JSON route is recorded
 * as declared (registerRoutes puts this wrapper on every route declared `access: 'recorded'`, which every
 * staff route is), the pages under `/app` by one middleware. Who is the signed-in staff member, as the
 * role the route lets act (actorFor), and the route is the pattern, never the path.
 */

/** Whether the answer showed what it read (the one rule: `answerDisclosed`). */
const disclosed = (c: Context): boolean => answerDisclosed(c.req.method, c.res.status, c.error !== undefined);

const staffActor = (c: Context, roles: readonly StaffRole[] | undefined): Actor | undefined => {
  const caller = c.var.principal as typeof c.var.principal | undefined;
  return caller ? actorFor(caller, roles?.length ? roles : caller.roles) : undefined;
};

/**
 * What a staff member can have been shown: a referral of their organisation, or, for a network
 * coordinator, of any ("Who sees what"; the reads that refuse do so before answering). A list the use
 * case narrowed after the store read it (an accompanier's accompaniments, by organisation) read others
 * too: those are not recorded as shown. Changes always are.
 */
const shownTo =
  (c: Context) =>
  (note: AccessNote): boolean => {
    const caller = c.var.principal as typeof c.var.principal | undefined;
    if (!isRead(note) || note.subject !== 'referral' || !caller) return true;
    return note.org === caller.org || caller.roles.includes('network_coordinator');
  };

/** The wrapper of one declared route (RegisterOptions.record). */
export const recordRoute =
  (
    deps: AccessRecorderDeps,
    route: { readonly method: string; readonly path: string; readonly roles?: readonly StaffRole[] },
  ): MiddlewareHandler =>
  (c, next) =>
    recordingAccess(deps, next, () => ({
      route: `${route.method.toUpperCase()} ${route.path}`,
      // Read once answered (the outcome is also asked at a write, before the answer exists).
      get disclosed() {
        return disclosed(c);
      },
      actorOf: () => staffActor(c, route.roles),
      keep: shownTo(c),
    }));

/** Every staff page (`/app/*`): the route that answered, as registered (`GET /app/referrals/{id}`). */
export const recordPages =
  (deps: AccessRecorderDeps): MiddlewareHandler =>
  (c, next) =>
    recordingAccess(deps, next, () => ({
      route: `${c.req.method} ${routePath(c).replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}')}`,
      // Read once answered (the outcome is also asked at a write, before the answer exists).
      get disclosed() {
        return disclosed(c);
      },
      actorOf: () => staffActor(c, undefined),
      keep: shownTo(c),
    }));
