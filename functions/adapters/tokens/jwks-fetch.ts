import type { FetchImplementation } from 'jose';
import { requestOverNode } from '../outbound/node-request.ts';

/**
 * jose's `customFetch` for a key set (the staff issuer's, the OIDC sign-in provider's), over
 * `requestOverNode` (outbound/node-request.ts) rather than the global `fetch`, whose first call loads
 * Node's internal undici in every cold start. Its size cap and timeout apply; redirects are not followed
 * (jose asks for `redirect: 'manual'` and refuses anything but 200); jose's abort signal is passed on.
 * The `Response` it builds is the bundles' light one (functions/edge/light-fetch.ts).
 */
export const fetchJwksOverNode: FetchImplementation = async (url, options) => {
  const answer = await requestOverNode(url, {
    method: 'GET',
    headers: Object.fromEntries(options.headers),
    signal: options.signal,
  });
  return new Response(answer.body, { status: answer.status });
};
