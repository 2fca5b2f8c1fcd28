import * as z from 'zod/mini';
import { lazySchema } from '../../../events/lazy-schema.ts';
import { freeText } from '../../edge/validation.ts';

/** `POST /v1/referrals/{id}/answer`: the worker's answer to a specialist's question. */
export const answerBody = lazySchema(() =>
  z
    .strictObject({
      answer: freeText({ max: 4000 }).check(
        z.describe('Shown to the specialist on their page, never put in an email'),
      ),
    })
    .check(z.meta({ id: 'AnswerQuestion' })),
);
