/**
 * Emails and link pages carry no health data and nothing that identifies the person: no pseudonym, no
 * reason, no note. The input types of every renderer forbid those properties (`?: never`), so passing a
 * referral, or anything built by spreading one, does not compile; `assertNoHealthData` repeats the check
 * at run time for values that reach a renderer through `any` or JSON.
 */

/** Never accepted by an email renderer. */
export const EMAIL_FORBIDDEN_KEYS = [
  'pseudonym',
  'reason',
  'note',
  'notes',
  'advice',
  'question',
  'answer',
  'outcome',
  'hold',
  'timeline',
  'diagnosis',
  'consent',
  'counts',
] as const;

/**
 * Never accepted by a link page. A page behind the specialist's own link may show their question and the
 * worker's answer, so those two are allowed there, inside `exchanges` only.
 */
export const PAGE_FORBIDDEN_KEYS = EMAIL_FORBIDDEN_KEYS.filter(
  (k): k is Exclude<(typeof EMAIL_FORBIDDEN_KEYS)[number], 'question' | 'answer'> =>
    k !== 'question' && k !== 'answer',
);

export type EmailForbiddenKey = (typeof EMAIL_FORBIDDEN_KEYS)[number];
export type PageForbiddenKey = Exclude<EmailForbiddenKey, 'question' | 'answer'>;

/** `T`, with the forbidden keys impossible to pass. */
export type Without<K extends string, T> = T & { readonly [P in K]?: never };
export type NoHealthData<T> = Without<EmailForbiddenKey, T>;
export type NoPersonData<T> = Without<PageForbiddenKey, T>;

export class HealthDataRefused extends TypeError {
  constructor(readonly key: string) {
    // The key only: the value is exactly what must not end up in a log.
    super(`A renderer was given "${key}", which never goes into an email or a link page`);
    this.name = 'HealthDataRefused';
  }
}

/** Throws when any forbidden key is present, at any depth of plain objects and arrays. */
export function assertNoHealthData(
  input: unknown,
  forbidden: readonly string[] = EMAIL_FORBIDDEN_KEYS,
  allowedPaths: readonly string[] = [],
  path = '',
): void {
  if (Array.isArray(input)) {
    for (const item of input) assertNoHealthData(item, forbidden, allowedPaths, `${path}[]`);
    return;
  }
  if (input === null || typeof input !== 'object' || input instanceof Date) return;
  for (const [key, value] of Object.entries(input)) {
    const here = path ? `${path}.${key}` : key;
    if (value !== undefined && forbidden.includes(key) && !allowedPaths.includes(here)) {
      throw new HealthDataRefused(key);
    }
    assertNoHealthData(value, forbidden, allowedPaths, here);
  }
}
