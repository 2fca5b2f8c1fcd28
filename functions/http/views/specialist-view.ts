import type { Specialist } from '../../../domain/directory/model.ts';
import type { SpecialistView } from '../schemas/specialists.ts';
import { exactly } from './exact.ts';

const asSpecialistView = exactly<SpecialistView>();

/** A specialist or service desk as the directory shows it to coordinators: every field, as documented. */
export const specialistView = (s: Specialist): SpecialistView =>
  asSpecialistView({ ...s, languages: [...s.languages] });
