import { accessLogRoutes } from './access-log.ts';
import { accompanimentRoutes } from './accompaniment.ts';
import type { StaffRoutes } from './context.ts';
import { escalationRoutes } from './escalations.ts';
import { fhirRoutes } from './fhir.ts';
import { hsdsRoutes } from './hsds.ts';
import { meRoutes } from './me.ts';
import { organisationRoutes } from './organisations.ts';
import { peopleRoutes } from './people.ts';
import { publicRoutes } from './public.ts';
import { referralRoutes } from './referrals.ts';
import { specialistRoutes } from './specialists.ts';
import { specialistImportRoutes } from './specialists-import.ts';
import { staffRoutes } from './staff.ts';
import { statsRoutes } from './stats.ts';

/**
 * Every JSON route of the staff app, declared once: the app registers this list (staff-app.ts) and the
 * OpenAPI document is built from it (functions/contract/api-document.ts).
 */
export const STAFF_ROUTES: StaffRoutes = [
  ...publicRoutes,
  ...referralRoutes,
  ...fhirRoutes,
  ...accessLogRoutes,
  ...accompanimentRoutes,
  ...peopleRoutes,
  ...meRoutes,
  ...specialistImportRoutes,
  ...specialistRoutes,
  ...escalationRoutes,
  ...statsRoutes,
  ...hsdsRoutes,
  ...organisationRoutes,
  ...staffRoutes,
];
