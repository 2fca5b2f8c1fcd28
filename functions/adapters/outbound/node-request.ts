import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/*
 * The one way Relais's own code makes an outbound HTTP request (the staff issuer's key set, the OIDC
 * sign-in's discovery, token exchange and key set): over `node:https` (`node:http` for a local
 * provider), not the global `fetch`. Its first call in a container loads Node's internal undici and
 * compiles its WebAssembly HTTP parser, 20–25 ms of CPU once per cold start (bench/README.md), for a
 * few small requests that the SDK's own transport module can make. The rules every such request keeps:
 * - a size cap: the answers are small JSON documents; anything larger is refused, not buffered;
 * - a timeout over the whole exchange (on top of any abort signal the caller gives);
 * - no redirect followed: a 3xx is returned as it is, and the callers refuse anything but 200 (a
 *   redirected token request would carry the client's credentials elsewhere, and a redirected
 *   discovery document or key set is not the issuer's own).
 */

/** Discovery documents, token answers and key sets are a few KB. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

/** As jose's key set fetch: an answer slower than this fails rather than holding the request. */
export const REQUEST_TIMEOUT_MS = 5_000;

export interface OutboundRequest {
  /** @default 'GET' */
  readonly method?: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  /** A POST's body, e.g. a form (`URLSearchParams#toString()`); its length is sent. */
  readonly body?: string;
  /** The caller's own abort (jose's timeout), besides the timeout below. */
  readonly signal?: AbortSignal;
  /** @default REQUEST_TIMEOUT_MS */
  readonly timeoutMs?: number;
  /** @default MAX_RESPONSE_BYTES */
  readonly maxBytes?: number;
}

export interface OutboundResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  /** The body parsed as JSON (a SyntaxError when it is not). */
  json(): unknown;
}

/** Sends one request and buffers its answer, whatever its status; rejects on a network error, the cap or the timeout. */
export function requestOverNode(url: string | URL, init: OutboundRequest = {}): Promise<OutboundResponse> {
  const target = new URL(url);
  if (target.protocol !== 'https:' && target.protocol !== 'http:') {
    return Promise.reject(new Error(`unsupported URL scheme: ${target.protocol}`));
  }
  const maxBytes = init.maxBytes ?? MAX_RESPONSE_BYTES;
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
  return new Promise((resolve, reject) => {
    const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(
      target,
      { method: init.method ?? 'GET', headers, ...(init.signal ? { signal: init.signal } : {}) },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) response.destroy(new Error(`response too large (over ${maxBytes} bytes)`));
          else chunks.push(chunk);
        });
        response.on('error', fail);
        response.on('end', () => {
          clearTimeout(timer);
          const status = response.statusCode ?? 502;
          const body = Buffer.concat(chunks);
          resolve({
            status,
            ok: status >= 200 && status < 300,
            headers: response.headers,
            body,
            json: () => JSON.parse(body.toString('utf8')) as unknown,
          });
        });
      },
    );
    const timeoutMs = init.timeoutMs ?? REQUEST_TIMEOUT_MS;
    const timer = setTimeout(
      () => request.destroy(new Error(`request timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
    function fail(error: Error) {
      clearTimeout(timer);
      reject(error);
    }
    request.on('error', fail);
    request.end(init.body);
  });
}
