import type { EscalationDeps } from '../../../domain/escalations/context.ts';
import type { UseCaseDeps } from '../../../domain/referral/deps.ts';
import type { StaffRole } from '../../../domain/referral/model.ts';
import { type RouteList, routeDeclarer } from '../../edge/route-declaration.ts';
import { escalationDepsOf, useCaseDeps } from '../../lib/use-case-deps.ts';
import type { ApiAppDeps } from '../api-parts.ts';

/** What the staff app's handlers get beside their parsed input: the composition root and its views. */
export interface StaffRouteContext {
  readonly deps: ApiAppDeps;
  readonly uc: UseCaseDeps;
  readonly escalations: EscalationDeps;
  /** The OpenAPI document served at /openapi.json (StaffAppOptions). */
  readonly apiDocument: () => unknown;
  /** The AsyncAPI document served at /asyncapi.json (StaffAppOptions). */
  readonly eventDocument: () => unknown;
}

export const staffRouteContext = (
  deps: ApiAppDeps,
  documents: Pick<StaffRouteContext, 'apiDocument' | 'eventDocument'>,
): StaffRouteContext => ({
  deps,
  uc: useCaseDeps(deps),
  escalations: escalationDepsOf(deps),
  ...documents,
});

/**
 * A route behind the staff bearer token (`/v1/*`), on record: what it reads and changes goes to the
 * access log (functions/lib/access-recording.ts), whoever declares it.
 */
export const staffRoute = routeDeclarer<StaffRouteContext, StaffRole>({
  security: 'staff',
  access: 'recorded',
});

/** A route anyone may call. */
export const publicRoute = routeDeclarer<StaffRouteContext, StaffRole>();

export type StaffRoutes = RouteList<StaffRouteContext, StaffRole>;
