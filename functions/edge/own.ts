/**
 * The value `record` holds under `key`, if it holds one of its own: a name from a request (a page's
 * action, a `?done=` notice) looked up in a table never finds what every object has (`constructor`,
 * `toString`, `__proto__`), which would otherwise be called or shown as if it were an entry.
 */
export const own = <V>(record: Readonly<Record<string, V>>, key: string): V | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;
