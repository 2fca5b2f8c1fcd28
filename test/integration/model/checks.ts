import type { ReferralImage, ReferralRecord } from '../../support/stream-tap.ts';
import { type Answer, type Claim, ORG_COUNTRY, SPECIALIST_COUNTRY, type World } from './world.ts';

/*
 * The properties, checked after every step from what the table's stream shows (black-box: the item's
 * `version` attribute and the stored aggregate, never the app's own code). Each failure names its
 * property, so a counterexample says which promise broke.
 */

export class PropertyFailure extends Error {
  override readonly name = 'PropertyFailure';
  constructor(
    readonly property: 'version' | 'lost' | 'refused' | 'border' | 'model' | 'server',
    message: string,
  ) {
    super(`[${property}] ${message}`);
  }
}

interface Entry {
  readonly action: string;
  readonly actor: { readonly role: string; readonly id: string };
  readonly detail?: Readonly<Record<string, unknown>>;
}

const timelineOf = (image: ReferralImage | undefined): readonly Entry[] => image?.data?.timeline ?? [];

/** The timeline entries a write added. */
const addedBy = (r: ReferralRecord): readonly Entry[] =>
  timelineOf(r.newImage).slice(timelineOf(r.oldImage).length);

const fulfils = (e: Entry, c: Claim): boolean =>
  e.actor.id === c.actor.id &&
  e.actor.role === c.actor.role &&
  c.actions.includes(e.action) &&
  (c.offerId === undefined || e.detail?.['offerId'] === c.offerId);

const describe = (r: ReferralRecord) =>
  `${r.eventName} ${r.referralId} v${r.oldImage?.version ?? '-'}→v${r.newImage?.version ?? '-'} ` +
  `(${timelineOf(r.oldImage).length}→${timelineOf(r.newImage).length} timeline entries: ` +
  `${addedBy(r)
    .map((e) => `${e.action} by ${e.actor.role}:${e.actor.id}`)
    .join(', ')})`;

/**
 * Every write of a referral moves its version by exactly one: an INSERT is version 1, a MODIFY's new
 * image is its old image plus one, and each write starts from the version the previous one left.
 * Matching never crosses a border: every offer in every image goes to a specialist of the referring
 * organisation's country. Nothing changes a closed referral.
 */
export function checkRecords(w: World, records: readonly ReferralRecord[]): void {
  for (const r of records) {
    const history = w.history.get(r.referralId) ?? [];
    const previous = history.at(-1);
    if (r.eventName === 'REMOVE') throw new PropertyFailure('lost', `a referral was deleted: ${describe(r)}`);
    const next = r.newImage!;
    if (next.dataVersion !== undefined && next.dataVersion !== next.version) {
      throw new PropertyFailure(
        'version',
        `the stored referral says version ${next.dataVersion}, its item ${next.version}: ${describe(r)}`,
      );
    }
    if (r.eventName === 'INSERT') {
      if (next.version !== 1) {
        throw new PropertyFailure(
          'version',
          `a referral was created at version ${next.version}: ${describe(r)}`,
        );
      }
      if (previous) throw new PropertyFailure('version', `a referral was created twice: ${describe(r)}`);
    } else {
      if (!r.oldImage) {
        throw new PropertyFailure(
          'version',
          `a referral changed that the stream never showed created: ${describe(r)}`,
        );
      }
      const before = r.oldImage.version;
      if (next.version !== before + 1) {
        throw new PropertyFailure(
          'version',
          `one write moved the version from ${before} to ${next.version}: ${describe(r)}`,
        );
      }
      if (previous && previous.newImage?.version !== before) {
        throw new PropertyFailure(
          'version',
          `a write started from version ${before} while the stream last showed ${previous.newImage?.version}: ${describe(r)}`,
        );
      }
      if (r.oldImage?.data?.status === 'closed') {
        throw new PropertyFailure('model', `a closed referral changed: ${describe(r)}`);
      }
    }
    checkBorder(r);
    history.push(r);
    w.history.set(r.referralId, history);
  }
}

function checkBorder(r: ReferralRecord): void {
  const data = r.newImage?.data;
  const country = ORG_COUNTRY.get(data?.org);
  if (!country) throw new PropertyFailure('border', `a referral of an unknown organisation: ${data?.org}`);
  for (const offer of (data?.offers ?? []) as { id: string; specialistId: string }[]) {
    if (!SPECIALIST_COUNTRY.has(offer.specialistId)) {
      throw new PropertyFailure(
        'border',
        `offer ${offer.id} went to ${offer.specialistId}, not in the directory`,
      );
    }
    const theirs = SPECIALIST_COUNTRY.get(offer.specialistId);
    if (theirs !== undefined && theirs !== country) {
      throw new PropertyFailure(
        'border',
        `a referral of ${data.org} (${country}, ${data.need?.specialty}) was offered to ${offer.specialistId} ` +
          `(${theirs}): ${describe(r)}`,
      );
    }
  }
}

