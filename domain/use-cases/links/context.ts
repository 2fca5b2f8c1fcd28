import type { OrganisationStore } from '../../ports.ts';
import type { UseCaseDeps } from '../context.ts';

/** What the link use cases need: the referral use cases' deps, and the organisations (who refers). */
export interface LinkDeps extends UseCaseDeps {
  readonly organisations: OrganisationStore;
}
