import { createHash } from 'node:crypto';
import type { Mail } from '../../../domain/ports.ts';

/*
 * A small RFC 5322 / MIME writer, enough for Relais's notifications: text + HTML alternatives and a few
 * attachments (calendar invitations). Written here rather than pulled in so the notify bundle stays small;
 * the tests check its output with mailparser.
 */

/** A header value contained a line break or control character: it could forge headers. Nothing is sent. */
export class HeaderInjectionError extends Error {
  override readonly name = 'HeaderInjectionError';
  constructor(readonly header: string) {
    super(`refusing a control character or line break in the ${header} header`);
  }
}

/** A header value is not of the expected form (address, message id, content type). */
export class InvalidHeaderError extends Error {
  override readonly name = 'InvalidHeaderError';
  constructor(readonly header: string) {
    super(`invalid ${header} header value`);
  }
}

export interface MimeOptions {
  /** `address` or `Display Name <address>`. */
  readonly from: string;
  /** With or without angle brackets: `id@domain`. */
  readonly messageId: string;
  readonly date: Date;
}

const CRLF = '\r\n';
const PRINTABLE_ASCII = /^[\u0020-\u007e]*$/;
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;
const TOKEN = '[a-zA-Z0-9!#$&^_.+\\-]+';
const CONTENT_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(\\s*;\\s*${TOKEN}=(?:${TOKEN}|"[^"\\\\]*"))*\\s*$`);
/** Bytes per encoded word: 39 bytes are 52 base64 characters, so `Subject: =?UTF-8?B?…?=` fits 76. */
const WORD_BYTES = 39;

/**
 * Builds a complete RFC 5322 message with CRLF line endings: multipart/alternative (UTF-8 text and HTML,
 * quoted-printable), wrapped in multipart/mixed with base64 attachments when there are any. Attachment
 * `content` is the attachment's text (an .ics, say), sent as UTF-8. Non-ASCII subjects and display names
 * are RFC 2047 encoded. Throws {@link HeaderInjectionError} for a line break or control character in
 * any header value, {@link InvalidHeaderError} for an address or content type of the wrong form.
 */
export function buildMime(mail: Mail, { from, messageId, date }: MimeOptions): string {
  const id = headerValue('Message-ID', messageId).replace(/^<(.*)>$/, '$1');
  if (!ADDRESS.test(id)) throw new InvalidHeaderError('Message-ID');
  // Deterministic boundaries; the `=_` prefix cannot occur in quoted-printable or base64 output.
  const seed = createHash('sha256').update(id).digest('hex').slice(0, 24);

  const headers = [
    `From: ${address('From', from)}`,
    `To: ${address('To', mail.to)}`,
    `Subject: ${unstructured('Subject', mail.subject)}`,
    `Date: ${rfc5322Date(date)}`,
    `Message-ID: <${id}>`,
    'MIME-Version: 1.0',
    // Notifications are machine-sent: this keeps out-of-office replies from looping back.
    'Auto-Submitted: auto-generated',
  ];

  const alternative = multipart('alternative', `=_relais_alt_${seed}`, [
    part(
      ['Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: quoted-printable'],
      quotedPrintable(mail.text),
    ),
    part(
      ['Content-Type: text/html; charset=UTF-8', 'Content-Transfer-Encoding: quoted-printable'],
      quotedPrintable(mail.html),
    ),
  ]);
  const attachments = mail.attachments ?? [];
  const body =
    attachments.length === 0
      ? alternative
      : multipart('mixed', `=_relais_mix_${seed}`, [
          part(alternative.headers, alternative.body),
          ...attachments.map((a) => attachment(a.filename, a.contentType, a.content)),
        ]);

  return [...headers, ...body.headers].join(CRLF) + CRLF + CRLF + body.body;
}

interface Part {
  readonly headers: readonly string[];
  readonly body: string;
}

function part(headers: readonly string[], body: string): Part {
  return { headers, body };
}

function multipart(subtype: 'alternative' | 'mixed', boundary: string, parts: readonly Part[]): Part {
  const body =
    parts.map((p) => `--${boundary}${CRLF}${p.headers.join(CRLF)}${CRLF}${CRLF}${p.body}${CRLF}`).join('') +
    `--${boundary}--${CRLF}`;
  return { headers: [`Content-Type: multipart/${subtype};${CRLF} boundary="${boundary}"`], body };
}

function attachment(filename: string, contentType: string, content: string): Part {
  headerValue('attachment filename', filename);
  let type = headerValue('attachment Content-Type', contentType).trim();
  if (!CONTENT_TYPE.test(type)) throw new InvalidHeaderError('attachment Content-Type');
  if (/^text\//i.test(type) && !/;\s*charset=/i.test(type)) type += '; charset=UTF-8';
  const ascii = PRINTABLE_ASCII.test(filename);
  const name = ascii ? quoted(filename) : `"${encodedWords(filename).join(' ')}"`;
  const disposition = ascii ? `filename=${quoted(filename)}` : `filename*=UTF-8''${rfc5987(filename)}`;
  return part(
    [
      `Content-Type: ${type};${CRLF} name=${name}`,
      `Content-Disposition: attachment;${CRLF} ${disposition}`,
      'Content-Transfer-Encoding: base64',
    ],
    base64Lines(Buffer.from(content, 'utf8')),
  );
}

function headerValue(header: string, value: string): string {
  // Any control character but tab: CR and LF forge headers, the others have no place in one.
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) throw new HeaderInjectionError(header);
  }
  return value;
}

