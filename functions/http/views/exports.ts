import type { Caller } from '../../../domain/caller.ts';
import type { ReferralStore } from '../../../domain/ports.ts';
import type { Referral } from '../../../domain/referral/model.ts';
import { showsPseudonym, viewOf } from '../../../domain/referral/need-to-know.ts';
import { yearFigures } from '../../../domain/stats/year-figures.ts';
import type { StatsView } from '../schemas/escalations.ts';
import { flatten, toCsv } from './csv.ts';
import { exactly } from './exact.ts';
import { type AnyReferralListItem, listedInViews } from './need-to-know-view.ts';

/*
 * What the referral list and the yearly figures answer, as JSON or CSV, for `GET /v1/referrals`,
 * `GET /v1/stats` and the pages' downloads (`/app/referrals/export.csv`, `/app/board/stats.csv`): one
 * home, so a spreadsheet from a page is the same as one from the API.
 */

/** At most this many store pages for one page of a list: a filter matching little still answers fast. */
export const STORE_PAGES_PER_PAGE = 8;

/**
 * One page of an organisation's referrals, at most `rows` of what `keep` makes of them: the store read
 * from `cursor` page after page (at most {@link STORE_PAGES_PER_PAGE}), each read asking for no more than
 * the page still lacks, so that the next cursor follows the last referral read. The one place a list
 * reads on: the store leaves a page short when it filters by status (a status is read from its class's
 * partition, keys.ts orgStatusPartition), and so do the pages' own filters (`keep`).
 */
export async function listPage<T>(
  store: Pick<ReferralStore, 'listByOrg'>,
  org: string,
  query: Omit<Parameters<ReferralStore['listByOrg']>[1], 'limit'>,
  rows: number,
  keep: (r: Referral) => readonly T[],
): Promise<{ readonly rows: T[]; readonly nextCursor: string | undefined }> {
  const kept: T[] = [];
  let cursor = query.cursor;
  let nextCursor: string | undefined;
  for (let read = 0; read < STORE_PAGES_PER_PAGE && kept.length < rows; read++) {
    const page = await store.listByOrg(org, {
      ...query,
      ...(cursor ? { cursor } : {}),
      limit: rows - kept.length,
    });
    kept.push(...page.items.flatMap(keep));
    nextCursor = page.nextCursor;
    if (!nextCursor) break;
    cursor = nextCursor;
  }
  return { rows: kept, nextCursor };
}

/**
 * Referrals read from the store, each in the view the caller gets of it; those they get none of are left
 * out, and, when the list was filtered by pseudonym, those whose view hides it (filtering must not tell
 * who is behind a referral whose view hides it).
 */
export const referralsListedFor = (
  store: Pick<ReferralStore, 'reveal'>,
  caller: Caller,
  rs: readonly Referral[],
  byPseudonym: boolean,
): Promise<AnyReferralListItem[]> =>
  listedInViews(store, rs, (r) => {
    const view = viewOf(r, caller, false);
    return view && (!byPseudonym || showsPseudonym(view)) ? view : undefined;
  });

/** The listed referrals as CSV: one line per referral, nested fields as dotted columns. */
export const referralsCsv = (items: readonly AnyReferralListItem[]): string =>
  toCsv(items as unknown as Record<string, unknown>[]);

const asStatsView = exactly<StatsView>();

/** The year's figures as the API shows them (counts under 5 suppressed, secondary suppression included). */
export const yearStatsView = async (
  deps: Parameters<typeof yearFigures>[0],
  caller: Parameters<typeof yearFigures>[1],
  year: number,
  org: string | undefined,
): Promise<StatsView> => asStatsView(await yearFigures(deps, caller, year, org));

/** The figures as CSV: one line per figure (`figure,value`, nested figures dotted), suppressed as empty. */
export const statsCsv = (view: StatsView): string =>
  toCsv(
    Object.entries(flatten(view)).map(([figure, value]) => ({ figure, value })),
    ['figure', 'value'],
  );
