import { type Context, Hono } from 'hono';
import type { Caller } from '../../../../domain/caller.ts';
import { DomainError } from '../../../../domain/errors.ts';
import { setDoNotContactOf } from '../../../../domain/people/mark-do-not-contact.ts';
import type { PersonChange } from '../../../../domain/people/person-referrals.ts';
import { withdrawConsentOf } from '../../../../domain/people/withdraw-consent.ts';
import type { UseCaseDeps } from '../../../../domain/referral/deps.ts';
import { viewOf } from '../../../../domain/referral/need-to-know.ts';
import type { Deps } from '../../../lib/deps.ts';
import { useCaseDeps } from '../../../lib/use-case-deps.ts';
import { STATUS_LABELS } from '../accompanier/render.ts';
import { PAGE_HEADERS, renderPage } from '../layout.tsx';
import { pageSession, sameOriginOnly } from '../session.ts';

/*
 * `/app/people/{pseudonym}`: a person's referrals in the organisation, found through a search form, with
 * consent withdrawal and "contact through the organisation only" behind a confirmation step. The same
 * use cases as `POST /v1/people/{pseudonym}/…`. Plain English for now (the catalogue is the `pages`
 * helper's move).
 */

const ACTIONS: Readonly<
  Record<
    string,
    { label: string; warn: string; run: (uc: UseCaseDeps, c: Caller, p: string) => Promise<PersonChange> }
  >
> = {
  'consent-withdrawal': {
    label: 'Record that the person withdrew consent',
    warn: 'Every open referral of this person is closed as withdrawn and every specialist link stops.',
    run: (uc, caller, p) => withdrawConsentOf(uc, caller, p),
  },
  'do-not-contact': {
    label: 'Contact through the organisation only',
    warn: 'Specialists are told to contact the person through the organisation only.',
    run: (uc, caller, p) => setDoNotContactOf(uc, caller, p, true),
  },
};

const page = (c: Context, caller: Caller, title: string, body: unknown, status = 200) =>
  c.body(
    renderPage({ title, body: String(body), signedInAs: { sub: caller.sub, org: caller.org } }),
    status as 200,
    PAGE_HEADERS,
  );

const Search = ({ value }: { value?: string }) => (
  <form method="get" action="/app/people">
    <label for="pseudonym">Pseudonym</label> <input id="pseudonym" name="pseudonym" value={value ?? ''} />{' '}
    <button type="submit">Find</button>
  </form>
);

const at = (p: string) => `/app/people/${encodeURIComponent(p)}`;

export function peoplePages(deps: Deps) {
  const uc = useCaseDeps(deps);
  return new Hono()
    .use(sameOriginOnly, pageSession(deps))
    .get('/', (c) => {
      const p = c.req.query('pseudonym')?.trim();
      if (p) return c.redirect(at(p), 303);
      return page(
        c,
        c.var.principal,
        'Find a person',
        <section>
          <h1>Find a person</h1>
          <Search />
        </section>,
      );
    })
    .get('/:pseudonym', async (c) => {
      const caller = c.var.principal;
      const p = c.req.param('pseudonym');
      const list = await deps.store.listByOrg(caller.org, { pseudonym: p, limit: 50 });
      const rows = list.items.filter((r) => viewOf(r, caller, false) === 'full');
      const done = c.req.query('done');
      return page(
        c,
        caller,
        'Person',
        <section>
          <h1>{p}</h1>
          <Search value={p} />
          {done && ACTIONS[done] ? <p class="flash">Recorded: {ACTIONS[done].label.toLowerCase()}.</p> : null}
          {rows.length === 0 ? (
            <p>No referral of this person in your organisation.</p>
          ) : (
            <>
              <ul>
                {rows.map((r) => (
                  <li>
                    <a href={`/app/referrals/${encodeURIComponent(r.id)}`}>
                      {r.need.specialty.replaceAll('_', ' ')}
                    </a>{' '}
                    · {STATUS_LABELS[r.status] ?? r.status}
                  </li>
                ))}
              </ul>
              <h2>For this person</h2>
              {Object.entries(ACTIONS).map(([action, a]) => (
                <p>
                  <a href={`${at(p)}/${action}`}>{a.label}</a>
                </p>
              ))}
            </>
          )}
        </section>,
      );
    })
    .get('/:pseudonym/:action', (c) => {
      const a = ACTIONS[c.req.param('action')];
      if (!a) return c.notFound();
      const p = c.req.param('pseudonym');
      return page(
        c,
        c.var.principal,
        'Confirm',
        <section>
          <h1>{a.label}?</h1>
          <p>{a.warn}</p>
          <form method="post" action={`${at(p)}/${c.req.param('action')}`}>
            <button type="submit">Yes, {a.label.toLowerCase()}</button>
          </form>
          <p>
            <a href={at(p)}>No, go back</a>
          </p>
        </section>,
      );
    })
    .post('/:pseudonym/:action', async (c) => {
      const action = c.req.param('action');
      const a = ACTIONS[action];
      if (!a) return c.notFound();
      const caller = c.var.principal;
      const p = c.req.param('pseudonym');
      try {
        const result = await a.run(uc, caller, p);
        if (result.changed.length === 0 && result.unchanged === 0)
          throw new DomainError('not_found', 'None.');
      } catch (err) {
        if (!(err instanceof DomainError) || err.kind === 'not_found') throw err;
        const body = (
          <section>
            <h1>{p}</h1>
            <p class="error" role="alert">
              {err.message}
            </p>
            <p>
              <a href={at(p)}>Back</a>
            </p>
          </section>
        );
        return page(c, caller, 'Person', body, err.kind === 'forbidden' ? 403 : 422);
      }
      return c.redirect(`${at(p)}?done=${action}`, 303);
    });
}
