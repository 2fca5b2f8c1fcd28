/*
 * Texts the staff routes' documentation shares. Only read in `docs` (edge/documented.ts),
 * so none of it is in the deployed bundle.
 */

export const problems = {
  400: { description: 'Bad input: `errors` names each field at fault' },
  401: { description: 'No or invalid staff token' },
  403: { description: 'The caller’s role may not do this' },
  404: { description: 'No such thing, or not visible to the caller' },
} as const;

/**
 * `problems` with more entries, or other words for some: a call marked pure, so that a bundle in which
 * nothing documents drops it (an object spread at a module's top level would stay: esbuild cannot know
 * that it reads no getter).
 */
export const withProblems = <const M extends object>(more: M): typeof problems & M => ({
  ...problems,
  ...more,
});

export const changeProblems = /* @__PURE__ */ withProblems({
  409: { description: 'The referral changed under the caller (stale If-Match or concurrent change)' },
  422: { description: 'Not allowed in the referral’s current state' },
});

export const ifMatch = { 'If-Match': { description: 'The referral version the change is based on' } };
