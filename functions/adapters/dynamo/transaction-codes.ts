import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/**
 * The cancellation code of each item of a cancelled transaction (`ConditionalCheckFailed`,
 * `TransactionConflict`, `None`…), in item order; empty for any other error. Matched by name too: an
 * error that crossed a module boundary (a bundled SDK, a mock) is not always the same class.
 */
export function cancellationCodes(err: unknown): string[] {
  if (
    !(err instanceof TransactionCanceledException) &&
    (err as Error)?.name !== 'TransactionCanceledException'
  ) {
    return [];
  }
  return ((err as TransactionCanceledException).CancellationReasons ?? []).map((r) => r.Code ?? 'None');
}
