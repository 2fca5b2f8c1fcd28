import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import type { JWK } from 'jose';
import type { Specialist } from '../../../domain/directory/model.ts';
import type { EventBus, Mail } from '../../../domain/ports.ts';
import type { StaffRole } from '../../../domain/referral/model.ts';
import type { RelaisEvent } from '../../../events/catalog.ts';
import { createLocalKeyWrapper } from '../../../functions/adapters/crypto/local-wrapper.ts';
import { createSeenEvents } from '../../../functions/adapters/dynamo/seen-events.ts';
import { generateLinkKey } from '../../../functions/adapters/tokens/link-tokens.ts';
import {
  createLocalStaffVerifier,
  generateIssuerKey,
  signLocalStaffToken,
} from '../../../functions/adapters/tokens/staff-tokens.ts';
import type { Consumer } from '../../../functions/consumers/dispatch.ts';
import { CONSUMERS } from '../../../functions/consumers/index.ts';
import { addressLink } from '../../../functions/consumers/links.ts';
import { composeDeps, DEFAULT_SETTINGS } from '../../../functions/lib/compose.ts';
import type { Deps } from '../../../functions/lib/deps.ts';
import { createJsonLogger } from '../../../functions/lib/logger-json.ts';
import type { KeyWrapper } from '../../../functions/ports/key-ring.ts';
import { publishStreamRecords } from '../../../functions/publish/publish-stream-records.ts';
import { createApp } from '../../../local/app.ts';
import { localStreamsClient } from '../../../local/dynamodb.ts';
import { createInProcessBus } from '../../../local/in-process-bus.ts';
import { createOutboxMailer, type OutboxMailer } from '../../../local/outbox-mailer.ts';
import { type StreamReader, startStreamReader } from '../../../local/stream-reader.ts';
import { captureLogLine, markSensitiveFields } from '../../support/log-guard.ts';
import { createTestTable } from '../../support/table.ts';

const ISSUER = 'relais-test';
const AUDIENCE = 'relais-api';

/** A response whose JSON the test inspects with assertions. */
// biome-ignore lint/suspicious/noExplicitAny: test payloads are checked field by field by the assertions
export type TestResponse = Omit<Response, 'json'> & { json(): Promise<any> };

