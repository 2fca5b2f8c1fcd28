import { PROBLEM_TYPE_BASE, problem } from '../functions/edge/problem.ts';

/**
 * The one-machine runtime answers only requests addressed to it by name: its configured public host
 * (RELAIS_PUBLIC_URL's host and port), `localhost:PORT` or `127.0.0.1:PORT`. Anything else gets 421
 * Misdirected Request. Listening on 127.0.0.1 keeps other machines out, but not a web page the browser
 * of this machine opens: with DNS rebinding, `evil.example` resolves to 127.0.0.1 and the page then
 * reads `/dev/outbox` (live link tokens) or the staff pages as same-origin. Such a request still says
 * `Host: evil.example`, and that is what this refuses.
 */

export const MISDIRECTED_PROBLEM_TYPE = `${PROBLEM_TYPE_BASE}misdirected`;

/** The `Host` values the service answers to, lowercase. */
export function allowedHosts(options: { readonly port: number; readonly publicUrl: string }): string[] {
  return [
    ...new Set([
      // URL.host leaves out the scheme's default port, as browsers do in the Host header
      new URL(options.publicUrl).host.toLowerCase(),
      `localhost:${options.port}`,
      `127.0.0.1:${options.port}`,
    ]),
  ];
}

type Fetch = (request: Request) => Response | Promise<Response>;

/** Wraps the app's fetch: requests with another `Host` (or none) get a 421 problem and reach nothing. */
export function guardHost(fetch: Fetch, hosts: readonly string[]): Fetch {
  const allowed = new Set(hosts.map((h) => h.toLowerCase()));
  return (request) => {
    const host = request.headers.get('host')?.trim().toLowerCase();
    if (host !== undefined && allowed.has(host)) return fetch(request);
    return problem(421, {
      type: MISDIRECTED_PROBLEM_TYPE,
      title: 'Misdirected request',
      detail: 'This service answers only under its own host name; use the address it was started with.',
    });
  };
}
