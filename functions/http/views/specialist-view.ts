import type { Caller } from '../../../domain/caller.ts';
import { mayChangeSpecialist } from '../../../domain/directory/change-specialist.ts';
import {
  isAddressConfirmed,
  isApproved,
  type Specialist,
  specialistVersion,
} from '../../../domain/directory/model.ts';
import { without } from '../../../domain/referral/transition.ts';
import type { SpecialistView } from '../schemas/specialists.ts';
import { exactly } from './exact.ts';

const asSpecialistView = exactly<SpecialistView>();

/**
 * A specialist or service desk as the directory shows it to `viewer`: every field, as documented; its
 * standing (approval, address confirmed) to those who look after the entry (its organisation's
 * coordinators, admins) only. Never who asked for the approval, nor the confirmation's id.
 */
export const specialistView = (s: Specialist, viewer: Caller): SpecialistView =>
  asSpecialistView({
    ...without(s, 'absences', 'approval', 'approvalRequestedBy', 'addressConfirmed', 'confirmationId'),
    languages: [...s.languages],
    ...(s.absences ? { absences: s.absences.map((a) => ({ from: a.from, until: a.until })) } : {}),
    ...(mayChangeSpecialist(viewer, s)
      ? { approval: isApproved(s) ? 'approved' : 'pending', addressConfirmed: isAddressConfirmed(s) }
      : {}),
    version: specialistVersion(s),
  });
