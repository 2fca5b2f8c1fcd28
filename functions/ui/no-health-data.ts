/**
 * Emails and link pages carry no health data and nothing that identifies the person: no pseudonym, no
 * reason, no note; emails not even the specialty nor any text typed about the appointment. The input
 * types of every renderer forbid those properties (`?: never`), so passing a referral, or anything built
 * by spreading one, does not compile; `assertNoHealthData` repeats the check at run time for values
 * that reach a renderer through `any` or JSON.
 */

/** Never accepted by a link page, nor by an email: the person, their health, what was said of them. */
export const PAGE_FORBIDDEN_KEYS = [
  'pseudonym',
  'reason',
  'note',
  'notes',
  'advice',
  'outcome',
  'hold',
  'timeline',
  'diagnosis',
  'consent',
  'counts',
] as const;

/**
 * Never accepted by an email renderer: besides what no page shows, the exchanges (a page behind the
 * specialist's own link may show their question and the worker's answer, inside `exchanges` only), the
 * specialty and the free text typed about an appointment (its place, the accompaniment's meeting point:
 * "outside the methadone clinic" says what the specialty says). A page behind a link or sign-in shows
 * those; an email, whose subject shows in mail logs and on lock screens and whose calendar attachment is
 * synced and shared, says where to read them instead.
 */
export const EMAIL_FORBIDDEN_KEYS = [
  ...PAGE_FORBIDDEN_KEYS,
  'question',
  'answer',
  'specialty',
  'place',
  'meetingPoint',
] as const;

export type PageForbiddenKey = (typeof PAGE_FORBIDDEN_KEYS)[number];
export type EmailForbiddenKey = (typeof EMAIL_FORBIDDEN_KEYS)[number];

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
