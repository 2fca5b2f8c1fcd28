import type { AwsService } from '../adapters/aws/signed-request.ts';

/**
 * A service as the Lambda runtime describes it, for the calls made without an SDK client
 * (functions/adapters/aws/signed-request.ts): the region and the execution role's credentials are in
 * the environment, read as the SDK's clients read them, and `AWS_ENDPOINT_URL_<SERVICE>` (or
 * `AWS_ENDPOINT_URL`) points elsewhere as it does for them (the bench, the Lambda tests).
 */
export function awsServiceFromEnvironment(
  env: NodeJS.ProcessEnv,
  service: { readonly signingName: string; readonly endpointVariable: string; readonly host: string },
): AwsService {
  const region = env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? '';
  return {
    region,
    signingName: service.signingName,
    endpoint:
      env[`AWS_ENDPOINT_URL_${service.endpointVariable}`] ??
      env['AWS_ENDPOINT_URL'] ??
      `https://${service.host}.${region}.amazonaws.com`,
    credentials: async () => {
      const accessKeyId = env['AWS_ACCESS_KEY_ID'];
      const secretAccessKey = env['AWS_SECRET_ACCESS_KEY'];
      if (!accessKeyId || !secretAccessKey) {
        throw new Error(
          'AWS credentials are not in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)',
        );
      }
      const sessionToken = env['AWS_SESSION_TOKEN'];
      return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
    },
  };
}
