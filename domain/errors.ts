/**
 * Errors the domain refuses with. Each kind maps to one HTTP status in one place (functions/http):
 * the domain says *why*, the edge says *how* that is told.
 */
export type DomainErrorKind =
  | 'not_found' // 404: also for things the caller may not know exist
  | 'forbidden' // 403
  | 'conflict' // 409: the state or version moved under the caller (a concurrent change, already done)
  | 'taken' // 409: another specialist took the appointment
  | 'gone' // 410: a link that was used or has expired
  | 'invalid_state' // 422: well-formed but not allowed in this state
  | 'invalid_input'; // 400: a value the domain refuses (e.g. an appointment in the past)

/**
 * Why a value was refused, where more than one field shares the reason: the pages choose their words by
 * it (a staff form, a link form), never by the English sentence, which is written for developers and
 * may change. Internal: the JSON answer names the field and the sentence (API.md), not this.
 */
export type RefusalReason =
  | 'contact_data' // free text that seems to hold contact or identity data (privacy/contact-guard.ts)
  | 'not_future' // a time that has passed
  | 'too_far'; // a time further ahead than Relais books (referral/appointment-window.ts)

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    /** A short, safe sentence for people; never carries input back. */
    message: string,
    /** For invalid_input: the field at fault (for a conflict, the field it is about: a taken address). */
    readonly field?: string,
    /** For invalid_input: why, when the pages word it by reason rather than by field. */
    readonly reason?: RefusalReason,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const refuse = (
  kind: DomainErrorKind,
  message: string,
  field?: string,
  reason?: RefusalReason,
): never => {
  throw new DomainError(kind, message, field, reason);
};

/**
 * A 409 for an action that would change nothing because it is already so (issue 17 "truthful actions"):
 * a conflict like any other over HTTP, told apart so the staff pages can say "already done" rather than
 * "someone changed it".
 */
export class AlreadySoError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
    this.name = 'AlreadySoError';
  }
}

export const alreadySo = (message: string): never => {
  throw new AlreadySoError(message);
};

/**
 * THE If-Match rule, for every versioned thing a client may change (a referral, an escalation, a
 * specialist, an organisation): a change based on a version other than the one stored is a `conflict`
 * (409, "changed" on a page), refused at once and never decided again, since the client asked for
 * exactly that version. Without `ifMatch` nothing is checked here (the write stays conditional on the
 * version read).
 */
export function checkIfMatch(ifMatch: number | undefined, version: number, what: string): void {
  if (ifMatch !== undefined && ifMatch !== version) {
    throw new DomainError('conflict', `The ${what} has changed since you read it (If-Match).`);
  }
}
