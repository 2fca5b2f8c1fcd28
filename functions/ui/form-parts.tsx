import type { FC } from 'hono/jsx';

/*
 * The parts every form shows alike (staff pages and specialist link pages), written once: what an action did or why it was refused, at the
 * top of the page, and a field's refusal next to the field, tied to it for a screen reader.
 */

/** A form's refusals by field: the JSON field name (dotted) to a sentence. */
export type FieldErrors = Readonly<Record<string, string>>;

/** A field's refusal under it (`<name>-error`, which `described` ties the field to). */
export const FieldError: FC<{ errors: FieldErrors; name: string }> = ({ errors, name }) =>
  errors[name] ? (
    <p class="error" id={`${name}-error`} role="alert">
      {errors[name]}
    </p>
  ) : null;

/** The attributes of a field with a refusal: described by it (after its `hint`, if any), marked invalid. */
export const described = (errors: FieldErrors, name: string, hint?: string) =>
  errors[name]
    ? {
        'aria-describedby': hint ? `${hint} ${name}-error` : `${name}-error`,
        'aria-invalid': 'true' as const,
      }
    : hint
      ? { 'aria-describedby': hint }
      : {};

/** What the action did (a status) or why it was refused (an alert), at the top of the page. */
export const Notices: FC<{ done?: string | undefined; error?: string | undefined }> = ({ done, error }) => (
  <>
    {done ? (
      <p class="flash" role="status">
        {done}
      </p>
    ) : null}
    {error ? (
      <p class="error" role="alert">
        {error}
      </p>
    ) : null}
  </>
);
