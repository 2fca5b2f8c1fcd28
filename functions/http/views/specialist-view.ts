import { type Specialist, specialistVersion } from '../../../domain/directory/model.ts';
import { without } from '../../../domain/referral/transition.ts';
import type { SpecialistView } from '../schemas/specialists.ts';
import { exactly } from './exact.ts';

const asSpecialistView = exactly<SpecialistView>();

/** A specialist or service desk as the directory shows it to coordinators: every field, as documented. */
export const specialistView = (s: Specialist): SpecialistView =>
  asSpecialistView({
    ...without(s, 'absences'),
    languages: [...s.languages],
    ...(s.absences ? { absences: s.absences.map((a) => ({ from: a.from, until: a.until })) } : {}),
    version: specialistVersion(s),
  });
