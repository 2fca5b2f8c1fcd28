import type { Mail } from '../../../domain/ports.ts';
import { escapeHtml, oneLine, safeUrl } from '../../ui/html.ts';
import type { Locale } from '../../ui/messages.ts';

/**
 * One email is a list of blocks, rendered twice: as plain text and as HTML with inline styles only (mail
 * clients drop <style> elements and must not fetch anything: no images, no fonts, no remote CSS).
 * Blocks hold plain text; escaping happens here, once.
 */
export type Block =
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'facts'; readonly rows: readonly (readonly [label: string, value: string])[] }
  | { readonly kind: 'button'; readonly label: string; readonly href: string }
  | { readonly kind: 'small'; readonly text: string };

const FONT = 'font-family:Arial,Helvetica,sans-serif;';
const STYLE = {
  body: 'margin:0;padding:0;background-color:#f4f4f5;',
  wrapper: `max-width:560px;margin:0 auto;padding:24px 16px;${FONT}font-size:16px;line-height:1.5;color:#1f2937;`,
  card: 'background-color:#ffffff;border:1px solid #e5e7eb;border-radius:8px;padding:20px;',
  paragraph: 'margin:0 0 16px 0;',
  table: 'border-collapse:collapse;width:100%;margin:0 0 16px 0;',
  th: `text-align:left;vertical-align:top;padding:6px 12px 6px 0;color:#4b5563;font-weight:bold;${FONT}font-size:14px;`,
  td: `text-align:left;vertical-align:top;padding:6px 0;${FONT}font-size:16px;`,
  buttonWrap: 'margin:8px 0 20px 0;',
  button:
    'display:inline-block;padding:14px 24px;background-color:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold;font-size:17px;',
  rawLink: 'margin:0 0 16px 0;font-size:13px;color:#4b5563;word-break:break-all;',
  small: 'margin:0 0 12px 0;font-size:13px;color:#52525b;',
} as const;

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p style="${STYLE.paragraph}">${escapeHtml(block.text)}</p>`;
    case 'small':
      return `<p style="${STYLE.small}">${escapeHtml(block.text)}</p>`;
    case 'facts':
      return `<table role="presentation" style="${STYLE.table}">${block.rows
        .map(
          ([label, value]) =>
            `<tr><th scope="row" style="${STYLE.th}">${escapeHtml(label)}</th><td style="${STYLE.td}">${escapeHtml(value)}</td></tr>`,
        )
        .join('')}</table>`;
    case 'button': {
      const href = escapeHtml(safeUrl(block.href));
      // The raw link under the button: some clients strip styled links, and people copy it by hand.
      return (
        `<p style="${STYLE.buttonWrap}"><a href="${href}" style="${STYLE.button}">${escapeHtml(block.label)}</a></p>` +
        `<p style="${STYLE.rawLink}"><a href="${href}" style="color:#1d4ed8;">${href}</a></p>`
      );
    }
  }
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
    case 'small':
      return block.text;
    case 'facts':
      return block.rows.map(([label, value]) => `${label}: ${value}`).join('\n');
    case 'button':
      return `${block.label}\n${safeUrl(block.href)}`;
  }
}

export interface MailParts {
  readonly to: string;
  readonly subject: string;
  readonly locale: Locale;
  readonly blocks: readonly Block[];
  readonly footer: readonly string[];
  readonly attachments?: Mail['attachments'];
}

/** Assembles a `Mail` from its blocks: the same words in the text and the HTML part. */
export function renderMail({ to, subject, locale, blocks, footer, attachments }: MailParts): Mail {
  const cleanSubject = oneLine(subject);
  const recipient = oneLine(to);
  if (!recipient.includes('@')) throw new TypeError('An email needs a recipient address');
  const text = [...blocks.map(blockText), '--', ...footer].join('\n\n') + '\n';
  const html =
    '<!doctype html>' +
    `<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(cleanSubject)}</title></head>` +
    `<body style="${STYLE.body}"><div style="${STYLE.wrapper}"><div style="${STYLE.card}">` +
    blocks.map(blockHtml).join('') +
    '</div>' +
    footer.map((line) => `<p style="${STYLE.small}">${escapeHtml(line)}</p>`).join('') +
    '</div></body></html>';
  return {
    to: recipient,
    subject: cleanSubject,
    text,
    html,
    ...(attachments?.length ? { attachments } : {}),
  };
}
