import type { UseCaseDeps } from '../caller.ts';
import type { OrganisationStore } from '../ports.ts';

/** What the link use cases need: the referral use cases' deps, and the organisations (who refers). */
export interface LinkDeps extends UseCaseDeps {
  readonly organisations: OrganisationStore;
}
