/**
 * The few HTML helpers the emails and the link pages share. Everything that reaches HTML goes through
 * `escapeHtml`; URLs also go through `safeUrl`, so a value can never become markup or a script.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for an element body or a quoted attribute value. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Removes control characters (a value put in a subject line or a header must stay on one line). */
export function oneLine(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

/**
 * Accepts only absolute http(s) URLs (the links we send), so that no `javascript:` or `data:` URL can
 * reach an `href`. Returns the normalised URL.
 */
export function safeUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError('A link must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('A link must be http(s)');
  if (url.username || url.password) throw new TypeError('A link must not carry credentials');
  return url.href;
}
