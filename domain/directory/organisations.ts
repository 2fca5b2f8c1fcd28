import { checkIfMatch, DomainError } from '../errors.ts';
import type { OrganisationStore } from '../ports.ts';
import type { Organisation } from './model.ts';

/** What an admin sets of an organisation: all of it but the version, which the store keeps. */
export type OrganisationInput = Omit<Organisation, 'version'>;

const sameContent = (a: OrganisationInput, b: OrganisationInput): boolean => {
  const { version: _a, ...x } = a as Organisation;
  const { version: _b, ...y } = b as Organisation;
  return JSON.stringify(x, Object.keys(x).sort()) === JSON.stringify(y, Object.keys(y).sort());
};

/**
 * Adds an organisation under the id the admin chose (it names the organisation in every token). A retry
 * with the same Idempotency-Key and body answers with what was created; an id already taken otherwise
 * is a conflict, never an overwrite.
 */
export async function createOrganisation(
  deps: { readonly organisations: OrganisationStore },
  input: OrganisationInput,
  idempotencyKey?: string,
): Promise<{ readonly organisation: Organisation; readonly created: boolean }> {
  const organisation: Organisation = { ...input, version: 1 };
  const res = await deps.organisations.create(organisation, idempotencyKey);
  if (res.created) return { organisation, created: true };
  if (idempotencyKey !== undefined && res.idempotencyKey === idempotencyKey) {
    if (sameContent(res.existing, input) || res.existing.version !== 1) {
      // Changed since by a PATCH: the retry still names the organisation it created.
      return { organisation: res.existing, created: false };
    }
    throw new DomainError('invalid_state', 'This Idempotency-Key was used with a different body.');
  }
  throw new DomainError('conflict', 'An organisation with this id exists.', 'id');
}

/** Changes an organisation's fields; with `ifMatch`, one changed since that version is a conflict. */
export async function changeOrganisation(
  deps: { readonly organisations: OrganisationStore },
  id: string,
  change: Partial<OrganisationInput>,
  ifMatch: number | undefined,
): Promise<Organisation> {
  const current = await deps.organisations.get(id);
  if (!current) throw new DomainError('not_found', 'No such organisation.');
  const version = current.version ?? 0;
  checkIfMatch(ifMatch, version, 'organisation');
  const next: Organisation = { ...current, ...change, id, version: version + 1 };
  if (!(await deps.organisations.replace(next, version))) {
    throw new DomainError('conflict', 'The organisation changed meanwhile.', 'If-Match');
  }
  return next;
}
