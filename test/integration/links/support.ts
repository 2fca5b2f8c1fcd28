import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { expect } from 'vitest';
import type { Organisation, Specialist } from '../../../domain/directory/model.ts';
import type { Mail } from '../../../domain/ports.ts';
import type { Referral } from '../../../domain/referral/model.ts';
import { buildMime } from '../../../functions/adapters/mime/build-mime.ts';
import {
  createHarness,
  type Harness,
  type HarnessOptions,
  openBody,
  type TestResponse,
} from '../http/harness.ts';

/** The referring organisation of the tests, as the demo network has it. */
export const MDM: Organisation = {
  id: 'mdm-lu',
  name: 'Médecins du Monde Luxembourg',
  city: 'Luxembourg',
  country: 'LU',
  contact: { email: 'accueil@mdm-lu.example', phone: '+352 00 00 00' },
  locale: 'fr',
};

/** A harness with the organisation, these specialists in the directory, and the real event path running. */
export async function linksHarness(
  name: string,
  specialists: readonly Specialist[],
  options: HarnessOptions = {},
): Promise<Harness> {
  const h = await createHarness(name, options);
  await h.deps.organisations.put(MDM);
  for (const s of specialists) await h.deps.specialists.put(s);
  await h.startEvents();
  return h;
}

export const PSEUDONYM = 'ZEBRA-1985';
export const REASON = 'blurred vision both eyes, suspected cataract';
/** Words of the reason that would give it away on their own. */
const REASON_WORDS = ['blurred', 'cataract', 'vision both'];

/** An email as a mail client would read it: the MIME the outbox (and SES) gets, parsed back. */
export async function parse(mail: Mail): Promise<ParsedMail & { raw: string }> {
  const raw = buildMime(mail, {
    from: 'Relais <relais@relais.example>',
    messageId: `${Math.random().toString(36).slice(2)}@relais.test`,
    date: new Date('2026-11-25T09:00:00Z'),
  });
  return Object.assign(await simpleParser(raw), { raw });
}

/** The `.eml` files the outbox wrote, parsed, oldest first. */
export async function outboxMessages(dir: string): Promise<(ParsedMail & { raw: string })[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.eml')).sort();
  return Promise.all(
    files.map(async (f) => {
      const raw = await readFile(join(dir, f), 'utf8');
      return Object.assign(await simpleParser(raw), { raw });
    }),
  );
}

/** Everything a reader of the email can see: headers, subject, both bodies, every attachment. */
export function everythingIn(m: ParsedMail & { raw: string }): string {
  const headers = [...m.headers.entries()].map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n');
  const attachments = m.attachments.map((a) => `${a.filename}\n${a.content.toString('utf8')}`).join('\n');
  return [
    headers,
    m.subject ?? '',
    m.text ?? '',
    typeof m.html === 'string' ? m.html : '',
    attachments,
    m.raw,
  ].join('\n');
}

/** Neither the pseudonym, nor the reason, nor any telling word of it, in any part of the email. */
export function expectNoHealthData(m: ParsedMail & { raw: string }, extra: readonly string[] = []): void {
  const all = everythingIn(m).toLowerCase();
  for (const secret of [PSEUDONYM, REASON, ...REASON_WORDS, ...extra]) {
    expect(all, 'an email leaks the person or their health').not.toContain(secret.toLowerCase());
  }
}

/** The link of an email (`http://…/o/<token>`), from its text part. */
export function linkIn(text: string | undefined): string {
  const m = /https?:\/\/\S+\/o\/[A-Za-z0-9._-]+/.exec(text ?? '');
  if (!m) throw new Error('no link in the email');
  return m[0];
}

/** The path (`/o/<token>`) of a link, to call the in-process app. */
export const pathOf = (link: string): string => new URL(link).pathname;

/** Opens a referral through the API; returns it as the API read it back. */
export async function openReferral(h: Harness, overrides: Record<string, unknown> = {}): Promise<Referral> {
  const res = await h.call('POST', '/v1/referrals', { body: openBody(overrides) });
  expect(res.status).toBe(201);
  return res.json();
}

/** The referral as stored: for checks that nothing changed. */
export async function stored(h: Harness, id: string): Promise<Referral> {
  const r = await h.deps.store.get(id);
  if (!r) throw new Error('referral missing');
  return r;
}

/** A JSON answer through a link path. */
export const postJson = (h: Harness, path: string, body: unknown): Promise<TestResponse> =>
  h.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });

/** A browser form post through a link path. */
export const postForm = (h: Harness, path: string, fields: Record<string, string>): Promise<TestResponse> =>
  h.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: new URLSearchParams(fields).toString(),
  });

/** The emails sent to one address. */
export const mailsTo = (h: Harness, to: string): Mail[] => h.sent.filter((m) => m.to === to);

/** The referral a link names (its `ref` claim, read without verifying: for test assertions only). */
export const refOf = (link: string): unknown =>
  JSON.parse(Buffer.from(link.split('/o/')[1]?.split('.')[1] ?? '', 'base64url').toString()).ref;
