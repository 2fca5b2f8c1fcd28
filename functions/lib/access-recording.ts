import type {
  AccessEntry,
  AccessLog,
  ChangeOnRecord,
  Clock,
  DirectoryAccessEntry,
  DirectoryAccessLog,
  ReferralStore,
  SpecialistStore,
  Transition,
} from '../../domain/ports.ts';
import type { Actor, Referral } from '../../domain/referral/model.ts';
import type { EscalationStore } from '../../domain/timers/ports.ts';
import type { RelaisEvent } from '../../events/catalog.ts';
import { HttpProblemError } from '../edge/problem.ts';
import { requestSlot } from './request-scope.ts';

/*
 * Every read and change on record, declared once: the stores the composition root hands out
 * (compose.ts) note, while a request is being answered, each referral they return (`read` for one,
 * `listed` for each of a list), each referral or escalation they write (the change: the first event of
 * the write, `referral.closed`, `escalation.acknowledged` …) and each specialist written. The one
 * wrapper around a request (the staff routes as declared, the staff pages, the link pipeline) turns the
 * notes into log entries with who asked and through which route. So a route, a page or a use case added
 * later is on record without anyone remembering to record it.
 *
 * Reads are recorded when the answer disclosed something (a 2xx, or a refusal that shows the referral
 * again: `showsWhatItRead`): a refusal that shows nothing (404, 403, a 409 problem …), or a page action
 * that went back to its list, read the referral only to refuse or act. Changes are recorded
 * whatever the answer, for they happened. Outside a request (consumers, the sweep) nothing is noted.
 *
 * A referral's change is recorded in its write: the write carries the route it came through
 * (`ChangeOnRecord`, domain/ports.ts) beside its events, which already say whose change it is, when and
 * what, and the publisher adds the entry to the log from the table's stream (functions/publish), as it
 * puts the events on the bus. So a change and its entry are one atomic write: none is ever saved without
 * its entry, and the request pays no second write for it. The entry reaches the log a moment after the
 * answer (the stream's delay), under the id of the write's first event, so a record delivered twice
 * records once. A write that fails (a lost race, the table unavailable) carries nothing; the entry of the
 * change it attempted is recorded with the request's other entries: the staff member did read the
 * referral and decide on it: it is recorded as attempted (`ATTEMPTED`). Should the change be decided
 * again the same way and written, its write's entry serves (one entry per referral and action).
 */

/** What a request touched, noted by the stores. */
export type AccessNote =
  | {
      readonly subject: 'referral';
      readonly id: string;
      readonly org: string;
      readonly action: string;
      /** The referral as read or written: a link's actor is the specialist of its offer. */
      readonly referral?: Referral;
      /** A change whose write carried its entry (`ChangeOnRecord`): the log has it from the stream. */
      readonly carried?: true;
    }
  | { readonly subject: 'specialist'; readonly id: string; readonly org?: string; readonly action: string };

export const READ = 'read';
export const LISTED = 'listed';
/** Listed in a file taken away (a CSV export): what was listed left Relais (`exportsWhatItListed`). */
export const EXPORTED = 'exported';
/** Reading a log is itself on record. */
export const LOG_READ = 'access_log.read';
/**
 * A change the request decided but could not write (a lost race: another change came first), recorded
 * under its action with this before it, `attempted:accompaniment.assigned`: the staff member read the
 * referral and decided, and the log says the change did not happen.
 */
export const ATTEMPTED = 'attempted:';
/** Reads, strongest first: a request that did several to one referral records the first it did. */
const READS = [LOG_READ, READ, EXPORTED, LISTED];

/** Whether a note is a read (recorded only when the answer disclosed it) rather than a change. */
export const isRead = (note: AccessNote): boolean => READS.includes(note.action);

/** A request under way: what it touched, and what a change's write carries for its entry. */
interface Recording {
  readonly notes: AccessNote[];
  /** What the write of a change carries so the log has its entry; none when it is not recorded. */
  onRecord(note: AccessNote): ChangeOnRecord | undefined;
  /** The answer shows what the request read, whatever its status (`showsWhatItRead`). */
  shown: boolean;
  /** What the request listed leaves in a file (`exportsWhatItListed`). */
  exported: boolean;
}

const requests = requestSlot<Recording>('access recording');

/** Notes an access in the request under way, if any (a handler reading what no store notes: a log). */
export function noteAccess(note: AccessNote): void {
  requests.get()?.notes.push(note);
}

/**
 * Says that the answer being made shows what the request read, whatever its status: a page that refuses
 * an action and shows the referral again (a 409 for a stale version, a 400 naming the field) discloses it
 * as its 200 would, so its reads are recorded. Called by whatever renders a referral in a refusal.
 */
export function showsWhatItRead(): void {
  const recording = requests.get();
  if (recording) recording.shown = true;
}

/**
 * Says that the answer being made is a file of what the request listed (a CSV export): each referral
 * listed is recorded as `exported`, not `listed`, so the log tells a page looked at from data taken away.
 */
export function exportsWhatItListed(): void {
  const recording = requests.get();
  if (recording) recording.exported = true;
}

