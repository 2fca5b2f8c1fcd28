/*
 * Bundled in place of `@smithy/core/event-streams` (an esbuild alias set in settings.ts). The SDK loads
 * it, by a dynamic import that esbuild inlines, only for operations that stream events (Bedrock,
 * Transcribe, S3 Select...). None of the operations Relais calls (DynamoDB, Secrets Manager, SES v2,
 * EventBridge) does, so its codec would be dead weight in every bundle. Should one ever be called,
 * this says so instead of failing obscurely.
 */

const notBundled = (): never => {
  throw new Error(
    'SDK event streams are not bundled in Relais functions (infra/bundling/no-event-streams.ts)',
  );
};

export class EventStreamSerde {
  constructor() {
    notBundled();
  }
}

export const eventStreamSerdeProvider = notBundled;
