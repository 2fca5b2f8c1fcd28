import type { Context } from 'hono';
import { DomainError } from '../../../domain/errors.ts';
import { formToObject } from '../../edge/validation.ts';

/*
 * How every staff page reads what a form posted, once: the fields as typed (the last value of a
 * repeated name; blank fields absent, as formToObject has it) and every value of a repeated name
 * (checkboxes of the same name).
 */

export type Form = Record<string, string | undefined>;

export interface PostedForm {
  readonly form: Form;
  /** Every value sent under `name`, in order; none when it was not sent. */
  all(name: string): string[];
}

export async function readPostedForm(c: Context): Promise<PostedForm> {
  const raw = formToObject(await c.req.text());
  const form: Form = {};
  for (const [k, v] of Object.entries(raw)) form[k] = Array.isArray(v) ? v.at(-1) : v;
  return {
    form,
    all: (name) => {
      const v = raw[name];
      return v === undefined ? [] : Array.isArray(v) ? v : [v];
    },
  };
}

/** A languages field as people type it (`pt, fr` or `pt fr`): lower-case codes, none blank. */
export const languagesTyped = (v: string): string[] =>
  v
    .split(/[\s,]+/)
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');

/**
 * The version a form was shown at: the If-Match its action passes to the use case, which refuses one
 * the record has moved past as changed (domain/errors.ts `checkIfMatch`, the JSON routes' rule). A form
 * without one is stale by definition: refused as changed here.
 */
export function versionOf(form: { readonly version?: string | undefined }): number {
  const version = Number(form.version);
  if (!Number.isInteger(version) || version < 1) throw new DomainError('conflict', 'No version.');
  return version;
}
