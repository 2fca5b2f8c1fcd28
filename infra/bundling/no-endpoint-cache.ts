/*
 * Bundled in place of `@aws-sdk/endpoint-cache` (an esbuild alias set in esbuild-settings.ts). The
 * DynamoDB client makes an endpoint cache at construction (an LRU cache from `mnemonist`, 7 KB with
 * `obliterator`) for endpoint discovery, which only commands carrying the endpoint discovery plugin
 * read: none of DynamoDB's does (endpoint discovery is for services such as Timestream), and no other
 * client Relais bundles makes one. So the cache is made and never used; this one holds nothing, and says
 * so should anything ever use it, instead of failing obscurely.
 */

const notBundled = (): never => {
  throw new Error(
    'SDK endpoint discovery is not bundled in Relais functions (infra/bundling/no-endpoint-cache.ts)',
  );
};

export class EndpointCache {
  getEndpoint = notBundled;
  get = notBundled;
  set = notBundled;
  delete = notBundled;
  has = notBundled;
  clear = notBundled;
}
