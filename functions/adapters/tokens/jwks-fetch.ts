import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { FetchImplementation } from 'jose';

/** A key set is a few keys; anything larger is refused rather than buffered. */
const MAX_JWKS_BYTES = 64 * 1024;

/**
 * jose's `customFetch` for the staff issuer's key set, over `node:https` (`node:http` for a local
 * issuer). The global `fetch` would do, but its first call in a container initialises undici's fetch
 * and compiles its WebAssembly HTTP parser: about 10 ms of every api cold start (bench/README.md), for
 * one GET that the SDK's own transport module can make. Redirects are not followed (jose asks for
 * `redirect: 'manual'` and refuses anything but 200); the timeout is jose's abort signal.
 */
export const fetchJwksOverNode: FetchImplementation = (url, options) =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(
      target,
      { method: options.method, headers: Object.fromEntries(options.headers), signal: options.signal },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_JWKS_BYTES) response.destroy(new Error('JWKS response too large'));
          else chunks.push(chunk);
        });
        response.on('error', reject);
        response.on('end', () =>
          resolve(new Response(Buffer.concat(chunks), { status: response.statusCode ?? 502 })),
        );
      },
    );
    request.on('error', reject);
    request.end();
  });