const changeOf = (events: readonly RelaisEvent[], fallback: string): string => events[0]?.type ?? fallback;

const noteReferral = (r: Referral, action: string): void =>
  noteAccess({ subject: 'referral', id: r.id, org: r.org, action, referral: r });

const writeNote = (t: Transition): Extract<AccessNote, { subject: 'referral' }> => ({
  subject: 'referral',
  id: t.referral.id,
  org: t.referral.org,
  action: changeOf(t.events, 'referral.changed'),
  referral: t.referral,
});

/**
 * Writes `write`, carrying its change's entry, and notes the change: as carried once written, as
 * attempted (recorded with the request's other entries) when the write failed.
 */
async function recordedWrite(
  t: Transition,
  write: (onRecord?: ChangeOnRecord) => Promise<void>,
): Promise<void> {
  const note = writeNote(t);
  const onRecord = requests.get()?.onRecord(note);
  try {
    await write(onRecord);
  } catch (error) {
    noteAccess({ ...note, action: `${ATTEMPTED}${note.action}` });
    throw error;
  }
  noteAccess(onRecord ? { ...note, carried: true } : note);
}

/**
 * The access entry of a write that carried one (`onRecord`): its first event says whose change it was,
 * when and what (the event's actor is whoever the request recorded: the signed-in staff member, a link's
 * specialist). The publisher records it from the table's stream; none for a write with no event.
 */
export function changeEntryOf(
  events: readonly RelaisEvent[],
  onRecord: ChangeOnRecord,
): { readonly entry: AccessEntry; readonly id: string } | undefined {
  const first = events[0];
  if (!first) return undefined;
  const { referralId, org, at, actor, type } = first;
  return {
    entry: {
      referralId,
      org,
      at,
      actor: { role: actor.role, id: actor.id },
      action: type,
      route: onRecord.route,
    },
    id: first.id,
  };
}

/** The referral store, noting what it returns and writes. Other methods pass through as they are. */
export function notingReferralStore<S extends ReferralStore>(store: S): S {
  return {
    ...store,
    async get(id, options) {
      const r = await store.get(id, options);
      if (r) noteReferral(r, READ);
      return r;
    },
    async listByOrg(org, q) {
      const page = await store.listByOrg(org, q);
      for (const r of page.items) noteReferral(r, LISTED);
      return page;
    },
    async listByAccompanier(accompanierId, q) {
      const page = await store.listByAccompanier(accompanierId, q);
      for (const r of page.items) noteReferral(r, LISTED);
      return page;
    },
    async listNeedingAccompanier(org, q) {
      const items = await store.listNeedingAccompanier(org, q);
      for (const r of items) noteReferral(r, LISTED);
      return items;
    },
    create: (t) => recordedWrite(t, (onRecord) => store.create(t, onRecord)),
    save: (t, expectedVersion, read) =>
      recordedWrite(t, (onRecord) => store.save(t, expectedVersion, read, onRecord)),
  };
}

/** The board: an escalation shown is its referral listed; an acknowledgement is a change of it. */
export function notingEscalationStore<S extends EscalationStore>(store: S): S {
  const note = (e: { referralId: string; org: string }, action: string) =>
    noteAccess({ subject: 'referral', id: e.referralId, org: e.org, action });
  return {
    ...store,
    async listBoard(scope, state, q) {
      const page = await store.listBoard(scope, state, q);
      for (const e of page.items) note(e, LISTED);
      return page;
    },
    async create(e, events) {
      const created = await store.create(e, events);
      if (created) note(e, changeOf(events, 'escalation.raised'));
      return created;
    },
    async save(e, expectedVersion, events) {
      await store.save(e, expectedVersion, events);
      note(e, changeOf(events, 'escalation.changed'));
    },
  };
}

/** The directory: each entry created or changed. */
export function notingSpecialistStore<S extends SpecialistStore>(store: S): S {
  return {
    ...store,
    // Every argument passed on (the entry's events ride with it: the address confirmation).
    async create(s, ...rest) {
      const result = await store.create(s, ...rest);
      if (result === 'created') {
        noteAccess({ subject: 'specialist', id: s.id, org: s.organisation, action: 'specialist.created' });
      }
      return result;
    },
    async save(s, ...rest) {
      await store.save(s, ...rest);
      noteAccess({ subject: 'specialist', id: s.id, org: s.organisation, action: 'specialist.changed' });
    },
  };
}

export interface AccessRecorderDeps {
  readonly accessLog: Pick<AccessLog, 'record'>;
  readonly directoryLog: DirectoryAccessLog;
  readonly clock: Clock;
}

/**
 * Whether an answer showed what its request read: a 2xx with a body, of a request that did not fail. A
 * refusal, a redirect after a page action, an error, the headers alone of a HEAD (a mail scanner's check
 * of a link) did not (unless it shows the referral again: `showsWhatItRead`). The staff app's and the
 * links' one rule (http/middleware/access-log.ts, links/pipeline.ts).
 */
export const answerDisclosed = (method: string, status: number | undefined, failed: boolean): boolean =>
  !failed && method !== 'HEAD' && status !== undefined && status >= 200 && status < 300;

