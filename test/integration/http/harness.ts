import type { Hono } from 'hono';
import type { Specialist } from '../../../domain/directory/model.ts';
import type { Mail } from '../../../domain/ports.ts';
import type { StaffRole } from '../../../domain/referral/model.ts';
import { generateLinkKey } from '../../../functions/adapters/tokens/link-tokens.ts';
import {
  createLocalStaffVerifier,
  generateIssuerKey,
  signLocalStaffToken,
} from '../../../functions/adapters/tokens/staff-tokens.ts';
import { createApp } from '../../../functions/http/app.ts';
import { composeDeps, DEFAULT_SETTINGS } from '../../../functions/lib/compose.ts';
import type { Deps } from '../../../functions/lib/deps.ts';
import { createJsonLogger } from '../../../functions/lib/logger-json.ts';
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
  token(role: StaffRole, org?: string, sub?: string): Promise<string>;
  /** A staff call: JSON body, bearer token of `role` in `org`. */
  call(
    method: string,
    path: string,
    opts?: { role?: StaffRole; org?: string; sub?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<TestResponse>;
  /** The app without credentials or extra headers. */
  request(path: string, init?: RequestInit): Promise<TestResponse>;
  clock: { now(): Date; set(d: Date): void };
}

/** The real app on a fresh DynamoDB Local table, with a capturing mailer and logger. */
export async function createHarness(name: string): Promise<Harness> {
  const { dynamo, tableName } = await createTestTable(name);
  const issuerKey = await generateIssuerKey();
  const linkKey = await generateLinkKey('test-1');
  const sent: Mail[] = [];
  const logLines: string[] = [];
  let now = new Date('2026-11-25T09:00:00Z');
  const clock = { now: () => new Date(now), set: (d: Date) => (now = d) };
  const deps = composeDeps({
    dynamo,
    tableName,
    clock,
    mailer: { send: async (m) => void sent.push(m) },
    verifyStaff: createLocalStaffVerifier({
      publicJwk: issuerKey.publicJwk,
      issuer: ISSUER,
      audience: AUDIENCE,
    }),
    logger: createJsonLogger({
      level: 'debug',
      sink: (line) => {
        logLines.push(line);
        captureLogLine(line);
      },
    }),
    settings: { ...DEFAULT_SETTINGS, publicBaseUrl: 'http://relais.test' },
    linkKeys: {
      signingKey: { kid: linkKey.kid, privateJwk: linkKey.privateJwk },
      verificationKeys: [{ kid: linkKey.kid, publicJwk: linkKey.publicJwk }],
    },
  });
  const app = createApp(deps);
  const h = { app };
  const token = (role: StaffRole, org = 'mdm-lu', sub = `${role}-${org}`) =>
    signLocalStaffToken(
      { privateJwk: issuerKey.privateJwk, issuer: ISSUER, audience: AUDIENCE },
      { sub, org, roles: [role] },
    );
  return {
    app,
    deps,
    sent,
    logLines,
    tableName,
    token,
    clock,
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
