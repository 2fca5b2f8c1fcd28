/** The HTML pages behind specialist links: pure functions of their inputs, no JavaScript, nothing remote. */

export { toDateTimeLocal } from '../../ui/local-time.ts';
export { addressPage } from './address-page.ts';
export {
  errorNote,
  factList,
  LINK_PAGE_CSP,
  LINK_PAGE_HEADERS,
  LINK_PAGE_STYLE,
  LINK_PAGE_STYLE_HASH,
  linkAction,
  renderPage,
} from './layout.ts';
export {
  MESSAGE_PAGE_KINDS,
  type MessagePageInput,
  type MessagePageKind,
  messagePage,
} from './message-page.ts';
export { type Exchange, type OfferPageInput, offerPage, TEXT_LIMITS } from './offer-page.ts';
export { type OutcomePageInput, outcomePage } from './outcome-page.ts';
export { movedPage, rescheduleFormHtml } from './reschedule-page.ts';
