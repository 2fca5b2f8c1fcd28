/** Consumer idempotency by event id (implemented on DynamoDB by functions/adapters/dynamo/seen-events.ts). */
export interface SeenEvents {
  /** Runs `fn` unless this consumer already handled this event; a throw from `fn` leaves it unhandled. */
  once(consumer: string, eventId: string, fn: () => Promise<void>): Promise<'done' | 'duplicate'>;
}
