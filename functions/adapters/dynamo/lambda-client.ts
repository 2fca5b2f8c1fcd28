import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { lazilyRetried } from '../../../events/lazy-schema.ts';

/*
 * The DynamoDB client of a Lambda function, made once per container. What the SDK does at every call
 * that the call does not need is done once instead:
 * - the middleware stack is resolved once per command type (`cacheMiddleware`), not at every call:
 *   nothing adds middleware to this client or to a command after it is made;
 * - the user agent (`User-Agent`, `X-Amz-User-Agent`) is built by the SDK's own middleware at the first
 *   call, then set as it was built: the SDK escapes and joins the same ten or so parts again at every
 *   call (about a tenth of the SDK's CPU per call), and nothing in them changes within a container
 *   (the SDK's version, Node's, the OS, the client's features);
 * - the request signer (SigV4) is made once: the SDK's default makes a new one at every call, from a
 *   copy of the whole client configuration, and a new signer has none of the signing keys it derives
 *   (four HMACs) and keeps for the day. Each signer the SDK makes is the same (the signing region and
 *   service are set on the client at the first call, and each signature is given its date and the
 *   credentials are asked for at each signing, as before), so one made once signs as each new one did.
 */

/** The name the SDK gives its user-agent middleware (`getUserAgentMiddlewareOptions`). */
const SDK_USER_AGENT = 'getUserAgentMiddleware';
const USER_AGENT_HEADERS = ['user-agent', 'x-amz-user-agent'] as const;

type Headers = Record<string, string>;
const headersOf = (request: unknown): Headers | undefined => {
  const headers = (request as { headers?: unknown } | undefined)?.headers;
  return typeof headers === 'object' && headers !== null ? (headers as Headers) : undefined;
};

/** A DynamoDB client for a Lambda function (see above). */
export function lambdaDynamoClient(): DynamoDBClient {
  const client = new DynamoDBClient({ cacheMiddleware: true });
  userAgentBuiltOnce(client);
  signerMadeOnce(client);
  return client;
}

/**
 * Makes the SDK's signer of `client` once, at the first call, and hands the same to every later call (a
 * signer that could not be made is not kept: the next call makes one again). Exported for its test.
 */
export function signerMadeOnce(client: DynamoDBClient): void {
  const config = client.config as { signer: (authScheme?: unknown) => Promise<unknown> };
  config.signer = lazilyRetried(config.signer);
}

/**
 * Replaces the SDK's user-agent middleware of `client` by one that runs it at the first call and sets
 * the headers it built at every later call. Exported for its test.
 */
export function userAgentBuiltOnce(client: DynamoDBClient): void {
  const stack = client.middlewareStack;
  type Middleware = Parameters<typeof stack.add>[0];
  // The SDK's middleware itself, as the stack hands its entries to another stack.
  let sdk: Middleware | undefined;
  stack.applyToStack({
    add: (middleware: Middleware, options?: { name?: string }) => {
      if (options?.name === SDK_USER_AGENT) sdk = middleware;
    },
    addRelativeTo: () => undefined,
  } as unknown as typeof stack);
  const sdkUserAgent = sdk;
  if (!sdkUserAgent || !stack.remove(SDK_USER_AGENT)) {
    throw new Error(`the SDK has no ${SDK_USER_AGENT} any more`);
  }
  let built: Headers | undefined;
  stack.add(
    (next, context) => async (args) => {
      const headers = headersOf(args.request);
      if (built && headers) {
        Object.assign(headers, built);
        return next(args);
      }
      const buildOnce: typeof next = async (withAgent) => {
        const set = headersOf(withAgent.request) ?? {};
        built = Object.fromEntries(USER_AGENT_HEADERS.flatMap((h) => (set[h] ? [[h, set[h]]] : [])));
        return next(withAgent);
      };
      return sdkUserAgent(buildOnce as Parameters<Middleware>[0], context)(args as never) as ReturnType<
        typeof next
      >;
    },
    { step: 'build', priority: 'low', name: 'relaisUserAgentBuiltOnce' },
  );
}
