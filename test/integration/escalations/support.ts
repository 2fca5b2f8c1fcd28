import type { Organisation } from '../../../domain/directory/model.ts';

/* Helpers for the board's tests. */

/** The other organisation of the network coordination tests: in Brussels, in French. */
export const DUNE: Organisation = {
  id: 'dune-bxl',
  name: 'DUNE',
  city: 'Brussels',
  country: 'BE',
  contact: { email: 'desk@dune.example' },
  locale: 'fr',
};

/**
 * The hidden fields of the board page's form for `path` on escalation `id`, as the page showed them:
 * what a browser posts back (where to return, and the version the coordinator saw).
 */
export function formOf(html: string, id: string, path: string): Record<string, string> {
  const start = html.indexOf(`action="/app/board/escalations/${id}/${path}"`);
  if (start < 0) throw new Error(`the board shows no ${path} form for ${id}`);
  const body = html.slice(start, html.indexOf('</form>', start));
  const hidden = body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g);
  return Object.fromEntries([...hidden].map(([, name, value]) => [name!, value!.replaceAll('&amp;', '&')]));
}
