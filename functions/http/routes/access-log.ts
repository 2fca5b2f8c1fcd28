import type { Caller } from '../../../domain/caller.ts';
import { mayChangeSpecialist } from '../../../domain/directory/change-specialist.ts';
import { DomainError } from '../../../domain/errors.ts';
import type { AccessEntry, DirectoryAccessEntry } from '../../../domain/ports.ts';
import { LOG_READ, noteAccess } from '../../lib/access-recording.ts';
import { type AccessEntryView, accessLogQuery, accessLogSchema } from '../schemas/access-log.ts';
import { idParams } from '../schemas/params.ts';
import { exactly } from '../views/exact.ts';
import { type StaffRoutes, staffRoute } from './context.ts';
import { problems } from './docs.ts';

const asEntry = exactly<AccessEntryView>();

/** An entry as the API shows it: ids and codes, as stored. */
const entryView = (e: AccessEntry | DirectoryAccessEntry): AccessEntryView =>
  asEntry({ at: e.at, actor: { role: e.actor.role, id: e.actor.id }, action: e.action, route: e.route });

const notFound = () => new DomainError('not_found', 'No such access log.');

const DEFAULT_LIMIT = 25;

/**
 * The access logs: who read or changed a referral (or a specialist of the directory), when, what and
 * through which route, newest first. Read-only: no route changes or deletes an entry. Reading a log is
 * itself on record (`access_log.read`).
 */
export const accessLogRoutes: StaffRoutes = [
  staffRoute({
    method: 'get',
    path: '/v1/referrals/{id}/access-log',
    roles: ['coordinator'],
    params: idParams,
    query: accessLogQuery,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'Who read and changed a referral: its access log, newest first',
      description:
        'For the coordinators of the referring organisation; anyone else gets 404 (other roles 403). ' +
        'Each read (`read`, `listed` for a list that showed it), each change (its timeline action: ' +
        '`referral.closed` …; `attempted:` before it when the change lost a race and did not happen), ' +
        'each acknowledgement of its escalations, each link opened or answered by ' +
        'a specialist and each read of this log, through the API, the pages or the links: when, who ' +
        '(role and id: the staff member’s `sub`, the specialist’s id), what and the route as declared ' +
        '(never the path). Ids and codes only. The log outlives the referral: it is still read after an ' +
        'erasure, which it records. Nobody can change it. A change’s entry is written with the change ' +
        'itself and appears here a moment after its answer (the table stream’s delay).',
      tags: ['referrals'],
      responses: { 200: { description: 'A page of entries', schema: accessLogSchema() }, ...problems },
    },
    async handler(c, { params, query }, { deps }) {
      const caller = c.var.principal;
      const page = await deps.accessLog.list(params.id, {
        ...(query.cursor ? { cursor: query.cursor } : {}),
        limit: query.limit ?? DEFAULT_LIMIT,
      });
      // The entries say whose referral it is, even once it is erased; the referral, while there is no
      // entry yet (one opened before the log was kept).
      const org = page.items[0]?.org ?? (await deps.store.get(params.id))?.org;
      if (org === undefined || org !== caller.org) throw notFound();
      noteAccess({ subject: 'referral', id: params.id, org, action: LOG_READ });
      return c.json({ items: page.items.map(entryView), nextCursor: page.nextCursor });
    },
  }),
  staffRoute({
    method: 'get',
    path: '/v1/specialists/{id}/access-log',
    roles: ['coordinator', 'network_coordinator', 'admin'],
    params: idParams,
    query: accessLogQuery,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'Who changed a specialist of the directory: its log, newest first',
      description:
        'For those who may change the specialist (the coordinators of the organisation that recruited ' +
        'them, and `admin`); anyone else gets 404. Each creation and change through the directory API ' +
        '(`specialist.created`, `specialist.changed`) and each read of this log: when, who, what, route.',
      tags: ['specialists'],
      pathParams: { id: 'The specialist id' },
      responses: { 200: { description: 'A page of entries', schema: accessLogSchema() }, ...problems },
    },
    async handler(c, { params, query }, { deps }) {
      const caller: Caller = c.var.principal;
      const specialist = await deps.specialists.get(params.id);
      if (!specialist || !mayChangeSpecialist(caller, specialist)) throw notFound();
      const page = await deps.directoryLog.list(params.id, {
        ...(query.cursor ? { cursor: query.cursor } : {}),
        limit: query.limit ?? DEFAULT_LIMIT,
      });
      noteAccess({
        subject: 'specialist',
        id: params.id,
        ...(specialist.organisation ? { org: specialist.organisation } : {}),
        action: LOG_READ,
      });
      return c.json({ items: page.items.map(entryView), nextCursor: page.nextCursor });
    },
  }),
];
