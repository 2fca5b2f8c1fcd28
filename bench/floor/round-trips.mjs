// Imported first by a cold start's child (bench/run.ts) to list the round trips its process makes: one
// line per HTTP request, naming the AWS operation (X-Amz-Target) or the method and path. A floor must
// make the same as its function (bench/floor/).
import { subscribe } from 'node:diagnostics_channel';

subscribe('http.client.request.start', ({ request }) => {
  const target = request.getHeader('x-amz-target');
  process.stderr.write(`ROUND TRIP ${target ?? `${request.method} ${request.path}`}\n`);
});