export interface Harness {
  readonly app: Hono;
  readonly deps: Deps;
  readonly sent: Mail[];
  readonly logLines: string[];
  readonly tableName: string;
  /** The link-signing key of this app (tests mint hostile tokens with it). */
  readonly linkKey: { readonly kid: string; readonly privateJwk: JWK; readonly publicJwk: JWK };
  /** The key wrapping this table's data keys (a second composition on the same table needs it). */
  readonly keyWrapper: KeyWrapper;
  /** A staff token; with `name`, it carries that `name` claim (the staff list shows it). */
  token(role: StaffRole, org?: string, sub?: string, name?: string): Promise<string>;
  /** A staff call: JSON body, bearer token of `role` in `org`. */
  call(
    method: string,
    path: string,
    opts?: { role?: StaffRole; org?: string; sub?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<TestResponse>;
  /** The app without credentials or extra headers. */
  request(path: string, init?: RequestInit): Promise<TestResponse>;
  clock: { now(): Date; set(d: Date): void };
  /** With `outboxDir`: the local outbox the mailer also writes to (`.eml` + `.json` per email). */
  readonly outbox?: OutboxMailer;
  /** Every event the bus delivered since `startEvents()`, once each (by id), in order. */
  readonly events: RelaisEvent[];
  /**
   * Opt-in: runs the real event path on this table, as `npm start` does: the stream reader feeds the
   * publisher, whose in-process bus dispatches to the consumers (`CONSUMERS` unless given) with this
   * harness's deps (so emails land in `sent`, and in `outbox` when there is one).
   */
  startEvents(consumers?: readonly Consumer<Deps>[]): Promise<void>;
  /** Waits until every stream record written so far went through the consumers (rejects on a failure). */
  drainEvents(): Promise<void>;
  /** Stops the stream reader; call it in afterAll when startEvents was called. */
  stopEvents(): Promise<void>;
}

export interface HarnessOptions {
  /** Base of the links in emails; default `http://relais.test`. */
  readonly publicBaseUrl?: string;
  /** Also write every email to a local outbox in this folder. */
  readonly outboxDir?: string;
  /** What wraps the data keys; a fresh random key by default (a Lambda under test needs its fake KMS's). */
  readonly keyWrapper?: KeyWrapper;
  /** Timer and escalation settings other than PRODUCT.md's defaults, as a deployment may set them. */
  readonly settings?: Partial<typeof DEFAULT_SETTINGS>;
}

/** The real app on a fresh DynamoDB Local table, with a capturing mailer and logger. */
export async function createHarness(name: string, options: HarnessOptions = {}): Promise<Harness> {
  const { dynamo, tableName, endpoint } = await createTestTable(name);
  const issuerKey = await generateIssuerKey();
  const linkKey = await generateLinkKey('test-1');
  const sent: Mail[] = [];
  const logLines: string[] = [];
  let now = new Date('2026-11-25T09:00:00Z');
  const clock = { now: () => new Date(now), set: (d: Date) => (now = d) };
  const outbox = options.outboxDir
    ? createOutboxMailer({ dir: options.outboxDir, clock, from: 'Relais <relais@relais.example>' })
    : undefined;
  const logger = createJsonLogger({
    level: 'debug',
    sink: (line) => {
      logLines.push(line);
      captureLogLine(line);
    },
  });
  const keyWrapper = options.keyWrapper ?? createLocalKeyWrapper(randomBytes(32));
  const deps = composeDeps({
    dynamo,
    tableName,
    clock,
    keyWrapper,
    mailer: {
      send: async (m) => {
        sent.push(m);
        await outbox?.send(m);
      },
    },
    verifyStaff: createLocalStaffVerifier({
      publicJwk: issuerKey.publicJwk,
      issuer: ISSUER,
      audience: AUDIENCE,
    }),
    logger,
    settings: {
      ...DEFAULT_SETTINGS,
      ...options.settings,
      publicBaseUrl: options.publicBaseUrl ?? 'http://relais.test',
    },
    linkKeys: {
      signingKey: { kid: linkKey.kid, privateJwk: linkKey.privateJwk },
      verificationKeys: [{ kid: linkKey.kid, publicJwk: linkKey.publicJwk }],
    },
  });
  const app = createApp(deps);
  const h = { app };
  const token = (role: StaffRole, org = 'mdm-lu', sub = `${role}-${org}`, name?: string) =>
    signLocalStaffToken(
      { privateJwk: issuerKey.privateJwk, issuer: ISSUER, audience: AUDIENCE },
      { sub, org, roles: [role], ...(name ? { name } : {}) },
    );
  const events: RelaisEvent[] = [];
  let reader: StreamReader | undefined;
  let streams: ReturnType<typeof localStreamsClient> | undefined;
  return {
    app,
    deps,
    sent,
    logLines,
    tableName,
    linkKey,
    keyWrapper,
    token,
    clock,
    ...(outbox ? { outbox } : {}),
    events,
    async startEvents(consumers) {
      if (reader) return;
      const dispatch = createInProcessBus({
        consumers: consumers ?? CONSUMERS,
        seen: createSeenEvents(dynamo, tableName),
        deps,
        logger,
      });
      const bus: EventBus = {
        async publish(batch) {
          await dispatch.publish(batch);
          // At least once: a retried batch delivers its events again; each is one event all the same.
          for (const e of batch) if (!events.some((seen) => seen.id === e.id)) events.push(e);
        },
      };
      streams = localStreamsClient(endpoint);
      reader = startStreamReader({
        dynamo,
        streams,
        tableName,
        handle: (event) => publishStreamRecords(event, bus, deps.accessLog, logger),
        logger,
        pollMs: 50,
      });
    },
    async drainEvents() {
      if (!reader) throw new Error('startEvents() first');
      await reader.drain();
    },
    async stopEvents() {
      await reader?.stop();
      reader = undefined;
      streams?.destroy();
      streams = undefined;
    },
    request: async (path, init) => h.app.request(path, init),
    async call(method, path, opts = {}) {
      markSensitiveFields(opts.body);
      const headers: Record<string, string> = {
        authorization: `Bearer ${await token(opts.role ?? 'social_worker', opts.org, opts.sub)}`,
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...opts.headers,
      };
      return app.request(path, {
        method,
        headers,
        body:
          opts.body === undefined
            ? undefined
            : typeof opts.body === 'string'
              ? opts.body
              : JSON.stringify(opts.body),
      });
    },
  };
}

let seq = 0;
/** A directory entry for tests. */
export function specialist(overrides: Partial<Specialist> = {}): Specialist {
  seq += 1;
  return {
    id: `spec-${seq}`,
    kind: 'doctor',
    displayName: `Dr Test ${seq}`,
    email: `doctor${seq}@clinic.example`,
    specialty: 'ophthalmology',
    practice: 'CHL Eich, Luxembourg',
    languages: ['fr', 'pt'],
    locale: 'fr',
    active: true,
    monthlyQuota: 4,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

/**
 * A specialist added through the directory API and made eligible as the directory's governance asks:
 * POSTed by a coordinator of `org`, approved by an admin of the network, and their address confirmed
 * through the address link's route, signed as the confirmation email signs it. Returns the entry as
 * its organisation then reads it.
 */
export async function addEligibleSpecialist(
  h: Harness,
  body: Record<string, unknown>,
  org = 'mdm-lu',
): Promise<{ id: string; email: string; approval: string; addressConfirmed: boolean; version: number }> {
  const added = await h.call('POST', '/v1/specialists', { role: 'coordinator', org, body });
  if (added.status !== 201) throw new Error(`adding a specialist: ${added.status}`);
  const { id } = await added.json();
  const approved = await h.call('POST', `/v1/specialists/${id}/approve`, { role: 'admin', org: 'relais' });
  if (approved.status !== 200) throw new Error(`approving a specialist: ${approved.status}`);
  const entry = await h.deps.specialists.get(id);
  if (!entry?.confirmationId) throw new Error('a new entry waits for a confirmation');
  const link = await addressLink(h.deps, id, entry.confirmationId, h.clock.now());
  const confirmed = await h.request(new URL(link.url).pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: '{}',
  });
  if (confirmed.status !== 200) throw new Error(`confirming an address: ${confirmed.status}`);
  return (await h.call('GET', `/v1/specialists/${id}`, { role: 'coordinator', org })).json();
}

/** The open-referral body of API.md. */
export const openBody = (overrides: Record<string, unknown> = {}) => ({
  pseudonym: 'ZEBRA-1985',
  need: { specialty: 'ophthalmology' },
  urgency: 'routine',
  reason: 'blurred vision both eyes, suspected cataract',
  socialCheckDone: true,
  consentToShare: true,
  accompaniment: { required: true },
  languages: ['pt', 'fr'],
  ...overrides,
});

/** What a browser sends with a staff page's form from the pages' own site (sameOriginOnly lets it in). */
export const SAME_ORIGIN_FORM: Readonly<Record<string, string>> = {
  'content-type': 'application/x-www-form-urlencoded',
  origin: 'http://localhost',
  host: 'localhost',
  'sec-fetch-site': 'same-origin',
};

/** A staff page's form, posted as the signed-in browser holding `cookie` posts it. */
export const postPageForm = (
  h: Pick<Harness, 'request'>,
  cookie: string,
  path: string,
  fields: Record<string, string> | URLSearchParams | string,
  headers: Record<string, string> = {},
) =>
  h.request(path, {
    method: 'POST',
    headers: { cookie, ...SAME_ORIGIN_FORM, ...headers },
    body: typeof fields === 'string' ? fields : new URLSearchParams(fields).toString(),
  });

/** The page session cookie of a staff member signed in through the sign-in form with a token. */
export async function pageSessionOf(
  h: Pick<Harness, 'request' | 'token'>,
  role: StaffRole,
  org: string,
  sub: string,
): Promise<string> {
  const res = await h.request('/app/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: await h.token(role, org, sub) }).toString(),
  });
  if (res.status !== 303) throw new Error(`sign-in: ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}
