import { lazilyRetried } from '../../events/lazy-schema.ts';

/*
 * Bundled in place of `@aws-sdk/credential-provider-node` (an esbuild alias set in infra/bundling/
 * settings.ts), for Lambda only. The default chain pulls in every way of finding credentials (SSO, ini
 * files, web identity, container and instance metadata, and the STS/SSO clients they need): about 100 KB
 * of a function's bundle and of its cold start. On Lambda the runtime puts the execution role's
 * temporary credentials in the environment, so the environment is the only provider a function needs.
 */

interface EnvCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/**
 * The credentials the Lambda runtime sets; a clear error where they are missing. Read once per client
 * (each client calls `defaultProvider()` once) and then held, as the SDK's own chain holds what it found
 * (it memoizes credentials that carry no expiry, which the environment's do not): the SDK asks for them
 * at every call, and reading the environment three times a call is CPU for nothing. A failed read is not
 * held: the next call reads again.
 */
export const defaultProvider = () =>
  lazilyRetried(async (): Promise<EnvCredentials> => {
    const accessKeyId = process.env['AWS_ACCESS_KEY_ID'];
    const secretAccessKey = process.env['AWS_SECRET_ACCESS_KEY'];
    if (!accessKeyId || !secretAccessKey) {
      throw new Error(
        'AWS credentials are not in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)',
      );
    }
    const sessionToken = process.env['AWS_SESSION_TOKEN'];
    return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  });

/** Environment credentials never refresh within one execution environment. */
export const credentialsWillNeedRefresh = (): boolean => false;
export const credentialsTreatedAsExpired = (): boolean => false;
