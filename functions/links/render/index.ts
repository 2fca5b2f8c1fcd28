/** The HTML pages behind specialist links: pure functions of their inputs, no JavaScript, nothing remote. */

export { toDateTimeLocal } from '../../ui/local-time.ts';
export { addressPage } from './address-page.tsx';
export {
  ErrorNote,
  FactList,
  LINK_PAGE_CSP,
  LINK_PAGE_HEADERS,
  LINK_PAGE_STYLE,
  LINK_PAGE_STYLE_HASH,
  LinkLayout,
  linkAction,
  renderPage,
} from './layout.tsx';
export {
  MESSAGE_PAGE_KINDS,
  type MessagePageInput,
  type MessagePageKind,
  messagePage,
} from './message-page.tsx';
export { type Exchange, type OfferPageInput, offerPage, TEXT_LIMITS } from './offer-page.tsx';
export { type OutcomePageInput, outcomePage } from './outcome-page.tsx';
export { movedPage, rescheduleForm } from './reschedule-page.tsx';
