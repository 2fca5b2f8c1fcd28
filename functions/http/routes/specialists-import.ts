import * as z from 'zod/mini';
import type { Caller } from '../../../domain/caller.ts';
import { addSpecialist } from '../../../domain/directory/add-specialist.ts';
import { changeSpecialist, type SpecialistChanges } from '../../../domain/directory/change-specialist.ts';
import { normalisedEmail, type Specialist } from '../../../domain/directory/model.ts';
import { DomainError } from '../../../domain/errors.ts';
import { lazySchema } from '../../../events/lazy-schema.ts';
import { idForIdempotencyKey } from '../../lib/ids.ts';
import { fromService, type ImportedEntry } from '../../standards/hsds/mapping.ts';
import { type HsdsImportService, hsdsImportPackage } from '../../standards/hsds/schemas.ts';
import type { ApiAppDeps } from '../api-parts.ts';
import { createSpecialistBody } from '../schemas/specialists.ts';
import { type StaffRoutes, staffRoute } from './context.ts';
import { problems } from './docs.ts';

/*
 * `POST /v1/specialists/import` (issue 16 item 2): an HSDS 3.0 package (organizations with their
 * services) read into the caller's organisation. Each service that maps to a specialty becomes a
 * `pending` entry through the same use case as POST /v1/specialists (approval and address confirmation
 * as for any new entry; an email another specialist has is refused). The entry's id is derived from the
 * organisation and the service's HSDS id (as an Idempotency-Key's is), so the HSDS id stays with the
 * entry: importing the same package again finds each one and changes nothing, and a service changed
 * since is an update through the directory's change (which puts a new email or practice back to pending).
 */

const importQuery = lazySchema(() =>
  z.strictObject({
    dryRun: z.optional(z.enum(['true', 'false'])),
  }),
);

type Outcome = 'added' | 'updated' | 'unchanged' | 'refused';

interface Line {
  /** Where the service is in the package: `organizations.0.services.2`. */
  readonly line: string;
  readonly serviceId: string;
  readonly name: string;
  readonly outcome: Outcome;
  /** The directory entry it is (or would be) */
  readonly specialistId?: string;
  /** Why a line is refused, or what an update changes. */
  readonly reason?: string;
  /** The HSDS field at fault, as a path in the package. */
  readonly field?: string;
}

const lineSchema = lazySchema(() =>
  z.object({
    line: z.string(),
    serviceId: z.string(),
    name: z.string(),
    outcome: z.enum(['added', 'updated', 'unchanged', 'refused']),
    specialistId: z.optional(z.string()),
    reason: z.optional(z.string()),
    field: z.optional(z.string()),
  }),
);
const importReportSchema = lazySchema(() =>
  z.object({
    dryRun: z.boolean(),
    added: z.int(),
    updated: z.int(),
    unchanged: z.int(),
    refused: z.int(),
    lines: z.array(lineSchema),
  }),
);

/** Where a directory field comes from in an HSDS service, to name it in a refusal. */
const HSDS_FIELD: Record<string, string> = {
  displayName: 'name',
  email: 'email',
  practice: 'service_at_locations',
  country: 'attributes',
  languages: 'languages',
  specialty: 'attributes',
};

/** The directory fields an import sets, compared to tell an unchanged entry from an update. */
const CHANGEABLE = ['displayName', 'email', 'practice', 'country', 'languages', 'locale', 'active'] as const;

function changesOf(
  existing: Specialist,
  asked: Extract<ImportedEntry, { ok: true }>['input'],
): SpecialistChanges {
  const changes: Record<string, unknown> = {};
  for (const key of CHANGEABLE) {
    const was = key === 'email' ? normalisedEmail(existing.email) : existing[key];
    const now = key === 'email' ? normalisedEmail(asked.email) : asked[key];
    if (JSON.stringify(was) !== JSON.stringify(now)) changes[key] = asked[key];
  }
  return changes as SpecialistChanges;
}

/** Every email the directory holds (a dry run checks uniqueness as the real run's claim would). */
async function directoryEmails(deps: ApiAppDeps): Promise<Map<string, string>> {
  const emails = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await deps.specialists.list({ limit: 100, ...(cursor ? { cursor } : {}) });
    for (const s of page.items) emails.set(normalisedEmail(s.email), s.id);
    cursor = page.nextCursor;
  } while (cursor);
  return emails;
}

