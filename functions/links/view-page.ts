import type { LinkRef } from '../../domain/links/link-state.ts';
import type { LinkView } from '../../domain/links/view-link.ts';
import type { Locale } from '../ui/messages.ts';
import type { LinkContext } from './pipeline.ts';
import { LINK_REFUSALS } from './refusals.ts';
import type { RefusedInput, TypedInput } from './refused-input.ts';
import { messagePage, offerPage, outcomePage, rescheduleForm } from './render/index.ts';

/** The states a link is looked at in that are pages to come back to (200), not refusals. */
export const COME_BACK_STATES = ['waiting', 'uncertain'] as const;
type ComeBackState = (typeof COME_BACK_STATES)[number];
export const isComeBack = (state: string): state is ComeBackState =>
  (COME_BACK_STATES as readonly string[]).includes(state);

/**
 * What a link shows when it is looked at: its offer or outcome form, the question waiting, or the
 * appointment in doubt (the person was not at the meeting point).
 */
export type ShownView =
  | Exclude<LinkView, { kind: 'refused' }>
  | { readonly kind: 'refused'; readonly state: ComeBackState; readonly locale?: Locale };

/**
 * The page of a link's view; `refused`: shown again after a refused answer, the reason next to its
 * field (or above the forms), with what was `typed` kept.
 * `fallbackLocale` (the browser's) when the view names no specialist. `token` is the link as it came; a view that followed a question's answer to a fresh offer gets a fresh
 * link for it, so the forms answer the offer shown.
 */
export async function viewPage(
  { deps }: LinkContext,
  view: ShownView,
  link: LinkRef,
  token: string,
  opts: {
    readonly refused?: RefusedInput;
    readonly typed?: TypedInput;
    readonly fallbackLocale?: Locale;
  } = {},
): Promise<string> {
  const again = opts.refused ? { refused: opts.refused, typed: opts.typed ?? {} } : {};
  switch (view.kind) {
    case 'offer':
      return offerPage({
        locale: view.locale,
        timeZone: view.timeZone,
        ...view.shared,
        practice: view.practice,
        expiresAt: new Date(view.expiresAt),
        token: view.followed
          ? await deps.linkTokens.sign({
              purpose: 'offer',
              offerId: view.offerId,
              referralId: link.referralId,
              expiresAt: new Date(view.expiresAt),
              now: deps.clock.now(),
            })
          : token,
        exchanges: view.exchanges,
        now: deps.clock.now(),
        ...again,
      });
    case 'outcome':
      return outcomePage({
        locale: view.locale,
        timeZone: view.timeZone,
        specialty: view.specialty,
        appointmentAt: new Date(view.appointment.at),
        place: view.appointment.place,
        token,
        // The same link lets the specialist move the appointment (POST /o/{token}/reschedule).
        // Typed in the referring organisation's zone, as the accept form's time was.
        more: rescheduleForm(view.locale, token, view.timeZone, new Date(view.appointment.at), again),
        ...again,
      });
    case 'refused':
      // A question waiting for its answer, an appointment in doubt: a page to come back to, which
      // refuses answers meanwhile.
      return messagePage({
        locale: view.locale ?? opts.fallbackLocale ?? 'en',
        kind: LINK_REFUSALS[view.state].page,
      });
  }
}
