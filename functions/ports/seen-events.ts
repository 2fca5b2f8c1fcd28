/** Consumer idempotency by event id (implemented on DynamoDB by functions/adapters/dynamo/seen-events.ts). */
export interface SeenEvents {
  /**
   * Runs `fn` unless this consumer already handled (or is handling) this event; a throw from `fn` leaves
   * it unhandled. A success is marked by the claim alone, for as long as its lease runs.
   */
  once(consumer: string, eventId: string, fn: () => Promise<void>): Promise<'done' | 'duplicate'>;
  /**
   * Marks a consumer's success as lasting beyond the lease: called on the failure path only, for the
   * consumers that succeeded in a delivery that will be retried as a whole.
   */
  settle(consumer: string, eventId: string): Promise<void>;
}
