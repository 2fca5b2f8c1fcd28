import { DeleteTableCommand, type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { runSweep } from '../../../functions/sweep/run-sweep.ts';
import { DEMO_ORGANISATIONS, DEMO_SPECIALISTS } from '../../../local/demo-network.ts';
import { createStreamTap, type ReferralRecord, type StreamTap } from '../../support/stream-tap.ts';
import { createHarness, type Harness, type TestResponse } from '../http/harness.ts';
import { type Command, type LinkAction, type Org, SPECIALTIES, type Specialty } from './commands.ts';

/*
 * One run of the model-based test: the real app (staff routes and link routes on one origin, as
 * `npm start` serves them) on a fresh DynamoDB Local table seeded with the demo network, the timer
 * sweep, and a tap on the table's stream that the checks read. The event path (stream → consumers) is
 * left off: no consumer writes a referral, and without it a run does not race a background reader, so
 * a seed replays the same run (matching sees no load projection, the same every time). The links the
 * emails would carry are signed here as they sign them.
 */

const HOUR = 3600_000;

/** A specialist's country, by id, as the demo network has it. */
export const SPECIALIST_COUNTRY: ReadonlyMap<string, string | undefined> = new Map(
  DEMO_SPECIALISTS.map((s) => [s.id, s.country]),
);
export const ORG_COUNTRY: ReadonlyMap<string, string> = new Map(
  DEMO_ORGANISATIONS.map((o) => [o.id, o.country]),
);
/** An outcome link works until a week after the appointment (functions/consumers/links.ts). */
const OUTCOME_LINK_DAYS = 7;

/** What a staff member or specialist can offer a referral to by name: same specialty, same country. */
export function nameableSpecialists(org: string, specialty: string): string[] {
  const country = ORG_COUNTRY.get(org);
  return DEMO_SPECIALISTS.filter((s) => s.specialty === specialty && s.active && s.country === country).map(
    (s) => s.id,
  );
}

export interface OpenedReferral {
  readonly id: string;
  readonly org: Org;
  readonly specialty: Specialty;
  readonly pseudonym: string;
}

/** A link an email carried. */
export interface Link {
  readonly token: string;
  readonly purpose: 'offer' | 'outcome';
  readonly offerId: string;
  readonly referralId: string;
  readonly specialistId: string;
  /** An outcome link's appointment time (ms). */
  readonly at?: number;
}

export interface Actor {
  readonly role: string;
  readonly id: string;
}

/**
 * What a 2xx answer says it did to one referral: the timeline entry it must have written (by this
 * actor, one of these actions, on this offer), the version it answered with when it says one, and the
 * statuses the model allows after it.
 */
export interface Claim {
  readonly referralId: string;
  readonly version?: number;
  readonly actor: Actor;
  readonly actions: readonly string[];
  readonly offerId?: string;
  readonly statuses: readonly string[];
  /**
   * When the model allows the command to answer 2xx and change nothing: a predicate on the referral
   * as it was at the version answered, and why.
   */
  // biome-ignore lint/suspicious/noExplicitAny: the stored aggregate, read field by field
  readonly noop?: { readonly when: (referral: any) => boolean; readonly why: string };
}

/** One HTTP answer (or one sweep) of a step. */
export interface Answer {
  /** The command, for counting: `close`, `accept by link`, `sweep`… */
  readonly kind: string;
  readonly label: string;
  readonly status: number;
  /** The referral the command was about, when it names one. */
  readonly target?: string;
  /** When 2xx: what it did. */
  readonly claims: readonly Claim[];
  readonly sweep?: boolean;
  /** A short excerpt of the body of an unexpected answer, for the failure message. */
  readonly detail?: string;
}

export interface World {
  readonly h: Harness;
  readonly tap: StreamTap;
  readonly referrals: OpenedReferral[];
  readonly links: Map<string, Link[]>;
  /** Every stream record of each referral, in stream order. */
  readonly history: Map<string, ReferralRecord[]>;
  readonly run: number;
  /** A fresh name for a staff member, so each change's timeline entry names the command that made it. */
  fresh(prefix: string): string;
  /** The item as stored, for "nothing changed" checks. */
  rawItem(id: string): Promise<string | undefined>;
  /**
   * Keeps a link for every offer and appointment these writes show, signed as the offer and
   * confirmation emails sign theirs (same purpose, offer and expiry): what a specialist holds.
   */
  collectLinks(records: readonly ReferralRecord[]): Promise<void>;
  close(): Promise<void>;
}

export async function createWorld(run: number, dynamo: DynamoDBClient, streams: DynamoDBStreamsClient) {
  const h = await createHarness(`model-${run}`);
  await seedNetwork(h);
  const tap = createStreamTap({ dynamo, streams, tableName: h.tableName });
  let names = 0;
  const links = new Map<string, Link[]>();
  const world: World = {
    h,
    tap,
    referrals: [],
    links,
    history: new Map(),
    run,
    fresh: (prefix) => `${prefix}-${++names}`,
    async rawItem(id) {
      const { Item } = await dynamo.send(
        new GetItemCommand({
          TableName: h.tableName,
          Key: { pk: { S: `REF#${id}` }, sk: { S: 'REF' } },
          ConsistentRead: true,
        }),
      );
      return Item ? JSON.stringify(Item) : undefined;
    },
    async collectLinks(records) {
      const now = h.clock.now();
      const sign = (l: Omit<Link, 'token'>, expiresAt: Date) =>
        h.deps.linkTokens.sign({
          purpose: l.purpose,
          offerId: l.offerId,
          referralId: l.referralId,
          expiresAt,
          now,
        });
      for (const { referralId, newImage } of records) {
        const r = newImage?.data;
        if (!r) continue;
        const list = links.get(referralId) ?? [];
        // The offer email's link: signed when the offer is made, valid until the offer expires.
        for (const o of (r.offers ?? []) as { id: string; specialistId: string; expiresAt: string }[]) {
          if (list.some((l) => l.purpose === 'offer' && l.offerId === o.id)) continue;
          const l = { purpose: 'offer', offerId: o.id, referralId, specialistId: o.specialistId } as const;
          list.push({ ...l, token: await sign(l, new Date(o.expiresAt)) });
        }
        // The confirmation's outcome link, and a fresh one when the appointment moves (as the emails do).
        const a = r.appointment as { at: string; offerId: string; specialistId: string } | undefined;
        const at = a ? Date.parse(a.at) : Number.NaN;
        if (a && !list.some((l) => l.purpose === 'outcome' && l.offerId === a.offerId && l.at === at)) {
          const l = {
            purpose: 'outcome',
            offerId: a.offerId,
            referralId,
            specialistId: a.specialistId,
            at,
          } as const;
          list.push({ ...l, token: await sign(l, new Date(at + OUTCOME_LINK_DAYS * 24 * HOUR)) });
        }
        links.set(referralId, list);
      }
    },
    async close() {
      await dynamo.send(new DeleteTableCommand({ TableName: h.tableName })).catch(() => undefined);
    },
  };
  return world;
}

/**
 * The demo network's organisations and its specialists of the specialties the commands ask for, as
 * `npm start` seeds them (a specialist on leave is paused from the first start), written at once.
 */
async function seedNetwork(h: Harness): Promise<void> {
  const at = h.clock.now();
  await Promise.all([
    ...DEMO_ORGANISATIONS.map((o) => h.deps.organisations.put(o)),
    ...DEMO_SPECIALISTS.filter((s) => (SPECIALTIES as readonly string[]).includes(s.specialty)).map(
      ({ pausedForDays, ...s }) =>
        h.deps.specialists.put({
          ...s,
          ...(pausedForDays === undefined
            ? {}
            : { pausedUntil: new Date(at.getTime() + pausedForDays * 24 * HOUR).toISOString() }),
          createdAt: at.toISOString(),
          updatedAt: at.toISOString(),
        }),
    ),
  ]);
}

// ── executing a command ────────────────────────────────────────────────────────────────────────────

/** The accompaniers of an organisation, by index. */
const accompanierOf = (org: string, i: number) => `acc-${org}-${i}`;

/** The referral as the stream last showed it. */
// biome-ignore lint/suspicious/noExplicitAny: the stored aggregate, read field by field
export const latestOf = (w: World, id: string): any => w.history.get(id)?.at(-1)?.newImage?.data;

const active = (r: { status: string }) => ['scheduled', 'departed', 'arrived'].includes(r?.status);

/** Which referrals a command is meant for, as the model sees them: where it can do something. */
// biome-ignore lint/suspicious/noExplicitAny: the stored aggregate, read field by field
const MEANT_FOR: Record<Exclude<Command['kind'], 'open' | 'sweep'>, (r: any) => boolean> = {
  offers: (r) => r.status === 'open' || r.status === 'offered',
  'offers-named': (r) => r.status === 'open' || r.status === 'offered',
  link: (r) => r.status === 'offered' || active(r),
  answer: (r) => r.status === 'on_hold' && r.hold?.reason === 'more_info',
  assign: (r) => r.status === 'scheduled' && r.accompaniment?.required,
  departed: (r) => active(r) && r.accompaniment?.accompanierId !== undefined,
  arrived: (r) => active(r) && r.accompaniment?.accompanierId !== undefined,
  absent: (r) => r.status === 'scheduled' && r.accompaniment?.accompanierId !== undefined,
  'seen-again': (r) => r.status === 'on_hold' && r.hold?.reason === 'person_absent',
  outcome: active,
  reschedule: (r) =>
    r.status === 'scheduled' || (r.status === 'on_hold' && r.hold?.reason === 'person_absent'),
  close: (r) => r.status !== 'closed',
  'consent-withdrawal': (r) => r.status !== 'closed',
};

/**
 * The referral a command acts on. Small `ref`s pick among the referrals the command is meant for (by
 * the last state the stream showed before the step), so runs reach the later stages; larger ones, or
 * none being meant, pick among all referrals, where most commands are refused.
 */
export function targetOf(w: World, c: Command): OpenedReferral | undefined {
  if (c.kind === 'open' || c.kind === 'sweep' || w.referrals.length === 0) return undefined;
  const meantFor =
    c.kind === 'link'
      ? c.action === 'outcome'
        ? active
        : (r: { status: string }) => r.status === 'offered'
      : MEANT_FOR[c.kind];
  const meant = w.referrals.filter((r) => meantFor(latestOf(w, r.id) ?? {}));
  const pool = c.ref < 5 && meant.length > 0 ? meant : w.referrals;
  return pool[c.ref % pool.length];
}

/** The accompanier a command speaks as: 0 the one assigned (else the first), 1 another one. */
function accompanierFor(w: World, r: OpenedReferral, i: number): string {
  const assigned: string | undefined = latestOf(w, r.id)?.accompaniment?.accompanierId;
  const first = assigned ?? accompanierOf(r.org, 0);
  return i === 0
    ? first
    : first === accompanierOf(r.org, 0)
      ? accompanierOf(r.org, 1)
      : accompanierOf(r.org, 0);
}

/**
 * Runs one command against the app and says what came back. A command whose referral or link does
 * not exist yet does nothing (no answer).
 */
export async function execute(w: World, c: Command, stepNo: number): Promise<Answer[]> {
  const { h } = w;
  if (c.kind === 'open') return open(w, c, stepNo);
  if (c.kind === 'sweep') {
    h.clock.set(new Date(h.clock.now().getTime() + c.advanceHours * HOUR));
    await runSweep(h.deps);
    return [{ kind: 'sweep', label: `sweep +${c.advanceHours}h`, status: 200, claims: [], sweep: true }];
  }
  const r = targetOf(w, c);
  if (!r) return [];
  const label = `${c.kind} ${r.id}`;
  const staff = async (
    role: string,
    sub: string,
    path: string,
    body: unknown,
    claim: Omit<Claim, 'referralId' | 'actor' | 'version'>,
  ): Promise<Answer[]> => {
    const res = await h.call('POST', path, {
      role: role as never,
      org: r.org,
      sub,
      ...(body === undefined ? {} : { body }),
    });
    const json = await bodyOf(res);
    const ok = res.status >= 200 && res.status < 300;
    const claims: Claim[] = [];
    if (ok && c.kind === 'consent-withdrawal') {
      for (const changed of (json?.changed ?? []) as { id: string; version: number }[]) {
        claims.push({ ...claim, referralId: changed.id, version: changed.version, actor: { role, id: sub } });
      }
    } else if (ok) {
      claims.push({ ...claim, referralId: r.id, version: json?.version, actor: { role, id: sub } });
    }
    return [
      {
        kind: c.kind,
        label: `${label} as ${role}`,
        status: res.status,
        target: r.id,
        claims,
        ...detailOf(res, json),
      },
    ];
  };
  const base = `/v1/referrals/${r.id}`;
  switch (c.kind) {
    case 'offers': {
      const role = c.by === 'worker' ? 'social_worker' : 'coordinator';
      return staff(
        role,
        w.fresh(role),
        `${base}/offers`,
        {},
        {
          actions: ['offer.sent', 'referral.candidates_exhausted'],
          statuses: ['offered', 'open'],
          // No noop: with nobody left to ask while offers are pending, or once recorded as exhausted, the
          // answer is a 422 ("No other candidate matches…"), a refusal that must write nothing.
        },
      );
    }
    case 'offers-named': {
      const names = nameableSpecialists(r.org, r.specialty);
      const named = names[c.specialist % names.length]!;
      return staff(
        'social_worker',
        w.fresh('sw'),
        `${base}/offers`,
        { specialistIds: [named] },
        {
          actions: ['offer.sent'],
          statuses: ['offered'],
        },
      );
    }
    case 'answer':
      return staff(
        'social_worker',
        w.fresh('sw'),
        `${base}/answer`,
        { answer: 'Yes: the person has a health card.' },
        {
          actions: ['referral.info_provided'],
          statuses: ['offered'],
        },
      );
    case 'assign': {
      const who = accompanierOf(r.org, c.accompanier);
      const [role, sub] = c.by === 'self' ? ['accompanier', who] : ['coordinator', w.fresh('co')];
      return staff(
        role!,
        sub!,
        `${base}/accompaniment`,
        { accompanierId: who },
        {
          actions: ['accompaniment.assigned'],
          statuses: ['scheduled'],
          noop: {
            when: (x) => x.accompaniment?.accompanierId === who,
            why: 'that accompanier was already assigned',
          },
        },
      );
    }
    case 'departed':
    case 'arrived':
    case 'absent': {
      const action = {
        departed: 'accompaniment.departed',
        arrived: 'accompaniment.arrived',
        absent: 'person.absent',
      }[c.kind];
      const status = { departed: 'departed', arrived: 'arrived', absent: 'on_hold' }[c.kind];
      // Each confirmation is made once: a repeat answers as it stands.
      const done = {
        // biome-ignore lint/suspicious/noExplicitAny: the stored aggregate, read field by field
        departed: (x: any) => x.accompaniment?.departedAt !== undefined,
        // biome-ignore lint/suspicious/noExplicitAny: the stored aggregate, read field by field
        arrived: (x: any) => x.accompaniment?.arrivedAt !== undefined,
        // biome-ignore lint/suspicious/noExplicitAny: the stored aggregate, read field by field
        absent: (x: any) => x.status === 'on_hold' && x.hold?.reason === 'person_absent',
      }[c.kind];
      return staff('accompanier', accompanierFor(w, r, c.accompanier), `${base}/${c.kind}`, undefined, {
        actions: [action],
        statuses: [status],
        noop: { when: done, why: 'it was confirmed already' },
      });
    }
    case 'seen-again': {
      const role = { worker: 'social_worker', accompanier: 'accompanier', coordinator: 'coordinator' }[c.by];
      const sub = c.by === 'accompanier' ? accompanierFor(w, r, 0) : w.fresh(role);
      return staff(role, sub, `${base}/seen-again`, undefined, {
        actions: ['person.seen_again'],
        statuses: ['scheduled'],
      });
    }
    case 'outcome': {
      const [role, sub] =
        c.by === 'worker' ? ['social_worker', w.fresh('sw')] : ['accompanier', accompanierFor(w, r, 0)];
      return staff(
        role!,
        sub!,
        `${base}/outcome`,
        { attended: c.attended },
        {
          actions: ['outcome.recorded'],
          statuses: [c.attended ? 'attended' : 'no_show'],
          noop: {
            when: (x) => x.outcome?.attended === c.attended,
            why: 'the same outcome was recorded already',
          },
        },
      );
    }
    case 'reschedule':
      return staff(
        'social_worker',
        w.fresh('sw'),
        `${base}/reschedule`,
        { appointmentAt: later(w, c.hours) },
        {
          actions: ['appointment.rescheduled'],
          statuses: ['scheduled'],
        },
      );
    case 'close':
      return staff(
        'social_worker',
        w.fresh('sw'),
        `${base}/close`,
        { reason: c.reason },
        {
          actions: ['referral.closed'],
          statuses: ['closed'],
        },
      );
    case 'consent-withdrawal':
      return staff(
        'social_worker',
        w.fresh('sw'),
        `/v1/people/${r.pseudonym}/consent-withdrawal`,
        undefined,
        {
          actions: ['referral.closed'],
          statuses: ['closed'],
        },
      );
    case 'link':
      return linkAction(w, r, c);
  }
}

async function open(w: World, c: Extract<Command, { kind: 'open' }>, stepNo: number): Promise<Answer[]> {
  const sub = w.fresh('sw');
  const pseudonym = `MODEL-${w.run}-${c.org}-${c.person}`;
  const body = {
    pseudonym,
    need: { specialty: c.specialty },
    urgency: c.urgency,
    reason: `model run ${w.run}: needs a ${c.specialty} appointment`,
    socialCheckDone: true,
    consentToShare: true,
    accompaniment: { required: c.accompaniment },
    languages: ['fr'],
    autoOffer: c.autoOffer,
  };
  const key = `model-${w.run}-${stepNo}-${sub}`;
  const answers = await Promise.all(
    Array.from({ length: 1 + c.repeats }, async () => {
      const res = await w.h.call('POST', '/v1/referrals', {
        role: 'social_worker',
        org: c.org,
        sub,
        body,
        headers: { 'idempotency-key': key },
      });
      const json = await bodyOf(res);
      const ok = res.status >= 200 && res.status < 300;
      const answer: Answer = {
        kind: c.repeats > 0 ? 'open (repeated)' : 'open',
        label: `open ${c.org} ${c.specialty}${c.autoOffer ? '' : ' (no autoOffer)'}`,
        status: res.status,
        claims: ok
          ? [
              {
                referralId: json.id,
                version: json.version,
                actor: { role: 'social_worker', id: sub },
                actions: ['referral.opened'],
                statuses: c.autoOffer ? ['offered', 'open'] : ['open'],
              },
            ]
          : [],
        ...detailOf(res, json),
      };
      return { answer, id: ok ? (json.id as string) : undefined };
    }),
  );
  const id = answers.find((a) => a.id)?.id;
  if (id && !w.referrals.some((r) => r.id === id)) {
    w.referrals.push({ id, org: c.org, specialty: c.specialty, pseudonym });
  }
  return answers.map((a) => a.answer);
}

async function linkAction(
  w: World,
  r: OpenedReferral,
  c: Extract<Command, { kind: 'link' }>,
): Promise<Answer[]> {
  const purpose = c.action === 'outcome' ? 'outcome' : 'offer';
  const all = (w.links.get(r.id) ?? []).filter((l) => l.purpose === purpose);
  // Small indexes pick a link that can still be answered, as the model sees it; others any link.
  const latest = latestOf(w, r.id);
  const live = all.filter((l) =>
    purpose === 'offer'
      ? latest?.offers?.some(
          (o: { id: string; state: string; expiresAt: string }) =>
            o.id === l.offerId &&
            o.state === 'pending' &&
            Date.parse(o.expiresAt) > w.h.clock.now().getTime(),
        )
      : latest?.appointment?.offerId === l.offerId,
  );
  const candidates = c.link < 3 && live.length > 0 ? live : all;
  const link = candidates[candidates.length - 1 - (c.link % Math.max(1, candidates.length))];
  if (!link) return [];
  const body: Record<LinkAction, unknown> = {
    accept: { appointmentAt: later(w, c.hours), place: 'Cabinet, rez-de-chaussée' },
    decline: { reason: 'no_capacity' },
    'more-info': { question: 'Does the person have a health insurance card?' },
    advice: { advice: 'A general practitioner can handle this first.' },
    outcome: { attended: c.attended },
  };
  const res = await w.h.request(`/o/${link.token}/${c.action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body[c.action]),
  });
  const json = await bodyOf(res);
  const ok = res.status >= 200 && res.status < 300;
  const expected: Record<LinkAction, Pick<Claim, 'actions' | 'statuses' | 'noop'> & { onOffer: boolean }> = {
    accept: { actions: ['appointment.scheduled'], statuses: ['scheduled'], onOffer: true },
    decline: { actions: ['offer.declined'], statuses: ['offered', 'open'], onOffer: true },
    'more-info': { actions: ['offer.info_requested'], statuses: ['on_hold'], onOffer: true },
    advice: { actions: ['referral.returned_with_advice'], statuses: ['closed'], onOffer: true },
    outcome: {
      actions: ['outcome.recorded'],
      statuses: [c.attended ? 'attended' : 'no_show'],
      onOffer: false,
      noop: { when: (x) => x.outcome?.attended === c.attended, why: 'the same outcome was recorded already' },
    },
  };
  const { onOffer, ...claim } = expected[c.action];
  return [
    {
      kind: `${c.action} by link`,
      label: `${c.action} by link ${link.specialistId} (offer ${link.offerId}) on ${r.id}`,
      status: res.status,
      target: r.id,
      claims: ok
        ? [
            {
              ...claim,
              referralId: r.id,
              actor: { role: 'specialist', id: link.specialistId },
              ...(onOffer ? { offerId: link.offerId } : {}),
            },
          ]
        : [],
      ...detailOf(res, json),
    },
  ];
}

/** An instant `hours` after the service's time. */
const later = (w: World, hours: number) => new Date(w.h.clock.now().getTime() + hours * HOUR).toISOString();

async function bodyOf(res: TestResponse) {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** What to show of an answer the checks may complain about: the status and a problem's title. */
function detailOf(res: TestResponse, json: { title?: string; detail?: string } | undefined) {
  if (res.status < 400) return {};
  return { detail: `${json?.title ?? ''}: ${json?.detail ?? ''}`.slice(0, 200) };
}
