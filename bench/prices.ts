/**
 * AWS list prices used for the cost figures, per region: on-demand, in US dollars, per unit. The cost
 * figures are priced for the region deployed (`RELAIS_REGION`, as for `cdk deploy`; US East when unset).
 *
 * Where they come from: the public AWS pricing pages of each service (DynamoDB on-demand after the
 * November 2024 reduction; Lambda arm64; API Gateway HTTP APIs, first 300 million requests; EventBridge
 * custom events; SES outbound email; KMS; Secrets Manager; CloudWatch standard alarms), read in 2025.
 * Prices change: check one with the Price List API before relying on it, e.g.
 *   aws pricing get-products --region us-east-1 --service-code AmazonDynamoDB \
 *     --filters Type=TERM_MATCH,Field=regionCode,Value=eu-central-1 Type=TERM_MATCH,Field=group,Value=DDB-WriteUnits
 * A region missing here: add a row, from the same pages.
 */
export interface Prices {
  /** DynamoDB on-demand, per write request unit (1 KB; a transactional write is 2 per KB). */
  readonly dynamoWriteRequestUnit: number;
  /** DynamoDB on-demand, per read request unit (4 KB strongly consistent; half that eventually). */
  readonly dynamoReadRequestUnit: number;
  /** Lambda, per request. */
  readonly lambdaRequest: number;
  /** Lambda on arm64, per GB-second. */
  readonly lambdaArmGbSecond: number;
  /** API Gateway HTTP API, per request (first 300 million a month). */
  readonly httpApiRequest: number;
  /** EventBridge, per custom event published (rule deliveries to Lambda are free). */
  readonly eventBridgeEvent: number;
  /** SES, per email sent. */
  readonly sesEmail: number;
  /** KMS, per customer-managed key a month. */
  readonly kmsKeyMonth: number;
  /** Secrets Manager, per secret a month. */
  readonly secretMonth: number;
  /** CloudWatch, per standard-resolution alarm metric a month. */
  readonly alarmMonth: number;
}

/** Lambda, EventBridge, SES, KMS, Secrets Manager and CloudWatch alarms cost the same in these regions. */
const SAME_EVERYWHERE = {
  lambdaRequest: 0.2 / 1e6,
  lambdaArmGbSecond: 0.0000133334,
  eventBridgeEvent: 1.0 / 1e6,
  sesEmail: 0.1 / 1000,
  kmsKeyMonth: 1.0,
  secretMonth: 0.4,
  alarmMonth: 0.1,
} as const;

export const PRICES_BY_REGION = {
  /** US East (N. Virginia). */
  'us-east-1': {
    ...SAME_EVERYWHERE,
    dynamoWriteRequestUnit: 0.625 / 1e6,
    dynamoReadRequestUnit: 0.125 / 1e6,
    httpApiRequest: 1.0 / 1e6,
  },
  /** Europe (Ireland). */
  'eu-west-1': {
    ...SAME_EVERYWHERE,
    dynamoWriteRequestUnit: 0.7068 / 1e6,
    dynamoReadRequestUnit: 0.1413 / 1e6,
    httpApiRequest: 1.11 / 1e6,
  },
  /** Europe (Frankfurt). */
  'eu-central-1': {
    ...SAME_EVERYWHERE,
    dynamoWriteRequestUnit: 0.7625 / 1e6,
    dynamoReadRequestUnit: 0.1525 / 1e6,
    httpApiRequest: 1.2 / 1e6,
  },
} as const satisfies Record<string, Prices>;

export type PriceRegion = keyof typeof PRICES_BY_REGION;
export const PRICE_REGIONS = Object.keys(PRICES_BY_REGION) as PriceRegion[];
/** The region priced when none is given. */
export const DEFAULT_PRICE_REGION: PriceRegion = 'us-east-1';

/**
 * The alarm metrics of a stage (infra/constructs/alarms.ts): one per alarm, two for the table's throttles.
 * test/infra/stacks.test.ts counts them in the synthesised stack.
 */
export const ALARM_METRICS = 25;

/** What Relais costs a month whatever its traffic, at a region's prices. */
export function fixedMonthly(prices: Prices): readonly { readonly item: string; readonly usd: number }[] {
  return [
    { item: 'KMS customer-managed key (table)', usd: prices.kmsKeyMonth },
    {
      item: 'Secrets Manager: link keys and staff-issuer settings (2 secrets)',
      usd: 2 * prices.secretMonth,
    },
    { item: `CloudWatch alarms (${ALARM_METRICS} metrics)`, usd: ALARM_METRICS * prices.alarmMonth },
    { item: 'EventBridge Scheduler: 43,200 sweeps a month (first 14 million free)', usd: 0 },
    {
      item: 'Sweep Lambda: 43,200 invocations × ~20 ms × 0.5 GB',
      usd: 43_200 * (prices.lambdaRequest + 0.02 * 0.5 * prices.lambdaArmGbSecond),
    },
    { item: 'Cognito Essentials (first 10,000 monthly active users free)', usd: 0 },
  ];
}

/** A region's prices; throws naming the regions priced here for one that is not. */
export function pricesFor(region: string): { readonly region: PriceRegion; readonly prices: Prices } {
  if (!(region in PRICES_BY_REGION)) {
    throw new Error(
      `No list prices for ${region} in bench/prices.ts (priced: ${PRICE_REGIONS.join(', ')}): add its row`,
    );
  }
  return { region: region as PriceRegion, prices: PRICES_BY_REGION[region as PriceRegion] };
}

/** US East's prices (the default). */
export const PRICES: Prices = PRICES_BY_REGION[DEFAULT_PRICE_REGION];
export const FIXED_MONTHLY = fixedMonthly(PRICES);
