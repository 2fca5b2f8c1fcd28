import type { Consumer } from './dispatch.ts';
import { addressEmail } from './emails/index.ts';
import { addressLink } from './links.ts';
import type { NotifyDeps } from './notify-parts.ts';
import { consumerLog } from './specialist-mail.ts';

/**
 * specialist.address_to_confirm → the email with the link that confirms the address, to the address
 * the event was for. Nothing is sent when the entry has moved on meanwhile (another address, already
 * confirmed): a later event sends the link for the address it has now.
 */
export const sendAddressConfirmation: Consumer<NotifyDeps> = {
  name: 'send-address-confirmation',
  handles: ['specialist.address_to_confirm'],
  async handle(event, deps) {
    if (event.type !== 'specialist.address_to_confirm') return;
    const log = consumerLog(deps, 'send-address-confirmation', event);
    const { specialistId, confirmationId } = event.data;
    const s = await deps.specialists.get(specialistId);
    if (!s || s.confirmationId !== confirmationId || s.addressConfirmed !== false) {
      return log.info('address confirmation no longer wanted: nothing sent');
    }
    const link = await addressLink(deps, s.id, confirmationId, deps.clock.now());
    await deps.mailer.send(
      addressEmail({
        locale: s.locale,
        specialist: { displayName: s.displayName, email: s.email },
        link: link.url,
      }),
    );
    log.info('address confirmation sent');
  },
};
