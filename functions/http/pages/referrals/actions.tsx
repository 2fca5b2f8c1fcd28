import type { FC } from 'hono/jsx';
import type { OfferChoice } from '../../../../domain/matching/offer-slots.ts';
import type { Referral } from '../../../../domain/referral/model.ts';
import * as Rules from '../../../../domain/referral/rules/index.ts';
import { toDateTimeLocal } from '../../../ui/local-time.ts';
import { named, type Speech, say } from './speech.ts';
import { Act, described, FieldError, type FieldErrors } from './views.tsx';

/*
 * The referral page's actions on offers, the appointment and the follow-up, each shown only when the
 * domain says the referral's state allows it (the rules' own predicates: offerable, canBeSeenAgain, reschedulable,
 * followUpPending, followUpMovable), never decided again here. Times typed in the organisation's time
 * zone, which the label names.
 */

type Typed = Readonly<Record<string, string | undefined>>;

export const MoreActions: FC<{
  s: Speech;
  r: Referral;
  choices?: readonly OfferChoice[] | undefined;
  errors: FieldErrors;
  typed: Typed;
  /** Whether "seen again" can end the hold now (canBeSeenAgain, at the page's time). */
  seenAgain?: boolean | undefined;
}> = ({ s, r, choices, errors, typed, seenAgain }) => (
  <>
    {Rules.offerable(r) ? (
      <>
        <Act r={r} action="offer" label={say(s, 'staff.referral.actions.offer_next')} />
        {choices ? <NamedOffer s={s} r={r} choices={choices} errors={errors} /> : null}
      </>
    ) : null}
    {seenAgain ? <Act r={r} action="seen-again" label={say(s, 'staff.referral.actions.seen_again')} /> : null}
    {Rules.reschedulable(r) && r.appointment ? (
      <>
        <h3>{say(s, 'staff.referral.reschedule.title')}</h3>
        <Act r={r} action="reschedule" label={say(s, 'staff.referral.reschedule.submit')}>
          <p>
            <label for="appointmentAt">{say(s, 'staff.referral.reschedule.at', { zone: s.timeZone })}</label>
            <input
              type="datetime-local"
              id="appointmentAt"
              name="appointmentAt"
              required
              value={typed.appointmentAt ?? toDateTimeLocal(new Date(r.appointment.at), s.timeZone)}
              {...described(errors, 'appointmentAt')}
            />
          </p>
          <FieldError errors={errors} name="appointmentAt" />
        </Act>
      </>
    ) : null}
    {Rules.followUpMovable(r) ? (
      <>
        <h3>{say(s, 'staff.referral.follow_up.title')}</h3>
        {Rules.followUpPending(r) ? (
          <Act r={r} action="follow-up" label={say(s, 'staff.referral.actions.follow_up_done')} />
        ) : null}
        <Act r={r} action="follow-up-moved" label={say(s, 'staff.referral.follow_up.move')}>
          <p>
            <label for="dueAt">{say(s, 'staff.referral.follow_up.due_at', { zone: s.timeZone })}</label>
            <input
              type="datetime-local"
              id="dueAt"
              name="dueAt"
              required
              value={
                typed.dueAt ??
                (r.outcome?.followUpDueAt
                  ? toDateTimeLocal(new Date(r.outcome.followUpDueAt), s.timeZone)
                  : '')
              }
              {...described(errors, 'dueAt')}
            />
          </p>
          <FieldError errors={errors} name="dueAt" />
        </Act>
      </>
    ) : null}
  </>
);

/**
 * Offer to specialists chosen by name: every specialist of the referral's need the directory lists for
 * this organisation, the ones it cannot go to disabled with why (the offer planner's reasons), so that
 * the worker sees who exists and why they are not asked, rather than wondering where someone went.
 */
const NamedOffer: FC<{ s: Speech; r: Referral; choices: readonly OfferChoice[]; errors: FieldErrors }> = ({
  s,
  r,
  choices,
  errors,
}) => (
  <>
    <h3>{say(s, 'staff.referral.named.title')}</h3>
    {choices.length === 0 ? (
      <p>{say(s, 'staff.referral.named.none')}</p>
    ) : (
      <Act r={r} action="offer-named" label={say(s, 'staff.referral.named.submit')}>
        <fieldset {...described(errors, 'specialistIds')}>
          <legend>{say(s, 'staff.referral.named.legend')}</legend>
          {choices.map(({ specialist: sp, why }, i) => (
            <p>
              <input
                type="checkbox"
                id={`specialist-${i}`}
                name="specialistIds"
                value={sp.id}
                disabled={why !== undefined}
              />{' '}
              <label for={`specialist-${i}`}>
                {sp.displayName}
                {why ? (
                  <span class="muted">
                    {' '}
                    — {say(s, 'staff.referral.named.why', { why: named(s, 'staff.referral.why.', why) })}
                  </span>
                ) : null}
              </label>
            </p>
          ))}
        </fieldset>
        <FieldError errors={errors} name="specialistIds" />
      </Act>
    )}
  </>
);