async function importService(
  deps: ApiAppDeps,
  caller: Caller,
  svc: HsdsImportService,
  at: string,
  context: { locale: Specialist['locale']; dryRun: boolean; emails: Map<string, string> | undefined },
): Promise<Line> {
  const base = { line: at, serviceId: svc.id, name: svc.name };
  const refused = (reason: string, field: string): Line => ({ ...base, outcome: 'refused', reason, field });
  const mapped = fromService(svc, context.locale);
  if (!mapped.ok) return refused(mapped.reason, `${at}.${mapped.field}`);
  // The directory's own rules for a new entry, as POST /v1/specialists applies them.
  const checked = createSpecialistBody.safeParse(mapped.input);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const key = String(issue?.path[0] ?? '');
    return refused(issue?.message ?? 'Not a valid entry', `${at}.${HSDS_FIELD[key] ?? key}`);
  }
  const id = idForIdempotencyKey(caller.org, `hsds\u0000${svc.id}`);
  const entry = { ...base, specialistId: id };
  try {
    const existing = await deps.specialists.get(id);
    if (existing) {
      const changes = changesOf(existing, mapped.input);
      const changed = Object.keys(changes);
      if (changed.length === 0) return { ...entry, outcome: 'unchanged' };
      if (!context.dryRun) await changeSpecialist(deps, caller, id, changes);
      return { ...entry, outcome: 'updated', reason: `Changes ${changed.join(', ')}` };
    }
    const holder = context.emails?.get(normalisedEmail(mapped.input.email));
    if (holder !== undefined && holder !== id) {
      return refused('Another specialist has this email', `${at}.email`);
    }
    if (context.dryRun) {
      context.emails?.set(normalisedEmail(mapped.input.email), id);
      return { ...entry, outcome: 'added' };
    }
    const { created } = await addSpecialist(deps, caller, { input: mapped.input, id, idempotent: true });
    return { ...entry, outcome: created ? 'added' : 'unchanged' };
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    // The email claim (409 naming `email`) and the directory's refusals: this line only, not the package.
    const field = e.field ?? (e.kind === 'conflict' ? 'email' : undefined);
    return refused(
      e.kind === 'conflict' ? 'Another specialist has this email' : e.message,
      `${at}${field ? `.${HSDS_FIELD[field] ?? field}` : ''}`,
    );
  }
}

export const specialistImportRoutes: StaffRoutes = [
  staffRoute({
    method: 'post',
    path: '/v1/specialists/import',
    roles: ['coordinator', 'admin'],
    query: importQuery,
    body: hsdsImportPackage,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'Import an HSDS 3.0 package into the caller’s organisation',
      description:
        'Body: `{ "organizations": [ … ] }`, each an HSDS 3.0 organization with its `services` (what ' +
        'GET /hsds/organizations/{id} returns fits as it is). Each service that maps to a specialty (a ' +
        'taxonomy term whose `code` is one, `relais-specialty` first) becomes a `pending` entry of the ' +
        'caller’s organisation, through the same rules as POST /v1/specialists: an admin approves it and ' +
        'the specialist confirms their address before any offer. Its id is derived from the service’s ' +
        'HSDS id, so importing the same package again changes nothing (`unchanged`); a service changed ' +
        'since is `updated` through the directory’s change. Each service is one line of the answer: ' +
        '`added`, `updated`, `unchanged` or `refused` with the reason and the HSDS field at fault ' +
        '(no specialty, no email, no language, no location, an email another specialist has). ' +
        '`?dryRun=true` answers the same without writing anything. A package that is not HSDS is a 400 ' +
        'naming each path at fault. Bodies are limited to 64 KB: split a large directory.',
      tags: ['directory', 'hsds'],
      responses: {
        200: { description: 'What was (or would be) done, line by line', schema: importReportSchema },
        ...problems,
      },
    },
    async handler(c, { query, body }, { deps }) {
      const caller = c.var.principal;
      const dryRun = query.dryRun === 'true';
      const locale = (await deps.organisations.get(caller.org))?.locale ?? 'en';
      const emails = dryRun ? await directoryEmails(deps) : undefined;
      const seen = new Set<string>();
      const lines: Line[] = [];
      for (const [i, org] of body.organizations.entries()) {
        for (const [j, svc] of (org.services ?? []).entries()) {
          const at = `organizations.${i}.services.${j}`;
          if (seen.has(svc.id)) {
            lines.push({
              line: at,
              serviceId: svc.id,
              name: svc.name,
              outcome: 'refused',
              reason: 'This service is in the package twice',
              field: `${at}.id`,
            });
            continue;
          }
          seen.add(svc.id);
          lines.push(await importService(deps, caller, svc, at, { locale, dryRun, emails }));
        }
      }
      const count = (o: Outcome) => lines.filter((l) => l.outcome === o).length;
      return c.json({
        dryRun,
        added: count('added'),
        updated: count('updated'),
        unchanged: count('unchanged'),
        refused: count('refused'),
        lines,
      });
    },
  }),
];
