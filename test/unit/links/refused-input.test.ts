import { describe, expect, it } from 'vitest';
import { DomainError, type RefusalReason } from '../../../domain/errors.ts';
import { HttpProblemError } from '../../../functions/edge/problem.ts';
import { refusedInput, typedInput } from '../../../functions/links/refused-input.ts';

const schemaRefusal = (path: string, message: string, reason?: RefusalReason) =>
  new HttpProblemError(400, {
    type: 'about:blank',
    title: 'Bad request',
    errors: [reason ? { path, message, reason } : { path, message }],
  });

describe('refusedInput', () => {
  it('names the field the domain refused, in the words of its reason', () => {
    expect(
      refusedInput(
        new DomainError(
          'invalid_input',
          'The appointment must be in the future.',
          'appointmentAt',
          'not_future',
        ),
      ),
    ).toEqual({
      field: 'appointmentAt',
      words: 'page.error.past',
    });
    expect(
      refusedInput(
        new DomainError(
          'invalid_input',
          'The appointment must be within 18 months.',
          'appointmentAt',
          'too_far',
        ),
      ),
    ).toEqual({ field: 'appointmentAt', words: 'page.error.tooFar' });
    expect(
      refusedInput(
        new DomainError(
          'invalid_input',
          'Attendance can be recorded from the time of the appointment.',
          'attended',
        ),
      ),
    ).toEqual({ field: 'attended', words: 'page.error.notYet' });
  });

  it('picks its words by the reason, never by the English sentence', () => {
    // The same sentence with another reason, and a sentence that reads like a reason without one.
    const sentence = 'must not contain contact or identity data (phone)';
    expect(refusedInput(new DomainError('invalid_input', sentence, 'question', 'too_far'))).toMatchObject({
      words: 'page.error.tooFar',
    });
    expect(refusedInput(new DomainError('invalid_input', sentence, 'question'))).toMatchObject({
      words: 'page.error.text',
    });
    expect(
      refusedInput(new DomainError('invalid_input', 'Anything at all.', 'advice', 'contact_data')),
    ).toMatchObject({ field: 'advice', words: 'page.error.contact' });
  });

  it('names the field the schema refused; a time zone is the date’s', () => {
    expect(
      refusedInput(
        schemaRefusal('question', 'must not contain contact or identity data (phone)', 'contact_data'),
      ),
    ).toEqual({
      field: 'question',
      words: 'page.error.contact',
    });
    expect(refusedInput(schemaRefusal('advice', 'Too big'))).toEqual({
      field: 'advice',
      words: 'page.error.text',
      params: { max: '4000' },
    });
    expect(refusedInput(schemaRefusal('reason', 'Invalid option'))).toEqual({
      field: 'reason',
      words: 'page.error.reason',
    });
    expect(refusedInput(schemaRefusal('timeZone', 'must be an IANA time zone'))).toEqual({
      field: 'appointmentAt',
      words: 'page.error.date',
    });
  });

  it('puts a refusal that names no field of the forms above them', () => {
    expect(refusedInput(new HttpProblemError(413, { type: 'about:blank', title: 'Too large' }))).toEqual({
      words: 'page.error.invalid',
    });
    expect(refusedInput(schemaRefusal('extra', 'is not an allowed field'))).toEqual({
      words: 'page.error.invalid',
    });
  });
});

describe('typedInput', () => {
  it('keeps the form fields typed, as strings only', () => {
    expect(typedInput({ question: 'x?', appointmentAt: ['a'], extra: 'y', reason: 'other' })).toEqual({
      question: 'x?',
      reason: 'other',
    });
    expect(typedInput(null)).toEqual({});
  });
});
