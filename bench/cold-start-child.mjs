// One cold start: a fresh Node process imports a bundle and serves its first request, then exits.
// The parent measures from spawn to the first answer; this reports the phases inside the process too.
// Usage: node cold-start-child.mjs <bundle.mjs> <event.json>
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
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
// Then Lambda's runtime asks its Runtime API for the event (GET …/runtime/invocation/next): a round trip
// on the host during which the event loop turns, so that what init set going (a secret's request) leaves
// before the handler runs. The child makes the same round trip, to the bench's fake AWS.
const runtimeApi = process.env.RELAIS_BENCH_RUNTIME_API;
if (runtimeApi) {
  await new Promise((ok, fail) => {
    get(`${runtimeApi}/2018-06-01/runtime/invocation/next`, (res) => {
      res.resume();
      res.on('end', ok);
    }).on('error', fail);
  });
}
const tNext = performance.now();
const result = await handler(event, context);
const t2 = performance.now();
const status = result && typeof result === 'object' && 'statusCode' in result ? result.statusCode : 'ok';
process.stdout.write(
  `${JSON.stringify({ status, bootMs: t0, initMs: t1 - t0, nextEventMs: tNext - t1, firstRequestMs: t2 - tNext })}\n`,
);
process.exit(0);
