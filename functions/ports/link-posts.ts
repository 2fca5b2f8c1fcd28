/**
 * How many times a link may be answered (POSTed) in a window: a retry limit per link, so that a leaked
 * or scripted link cannot hammer the referral it names. Counted per token, whatever the answer was.
 */
export interface LinkPostLimit {
  /**
   * Counts one POST of the link whose token id is `jti`, at `now` (the service clock). `allowed` when it
   * is within the window's budget; otherwise nothing is counted and `retryAfterSeconds` says when the
   * window ends.
   */
  take(
    jti: string,
    now: Date,
  ): Promise<{ readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number }>;
}

/** POSTs a link takes in one window, and the window's length (fixed windows on the service clock). */
export interface LinkPostBudget {
  readonly posts: number;
  readonly windowSeconds: number;
}

export const DEFAULT_LINK_POST_BUDGET: LinkPostBudget = { posts: 10, windowSeconds: 60 * 60 };
