import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Every file runs under the log guard: no log line may carry a token or a person's data.
    setupFiles: ['test/support/log-guard.ts'],
    // One DynamoDB Local for the whole run; each test file makes its own table in it.
    globalSetup: ['test/support/dynamo-global-setup.ts'],
    // Child processes rather than threads: integration tests spawn servers and handle signals.
    pool: 'forks',
    // Node 20 is this project's runtime on purpose: the AWS SDK's notice about its plans is noise here.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    testTimeout: 30_000,
    hookTimeout: 90_000,
    teardownTimeout: 30_000,
  },
});
