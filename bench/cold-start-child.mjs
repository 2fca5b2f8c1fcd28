// One cold start: a fresh Node process imports a bundle and serves its first request, then exits.
// The parent measures from spawn to exit; this reports the two phases inside the process too.
// Usage: node cold-start-child.mjs <bundle.mjs> <event.json>
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, eventFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const context = {
  functionName: 'bench',
  awsRequestId: 'bench-1',
  getRemainingTimeInMillis: () => 10_000,
  callbackWaitsForEmptyEventLoop: true,
};
const t0 = performance.now();
// The import runs the module's top level: clients, configuration, secrets, the app (Lambda's init).
const { handler } = await import(pathToFileURL(bundle).href);
const t1 = performance.now();
const result = await handler(event, context);
const t2 = performance.now();
const status = result && typeof result === 'object' && 'statusCode' in result ? result.statusCode : 'ok';
process.stdout.write(`${JSON.stringify({ status, bootMs: t0, initMs: t1 - t0, firstRequestMs: t2 - t1 })}\n`);
process.exit(0);