/** `address` or `Display Name <address>`; the display name is quoted, or RFC 2047 encoded when non-ASCII. */
function address(header: string, value: string): string {
  const v = headerValue(header, value).trim();
  const named = /^(.*?)\s*<([^<>]*)>$/.exec(v);
  const addr = named ? named[2]! : v;
  if (!ADDRESS.test(addr) || !PRINTABLE_ASCII.test(addr)) throw new InvalidHeaderError(header);
  const name = named?.[1]?.trim().replace(/^"(.*)"$/, '$1') ?? '';
  if (name === '') return addr;
  const display =
    PRINTABLE_ASCII.test(name) && !name.includes('=?') ? quoted(name) : encodedWords(name).join(' ');
  return `${display} <${addr}>`;
}

/** An unstructured header (the subject): as is when short printable ASCII, else RFC 2047 encoded words. */
function unstructured(header: string, value: string): string {
  headerValue(header, value);
  if (PRINTABLE_ASCII.test(value) && !value.includes('=?') && header.length + 2 + value.length <= 78)
    return value;
  return encodedWords(value).join(`${CRLF} `);
}

/** RFC 2047 B-encoded words of at most WORD_BYTES bytes each, never splitting a character. */
function encodedWords(value: string): string[] {
  const words: string[] = [];
  let chunk: Buffer[] = [];
  let size = 0;
  const flush = () => {
    words.push(`=?UTF-8?B?${Buffer.concat(chunk).toString('base64')}?=`);
    chunk = [];
    size = 0;
  };
  for (const char of value) {
    const bytes = Buffer.from(char, 'utf8');
    if (size + bytes.length > WORD_BYTES) flush();
    chunk.push(bytes);
    size += bytes.length;
  }
  if (size > 0 || words.length === 0) flush();
  return words;
}

function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** RFC 5987 percent-encoding (attr-char only). */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `Tue, 01 Jul 2025 09:30:00 +0000` */
function rfc5322Date(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new InvalidHeaderError('Date');
  return date.toUTCString().replace(/GMT$/, '+0000');
}

function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
}

/**
 * Quoted-printable (RFC 2045 6.7) of UTF-8 text: line breaks become CRLF hard breaks, lines are soft-broken
 * at 76 characters, `=`, non-ASCII bytes, control characters and whitespace at the end of a line are
 * encoded.
 */
export function quotedPrintable(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => {
      const bytes = Buffer.from(line, 'utf8');
      let out = '';
      let current = '';
      bytes.forEach((b, i) => {
        const literal = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && i < bytes.length - 1);
        const token = literal ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
        if (current.length + token.length > 75) {
          out += `${current}=${CRLF}`;
          current = '';
        }
        current += token;
      });
      return out + current;
    })
    .join(CRLF);
}
