import type { FC } from 'hono/jsx';
import type { SeenStaff } from '../../../ports/staff-seen.ts';
import type { Locale } from '../../../ui/messages.ts';
import type { PagesAppDeps } from '../../pages-parts.ts';
import { words } from '../layout.tsx';

/*
 * Choosing an accompanier by name, not by typing an id: the organisation's staff holding the accompanier
 * role as Relais has seen them sign in (the store `GET /v1/staff?role=accompanier` reads). The one
 * component the board's assign form and the referral page use; what it posts (`accompanierId`) goes
 * through what `POST /v1/referrals/{id}/accompaniment` calls.
 */

/** Enough pages to hold any organisation's accompaniers; the filtered store may return short pages. */
const MAX_PAGES = 10;

/** The organisation's accompaniers, by name (sub when no name), as the store has seen them. */
export async function accompanierChoices(
  deps: Pick<PagesAppDeps, 'staffSeen'>,
  org: string,
): Promise<readonly SeenStaff[]> {
  const out: SeenStaff[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await deps.staffSeen.list(org, {
      role: 'accompanier',
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    out.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out.sort((a, b) => shownName(a).localeCompare(shownName(b)) || a.sub.localeCompare(b.sub));
}

/** How a staff member is named on a page: their name, or their sub when their token had none. */
export const shownName = (s: Pick<SeenStaff, 'sub' | 'name'>): string => s.name ?? s.sub;

/** The name of an accompanier by id, when Relais has seen them; else their id as it is. */
export function accompanierName(choices: readonly SeenStaff[], id: string): string {
  const found = choices.find((s) => s.sub === id);
  return found ? shownName(found) : id;
}

export interface AccompanierChoiceProps {
  readonly locale: Locale;
  readonly choices: readonly SeenStaff[];
  /** The select's id (several forms on one page each need their own). */
  readonly id: string;
  /** The accompanier assigned now, left out of the choice (choosing them again changes nothing). */
  readonly current?: string | undefined;
}

/**
 * A labelled `<select name="accompanierId">` of the accompaniers by name; two people of the same name are
 * told apart by their id. When nobody holding the role has signed in yet, a sentence saying so and what
 * to do, and no field: a typed id would name someone Relais cannot check.
 */
export const AccompanierChoice: FC<AccompanierChoiceProps> = ({ locale, choices, id, current }) => {
  const w = words(locale);
  const shown = choices.filter((s) => s.sub !== current);
  if (shown.length === 0) {
    return (
      <p class="muted" data-choice="none">
        {w('staff.choice.none')}
      </p>
    );
  }
  const names = shown.map(shownName);
  const twice = (name: string) => names.filter((n) => n === name).length > 1;
  return (
    <>
      <label for={id}>{w('staff.choice.label')}</label>
      <select id={id} name="accompanierId" required>
        <option value="">{w('staff.choice.placeholder')}</option>
        {shown.map((s) => (
          <option value={s.sub}>{twice(shownName(s)) ? `${shownName(s)} (${s.sub})` : shownName(s)}</option>
        ))}
      </select>
    </>
  );
};

/** Whether the choice has anyone to offer (a form without a field has nothing to post). */
export const hasChoice = (choices: readonly SeenStaff[], current?: string): boolean =>
  choices.some((s) => s.sub !== current);

/**
 * The referral page's accompaniment form (coordinators): assign one when the referral needs one and has
 * none, or give it to someone else. Posts to `/app/referrals/{id}/accompaniment` with the version it is
 * based on, which calls what `POST /v1/referrals/{id}/accompaniment` calls.
 */
export const AssignAccompaniment: FC<{
  locale?: Locale;
  referral: {
    readonly id: string;
    readonly version: number;
    readonly accompaniment: { readonly accompanierId?: string | undefined };
  };
  choices: readonly SeenStaff[];
  error?: string | undefined;
}> = ({ locale = 'en', referral: r, choices, error }) => {
  const w = words(locale);
  const current = r.accompaniment.accompanierId;
  return (
    <section aria-labelledby="accompaniment-choice">
      <h2 id="accompaniment-choice">{w('staff.choice.heading')}</h2>
      {current ? <p>{w('staff.choice.assigned_to', { name: accompanierName(choices, current) })}</p> : null}
      {hasChoice(choices, current) ? (
        <form method="post" action={`/app/referrals/${encodeURIComponent(r.id)}/accompaniment`}>
          <input type="hidden" name="version" value={String(r.version)} />
          <AccompanierChoice locale={locale} choices={choices} id="accompanierId" current={current} />
          {error ? (
            <p class="error" id="accompanierId-error" role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit">{w(current ? 'staff.choice.reassign' : 'staff.choice.assign')}</button>
        </form>
      ) : current ? null : (
        <AccompanierChoice locale={locale} choices={choices} id="accompanierId" />
      )}
    </section>
  );
};