/**
 * No command is lost, and nothing else wrote: each 2xx answer is matched to the one write of this step
 * that added its timeline entry (at the version it answered, when it answers one), with a status the
 * model allows; an answer with no write of its own is a repeat whose effect the referral already shows
 * at that version. Every write of the step is matched to an answer, or else is the sweep's (only
 * system entries, in a step that swept). A 5xx is a failure of its own.
 */
export function checkAnswers(w: World, answers: readonly Answer[], records: readonly ReferralRecord[]): void {
  for (const a of answers) {
    if (a.status >= 500)
      throw new PropertyFailure('server', `${a.label} answered ${a.status} ${a.detail ?? ''}`);
  }
  const claimed = new Set<ReferralRecord>();
  const claims = answers.filter((a) => a.status < 300).flatMap((a) => a.claims.map((c) => ({ a, c })));
  // Answers that name their version first: they can only be the write at that version.
  claims.sort((x, y) => Number(x.c.version === undefined) - Number(y.c.version === undefined));
  for (const { a, c } of claims) {
    const write = records.find(
      (r) =>
        r.referralId === c.referralId &&
        !claimed.has(r) &&
        (c.version === undefined || r.newImage?.version === c.version) &&
        addedBy(r).some((e) => fulfils(e, c)),
    );
    if (write) {
      claimed.add(write);
      const status = write.newImage?.data?.status;
      if (!c.statuses.includes(status)) {
        throw new PropertyFailure(
          'model',
          `${a.label} left the referral ${status}; the model allows ${c.statuses.join(' or ')}: ${describe(write)}`,
        );
      }
      continue;
    }
    const history = w.history.get(c.referralId) ?? [];
    const image =
      c.version === undefined
        ? history.at(-1)?.newImage
        : history.find((r) => r.newImage?.version === c.version)?.newImage;
    if (!image) {
      throw new PropertyFailure(
        'lost',
        `${a.label} answered ${a.status} with version ${c.version}, which the stream never showed ` +
          `(it shows ${history.map((r) => `v${r.newImage?.version}`).join(', ') || 'nothing'})`,
      );
    }
    if (c.noop?.when(image.data)) continue;
    if (!timelineOf(image).some((e) => fulfils(e, c))) {
      throw new PropertyFailure(
        'lost',
        `${a.label} answered ${a.status}${c.version === undefined ? '' : ` with version ${c.version}`}, ` +
          `but no write recorded ${c.actions.join('/')} by ${c.actor.role}:${c.actor.id}` +
          `${c.noop ? `, and the referral (${image.data?.status}) was not in a state where ${c.noop.why}` : ''}`,
      );
    }
  }
  const swept = answers.some((a) => a.sweep);
  for (const r of records) {
    if (claimed.has(r)) continue;
    const added = addedBy(r);
    if (swept && added.length > 0 && added.every((e) => e.actor.role === 'system')) continue;
    throw new PropertyFailure(
      'lost',
      `a write that no accepted command accounts for (${answers.map((a) => `${a.label}: ${a.status}`).join('; ')}): ${describe(r)}`,
    );
  }
}

/** A refused command alone on a quiescent table wrote nothing, and its referral is as it was. */
export function checkRefused(
  answer: Answer,
  records: readonly ReferralRecord[],
  before: string | undefined,
  after: string | undefined,
): void {
  if (answer.status < 400 || answer.status >= 500) return;
  if (records.length > 0) {
    throw new PropertyFailure(
      'refused',
      `${answer.label} was refused (${answer.status} ${answer.detail ?? ''}) yet wrote: ${records.map(describe).join('; ')}`,
    );
  }
  if (before !== after) {
    throw new PropertyFailure(
      'refused',
      `${answer.label} was refused (${answer.status}) yet its item changed`,
    );
  }
}

/** The referral as the API reads it agrees with the last write the stream showed. */
export async function checkReadBack(w: World): Promise<void> {
  for (const r of w.referrals) {
    const last = w.history.get(r.id)?.at(-1)?.newImage;
    const res = await w.h.call('GET', `/v1/referrals/${r.id}`, {
      role: 'social_worker',
      org: r.org,
      sub: 'reader',
    });
    if (res.status !== 200) throw new PropertyFailure('model', `GET ${r.id} answered ${res.status}`);
    const view = await res.json();
    if (!last || view.version !== last.version || view.status !== last.data?.status) {
      throw new PropertyFailure(
        'model',
        `GET ${r.id} reads version ${view.version} (${view.status}); the stream last showed ` +
          `${last ? `version ${last.version} (${last.data?.status})` : 'nothing'}`,
      );
    }
  }
}
