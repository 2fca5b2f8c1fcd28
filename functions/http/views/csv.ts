/**
 * CSV for the exports (`Accept: text/csv`), RFC 4180: CRLF lines, cells quoted when they hold a comma, a
 * quote or a line break. Safe to open in a spreadsheet: a cell starting with `=`, `+`, `-`, `@` (or a tab
 * or carriage return) is a formula there, so it gets a leading `'` (OWASP "CSV injection").
 */

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = Array.isArray(value) ? value.join('; ') : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Nested objects as dotted columns: `{ need: { specialty } }` → `need.specialty`. */
export function flatten(value: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      Object.assign(out, flatten(v as Record<string, unknown>, name));
    } else if (Array.isArray(v) && v.some((x) => x !== null && typeof x === 'object')) {
      // Lists of objects (a timeline) are not for a spreadsheet: their count only.
      out[`${name}.count`] = v.length;
    } else out[name] = v;
  }
  return out;
}

/** A table: a header of every column any row has (first seen first), then one line per row. */
export function toCsv(rows: readonly Record<string, unknown>[], columns?: readonly string[]): string {
  const flat = rows.map((r) => flatten(r));
  const cols = columns ?? [...new Set(flat.flatMap((r) => Object.keys(r)))];
  const lines = [cols.map(csvCell).join(','), ...flat.map((r) => cols.map((c) => csvCell(r[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** Whether the caller asked for CSV rather than JSON. */
export const wantsCsv = (accept: string | undefined): boolean =>
  accept !== undefined && /(^|,)\s*text\/csv\b/i.test(accept);
