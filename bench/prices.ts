/**
 * AWS list prices used for the cost figures (US East (N. Virginia), on-demand, in US dollars, as
 * published in 2025; other regions differ by a few percent). Each is per unit.
 */
export const PRICES = {
  /** DynamoDB on-demand, per write request unit (1 KB; a transactional write is 2 per KB). */
  dynamoWriteRequestUnit: 0.625 / 1e6,
  /** DynamoDB on-demand, per read request unit (4 KB strongly consistent; half that eventually). */
  dynamoReadRequestUnit: 0.125 / 1e6,
  /** Lambda, per request. */
  lambdaRequest: 0.2 / 1e6,
  /** Lambda on arm64, per GB-second. */
  lambdaArmGbSecond: 0.0000133334,
  /** API Gateway HTTP API, per request (first 300 million a month). */
  httpApiRequest: 1.0 / 1e6,
  /** EventBridge, per custom event published (rule deliveries to Lambda are free). */
  eventBridgeEvent: 1.0 / 1e6,
  /** SES, per email sent. */
  sesEmail: 0.1 / 1000,
} as const;

/** What Relais costs a month whatever its traffic (the same list prices). */
export const FIXED_MONTHLY = [
  { item: 'KMS customer-managed key (table)', usd: 1.0 },
  { item: 'Secrets Manager: link keys and staff-issuer settings (2 secrets)', usd: 0.8 },
  { item: 'CloudWatch alarms (13 standard-resolution)', usd: 1.3 },
  { item: 'EventBridge Scheduler: 43,200 sweeps a month (first 14 million free)', usd: 0 },
  {
    item: 'Sweep Lambda: 43,200 invocations × ~20 ms × 0.5 GB',
    usd: 43_200 * (0.2 / 1e6 + 0.02 * 0.5 * 0.0000133334),
  },
  { item: 'Cognito Essentials (first 10,000 monthly active users free)', usd: 0 },
] as const;