/** How a request ended, told once it has: who asked, through which route, whether the answer showed anything. */
export interface AccessOutcome {
  /** `GET /v1/referrals/{id}`: the route as declared, never the path (a link's token stays out). */
  readonly route: string;
  /** The answer disclosed what was read (`answerDisclosed`): read only once the answer is known. */
  readonly disclosed: boolean;
  /** Who, for the notes of one subject; none: not recorded (nobody signed in). */
  actorOf(notes: readonly AccessNote[]): Actor | undefined;
  /** Only these subjects (a link: its own referral). */
  readonly keep?: (note: AccessNote) => boolean;
}

/**
 * Runs `answer` (a request's handling) noting what it touches, then records the entries, before the
 * answer leaves: a read that cannot be recorded fails rather than go unrecorded. `outcome` is asked once
 * the answer is known (a page knows its signed-in staff member only after its session middleware ran),
 * and at a referral's write (by then whoever acts is known: signed in, or the link verified), for what
 * the write carries for its entry.
 */
export async function recordingAccess(
  deps: AccessRecorderDeps,
  answer: () => Promise<void>,
  outcome: (failed: boolean) => AccessOutcome,
): Promise<void> {
  const notes: AccessNote[] = [];
  const recording: Recording = {
    notes,
    shown: false,
    exported: false,
    onRecord(note) {
      const asked = outcome(false);
      const { referrals } = entriesOf(deps.clock.now().toISOString(), [note], asked);
      return referrals.length > 0 ? { route: asked.route } : undefined;
    },
  };
  let failure: { error: unknown } | undefined;
  try {
    await requests.run(recording, answer);
  } catch (error) {
    failure = { error };
  }
  if (notes.length > 0) {
    try {
      const told = outcome(failure !== undefined);
      const shown = recording.shown && failure === undefined;
      const entries = entriesOf(
        deps.clock.now().toISOString(),
        recording.exported ? notes.map((n) => (n.action === LISTED ? { ...n, action: EXPORTED } : n)) : notes,
        shown ? { ...told, disclosed: true } : told,
      );
      await Promise.all([
        deps.accessLog.record(entries.referrals),
        deps.directoryLog.record(entries.specialists),
      ]);
    } catch (error) {
      // Not the caller's fault, and worth retrying (the log's store is briefly unavailable, throttled):
      // a 503 with Retry-After, not a 500. The answer is withheld all the same.
      const unavailable = new HttpProblemError(503, {
        title: 'Service unavailable',
        detail: 'The access could not be recorded; nothing was shown. Try again shortly.',
        headers: { 'retry-after': String(RECORDING_RETRY_AFTER_SECONDS) },
      });
      throw Object.assign(unavailable, { cause: error });
    }
  }
  if (failure) throw failure.error;
}

/** When a client may try again after the access log could not be written. */
export const RECORDING_RETRY_AFTER_SECONDS = 5;

const subjectOf = (note: AccessNote): string => `${note.subject}#${note.id}`;

/** The entries of the notes, but the changes whose writes carried theirs (`carried`). */
function entriesOf(
  at: string,
  notes: readonly AccessNote[],
  outcome: AccessOutcome,
): { referrals: AccessEntry[]; specialists: DirectoryAccessEntry[] } {
  const referrals: AccessEntry[] = [];
  const specialists: DirectoryAccessEntry[] = [];
  const bySubject = new Map<string, AccessNote[]>();
  for (const note of notes) {
    if (outcome.keep && !outcome.keep(note)) continue;
    const key = subjectOf(note);
    bySubject.set(key, [...(bySubject.get(key) ?? []), note]);
  }
  for (const group of bySubject.values()) {
    const actor = outcome.actorOf(group);
    if (!actor) continue;
    const carried = new Set(group.flatMap((n) => (n.subject === 'referral' && n.carried ? [n.action] : [])));
    for (const action of actionsOf(group, outcome)) {
      // A change written after an attempt that lost (the write path tries again once) is on record
      // from its write: neither it nor the attempt is recorded here.
      const decided = action.startsWith(ATTEMPTED) ? action.slice(ATTEMPTED.length) : action;
      if (carried.has(decided)) continue;
      const first = group[0]!;
      const common = { at, actor: { role: actor.role, id: actor.id }, action, route: outcome.route };
      if (first.subject === 'referral') referrals.push({ referralId: first.id, org: first.org, ...common });
      else specialists.push({ specialistId: first.id, ...(first.org ? { org: first.org } : {}), ...common });
    }
  }
  return { referrals, specialists };
}

/**
 * One subject's entries: each distinct change; else, when the answer showed it, its strongest read.
 * Whether it did is asked only then: at a write, before the answer exists, it is not (a staff route's
 * outcome reads the answer, which a framework may make up empty when asked too early).
 */
function actionsOf(notes: readonly AccessNote[], outcome: AccessOutcome): string[] {
  const changes = [...new Set(notes.map((n) => n.action).filter((a) => !READS.includes(a)))];
  if (changes.length > 0) return changes;
  if (!outcome.disclosed) return [];
  const read = READS.find((r) => notes.some((n) => n.action === r));
  return read ? [read] : [];
}
