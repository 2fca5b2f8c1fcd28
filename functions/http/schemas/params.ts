import * as z from 'zod/mini';
import { lazySchema } from '../../../events/lazy-schema.ts';
import { pseudonym } from './referrals.ts';

/*
 * Path parameters, declared once for every route that has them: an id longer than any Relais makes is a
 * 400 naming the parameter before anything is read, never a 500 from deeper down.
 */

/** The ids Relais makes are 26 characters; 64 leaves room and stays far below DynamoDB's key limits. */
export const idParam = lazySchema(() => z.string().check(z.minLength(1), z.maxLength(64)));

/** `{id}`: a referral, an escalation or a specialist. */
export const idParams = lazySchema(() => z.strictObject({ id: idParam }));

/** `{pseudonym}`: the pseudonym agreed with the person. */
export const pseudonymParams = lazySchema(() => z.strictObject({ pseudonym }));
