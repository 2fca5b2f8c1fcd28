import type { FC, PropsWithChildren } from 'hono/jsx';

/*
 * What every HTML document Relais serves has alike, the staff pages and the specialists' link pages:
 * the head (no indexing, a phone's viewport, the title) and the rendering to the text a
 * browser gets. Written once here, below both apps, which may not import each other.
 */

/**
 * The head of a page: `referrer` is the page family's policy; `children` its one constant style element
 * (each family writes it, unescaped, where its CSP hash or policy is decided).
 */
export const PageHead: FC<PropsWithChildren<{ title: string; referrer: 'same-origin' | 'no-referrer' }>> = ({
  title,
  referrer,
  children,
}) => (
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content={referrer} />
    <meta name="robots" content="noindex, nofollow" />
    <title>{`${title} · Relais`}</title>
    {children}
  </head>
);

/**
 * A JSX document as the HTML a browser gets. Every page component renders synchronously: a promise
 * here would be a page reading "[object Promise]", so it is refused.
 */
export function htmlDocument(node: unknown): string {
  const html = String(node);
  if (html === '[object Promise]') throw new Error('Pages render synchronously');
  return `<!doctype html>${html}`;
}
