import type { OrganisationStore } from '../ports.ts';
import type { UseCaseDeps } from '../referral/deps.ts';

/**
 * What the link use cases need: the referral use cases' deps, and the organisations (who refers: its
 * name on an offer page, which tolerates a copy a few seconds old).
 */
export interface LinkDeps extends UseCaseDeps {
  readonly organisations: Pick<OrganisationStore, 'get'>;
}
