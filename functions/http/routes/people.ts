import type { Context } from 'hono';
import type * as z from 'zod/mini';
import { DomainError } from '../../../domain/errors.ts';
import { erasePerson } from '../../../domain/people/erase-person.ts';
import { setDoNotContactOf } from '../../../domain/people/mark-do-not-contact.ts';
import type { PersonChange } from '../../../domain/people/person-referrals.ts';
import { withdrawConsentOf } from '../../../domain/people/withdraw-consent.ts';
import type { UseCaseDeps } from '../../../domain/referral/deps.ts';
import type { RouteDocs } from '../../edge/route-declaration.ts';
import {
  doNotContactBody,
  emptyBody,
  personChangeSchema,
  personErasureSchema,
} from '../schemas/accompaniment.ts';
import { pseudonymParams } from '../schemas/params.ts';
import { type StaffRoutes, staffRoute } from './context.ts';
import { ROLES_TO } from './roles.ts';

const personDocs = (summary: string, description: string): RouteDocs => ({
  summary,
  description,
  tags: ['people'],
  pathParams: { pseudonym: 'The pseudonym agreed with the person' },
  responses: {
    200: { description: 'What changed', schema: personChangeSchema() },
    401: { description: 'No or invalid staff token' },
    403: { description: 'The caller’s role may not do this (lifting do-not-contact: coordinators only)' },
    404: { description: 'No referral of this person in the caller’s organisation' },
    409: {
      description:
        'A referral kept changing under the request (repeat it), or every open referral already has the ' +
        'value asked (do-not-contact: nothing changed)',
    },
  },
});

/**
 * `POST /v1/people/{pseudonym}/<action>`, answered with what changed over the person's referrals. A
 * request without a body reads as `{}`: nothing for the actions that carry nothing, a 400 naming the
 * field for one that needs it (do-not-contact), rather than a 415 that names none.
 */
const person = <B extends z.ZodMiniType<object>>(
  action: string,
  body: B,
  docs: RouteDocs | false,
  run: (uc: UseCaseDeps, c: Context, pseudonym: string, body: z.output<B>) => Promise<PersonChange>,
) =>
  staffRoute({
    method: 'post',
    path: `/v1/people/{pseudonym}/${action}`,
    roles: ROLES_TO.person,
    params: pseudonymParams,
    body,
    bodyOptional: true,
    docs,
    async handler(c, { params: { pseudonym }, body }, { uc }) {
      const result = await run(uc, c, pseudonym, body as z.output<B>);
      // A pseudonym with no referral in the organisation is a 404: a typo must not look like success.
      if (result.changed.length === 0 && result.unchanged === 0) {
        throw new DomainError('not_found', 'No referral of this person in your organisation.');
      }
      return c.json({
        pseudonym,
        changed: result.changed.map((r) => ({ id: r.id, status: r.status, version: r.version })),
        unchanged: result.unchanged,
      });
    },
  });

const ERASURE_PATH = '/v1/people/{pseudonym}/erasure';

/** `/v1/people/{pseudonym}/…`: what applies to a person across all their referrals in the caller's organisation. */
export const peopleRoutes: StaffRoutes = [
  person(
    'consent-withdrawal',
    emptyBody,
    globalThis.RELAIS_DOCUMENTED !== false &&
      personDocs(
        'The person withdrew consent: every open referral closed as withdrawn',
        'social_worker or coordinator. Each open referral of the person in the caller’s organisation is ' +
          'closed as `withdrawn` (one write each), its links stop working, and each specialist concerned ' +
          'gets a neutral “request withdrawn” email. Repeating it changes nothing more.',
      ),
    (uc, c, pseudonym) => withdrawConsentOf(uc, c.var.principal, pseudonym),
  ),
  person(
    'do-not-contact',
    doNotContactBody,
    globalThis.RELAIS_DOCUMENTED !== false &&
      personDocs(
        'Contact through the organisation only, or lift it',
        'social_worker or coordinator. `doNotContact` is required (without it, or without a body: 400 ' +
          'naming it, nothing changed). `{ "doNotContact": true }`: every open referral of ' +
          'the person is marked `doNotContactDirectly` (on the timeline as `person.do_not_contact`); ' +
          'specialists are told “contact through the organisation only”. To mark a new referral, open it ' +
          'with `doNotContactDirectly: true`. `{ "doNotContact": false }`, coordinators only (403 for a ' +
          'social worker): lifted on every open referral (on the timeline as ' +
          '`person.do_not_contact_lifted`). Setting the value every open referral already has is a 409 ' +
          'saying so (nothing changed).',
      ),
    (uc, c, pseudonym, body) => setDoNotContactOf(uc, c.var.principal, pseudonym, body.doNotContact),
  ),
  staffRoute({
    method: 'post',
    path: ERASURE_PATH,
    roles: ROLES_TO.erase,
    params: pseudonymParams,
    body: emptyBody,
    bodyOptional: true,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'Erase a person: their referrals and everything derived from them, but the yearly counts',
      description:
        'A coordinator of the organisation (GDPR Art. 17). The person’s open referrals are first withdrawn ' +
        'as on a consent withdrawal (specialists told neutrally); then each referral of theirs in the ' +
        'organisation is erased with its feed items, escalations (and their network mirrors), index and ' +
        'due entries. Only the yearly counts stay, unchanged. A referral closed in the last hour is ' +
        '`held` until its closing has been told, then erased by the sweep. The person’s referrals then ' +
        'answer 404 and a list by pseudonym is empty; the access log keeps that an erasure happened, by ' +
        'whom, with no pseudonym. A pseudonym with no referral in the caller’s organisation is a 404, ' +
        'whether or not another organisation knows it. Repeating it erases what is left.',
      tags: ['people'],
      pathParams: { pseudonym: 'The pseudonym agreed with the person' },
      responses: {
        200: { description: 'What was erased (and held)', schema: personErasureSchema() },
        401: { description: 'No or invalid staff token' },
        403: { description: 'Not a coordinator' },
        404: { description: 'No referral of this person in the caller’s organisation' },
        409: { description: 'A referral kept changing under the request; repeat it' },
      },
    },
    async handler(c, { params: { pseudonym } }, { deps, uc }) {
      const result = await erasePerson(
        { ...uc, erasure: deps.erasure, accessLog: deps.accessLog },
        c.var.principal,
        pseudonym,
        `POST ${ERASURE_PATH}`,
      );
      return c.json(result);
    },
  }),
];
