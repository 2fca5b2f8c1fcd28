import type { TestProject } from 'vitest/node';
import { type DynamoLocal, JavaMissingError, startDynamoLocal } from '../../local/dynamodb.ts';

/**
 * vitest globalSetup: ONE DynamoDB Local for the whole run, in memory on a free port. Each test file
 * makes its own table in it (test/support/table.ts), so files run in parallel without sharing state.
 * It is locked down as `npm start`'s is: 127.0.0.1 only, no telemetry, no browser origin but its own
 * (startDynamoLocal's defaults; test/integration/local/dynamodb.test.ts checks this very instance).
 * Without Java the run goes on (unit tests need none) and each integration test says what is missing.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    /** DynamoDB Local's endpoint, e.g. http://127.0.0.1:8123; empty when it could not start. */
    dynamoEndpoint: string;
    /** Why DynamoDB Local is not there, when it is not. */
    dynamoUnavailable: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // as in the workers (vitest.config.ts env): Node 20 is this project's runtime on purpose
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let db: DynamoLocal | undefined;
  try {
    db = await startDynamoLocal({});
    project.provide('dynamoEndpoint', db.endpoint);
    project.provide('dynamoUnavailable', '');
  } catch (err) {
    if (!(err instanceof JavaMissingError)) throw err;
    process.stderr.write(`\n${err.message}\n\n`);
    project.provide('dynamoEndpoint', '');
    project.provide('dynamoUnavailable', err.message);
  }
  return async () => {
    await db?.stop();
  };
}
