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

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    /** A short, safe sentence for people; never carries input back. */
    message: string,
    /** For invalid_input: the field at fault. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const refuse = (kind: DomainErrorKind, message: string, field?: string): never => {
  throw new DomainError(kind, message, field);
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
