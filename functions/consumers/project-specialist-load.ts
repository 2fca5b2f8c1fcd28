import type { Deps } from '../lib/deps.ts';
import type { Consumer } from './dispatch.ts';

/**
 * Keeps the specialist load projection that matching reads: offer.sent moves the specialist's "last
 * offered" forward, appointment.scheduled counts an appointment in its month (against the pro-bono
 * quota). Both writes are idempotent, so a re-delivered event changes nothing.
 */
export const projectSpecialistLoad: Consumer<Deps> = {
  name: 'project-specialist-load',
  idempotent: true,
  handles: ['offer.sent', 'appointment.scheduled'],
  async handle(event, deps) {
    if (event.type === 'offer.sent') {
      await deps.specialistLoad.recordOffer(event.data.specialistId, event.at);
    } else if (event.type === 'appointment.scheduled') {
      await deps.specialistLoad.recordAppointment(event.data.specialistId, event.data.offerId, event.at);
    }
  },
};
