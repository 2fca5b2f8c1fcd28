import { DomainError, type RefusalReason } from '../../domain/errors.ts';
import { HttpProblemError } from '../edge/problem.ts';
import type { TextKey } from '../ui/messages.ts';
import { TEXT_LIMITS } from './render/index.ts';

/*
 * A link answer refused for what was sent, told on the page again next to the field at fault, in the
 * specialist's words: the refusal names its field (the domain's `DomainError.field`, the schema's
 * `errors[].path`, as the JSON answer does) and, where several fields share it, its reason
 * (`RefusalReason`), which picks the words; its English sentence is for developers and picks nothing.
 */

/** The fields of the link forms that a refusal can be shown next to, and whose typed value is kept. */
export const LINK_FORM_FIELDS = [
  'appointmentAt',
  'place',
  'reason',
  'question',
  'advice',
  'attended',
] as const;
export type LinkFormField = (typeof LINK_FORM_FIELDS)[number];

/** Why an answer was refused: next to `field`, or above the forms when it names none shown. */
export interface RefusedInput {
  readonly field?: LinkFormField;
  readonly words: TextKey;
  readonly params?: Readonly<Record<string, string>>;
}

/** What the specialist typed in the form that was refused, kept in it. */
export type TypedInput = Partial<Readonly<Record<LinkFormField, string>>>;

const isFormField = (name: string): name is LinkFormField =>
  (LINK_FORM_FIELDS as readonly string[]).includes(name);

/** The words of one field's refusal: by its reason where it has one (domain/errors.ts), else by field. */
function wordsOf(field: LinkFormField, reason: RefusalReason | undefined): Omit<RefusedInput, 'field'> {
  switch (reason) {
    case 'contact_data':
      return { words: 'page.error.contact' };
    case 'not_future':
      return { words: 'page.error.past' };
    case 'too_far':
      return { words: 'page.error.tooFar' };
  }
  switch (field) {
    case 'appointmentAt':
      return { words: 'page.error.date' };
    case 'reason':
      return { words: 'page.error.reason' };
    case 'attended':
      return { words: 'page.error.notYet' };
    default:
      return { words: 'page.error.text', params: { max: String(TEXT_LIMITS[field]) } };
  }
}

/**
 * Where and why an answer was refused: a refused field (the time zone is the date's: the form sends it
 * beside it), else above the forms, for a body that could not be read at all.
 */
export function refusedInput(err: unknown): RefusedInput {
  const named =
    err instanceof DomainError
      ? err.field === undefined
        ? undefined
        : { path: err.field, reason: err.reason }
      : err instanceof HttpProblemError
        ? err.init.errors?.[0]
        : undefined;
  const field = named?.path === 'timeZone' ? 'appointmentAt' : named?.path;
  if (!named || field === undefined || !isFormField(field)) return { words: 'page.error.invalid' };
  return { field, ...wordsOf(field, named.reason) };
}

/** The form fields of a decoded body, as typed (strings only: a form sends nothing else). */
export function typedInput(input: unknown): TypedInput {
  if (typeof input !== 'object' || input === null) return {};
  const typed: Partial<Record<LinkFormField, string>> = {};
  for (const [name, value] of Object.entries(input)) {
    if (isFormField(name) && typeof value === 'string') typed[name] = value;
  }
  return typed;
}
