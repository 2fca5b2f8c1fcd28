import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { LINK_POST_PREFIX, referralAccessPartition } from '../functions/adapters/dynamo/keys.ts';
import { INDEXES } from '../functions/adapters/dynamo/table.ts';

/**
 * What each function may do on the table: the operations its code paths call, nothing more. A
 * transaction needs the action of each item it holds (IAM has no TransactWriteItems action): the
 * escalation store's transactions are two Puts, the stats store's Puts and Updates. Never Scan, never
 * a table-level or `*` action. Change a row here when a function's code starts using another operation;
 * test/infra pins every row.
 */
export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:Query'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem';

export interface TableAccess {
  readonly actions: readonly TableAction[];
  /**
   * The indexes it queries.
   * @default - every index when `actions` has Query, none otherwise
   */
  readonly indexes?: readonly string[];
  /**
   * Partition-key patterns (`dynamodb:LeadingKeys`, StringLike) its item actions are confined to.
   * @default - any item
   */
  readonly leadingKeys?: readonly string[];
  /**
   * Further item actions allowed only on the items whose partition key matches (`dynamodb:LeadingKeys`),
   * beside `actions`: e.g. the api's page sessions, the one family it updates.
   * @default - none
   */
  readonly confined?: readonly {
    readonly actions: readonly TableAction[];
    readonly leadingKeys: readonly string[];
  }[];
}

export type TableUser = 'api' | 'web' | 'links' | 'notify' | 'project' | 'bounces' | 'sweep' | 'publish';

export const TABLE_ACCESS: Readonly<Record<TableUser, TableAccess>> = {
  // Staff JSON API: referrals read, opened and moved (a version-conditional Put), the directory
  // read and edited (Put; a new entry or a new address claims its email in a transaction of Puts, the
  // former claim overwritten as released rather than deleted), the board read and acted on (transactional Puts), feeds, stats and
  // specialist load read (Query, BatchGet). Writes only whole items: no Update, no Delete.
  // Every request records what it read in the access log (access-log-store.ts; a change's entry rides on
  // its write, and the publisher records it, below; one whose write failed is recorded here): conditional
  // Puts, several at once in a transaction of Puts (PutItem, not BatchWriteItem, whose permission would
  // also delete): no Update, no Delete. IAM cannot tell a Put that adds from one that replaces; each
  // entry's key is unique and each Put conditional on the item not existing (the adapter's test).
  api: {
    actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
  },
  // Staff pages: what the JSON API does (the pages call the same use cases and stores), and their page
  // sessions (functions/adapters/dynamo/page-session-store.ts), which slide and end with an Update of
  // their expiry, confined to their own items: still no Delete, and no Update of anything else.
  web: {
    actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
    confined: [{ actions: ['dynamodb:UpdateItem'], leadingKeys: ['SESSION#*'] }],
  },
  // Link pages: read the referral, specialist and organisation, answer (a conditional Put) and offer the
  // next candidates (directory Query by specialty, load BatchGet); a specialist confirms their address
  // (a version-conditional Put of their entry). Each answer is counted against its
  // link's retry limit (functions/adapters/dynamo/link-post-limit.ts) by an Update confined to those
  // counters: no Update of anything else. What a link shows or answers is recorded in the access log by
  // a conditional Put (`ACCESS#*`), never changed after.
  links: {
    actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
    confined: [{ actions: ['dynamodb:UpdateItem'], leadingKeys: [`${LINK_POST_PREFIX}*`] }],
  },
  // Emails: read what they tell, write staff feed entries (Put) and their erasure pointer (Update); the
  // de-duplication claim is a conditional Put, released by a Delete when the consumer fails and settled
  // by an Update when another consumer of the delivery fails (functions/adapters/dynamo/seen-events.ts).
  // No Query.
  notify: {
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
  },
  // Projections: the board (transactional Puts), stats (Put of markers and salt, Update of counters),
  // specialist load (Update), feeds (Put), and the same de-duplication claims as notify. No Query.
  project: {
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
  },
  // SES bounces: pauses the specialists at the address (directory Query, specialist Put), then withdraws
  // their pending offers through the write path (the due index's Query, referral Get and conditional Put)
  // and offers the next candidates (directory Query by specialty, load BatchGet, organisation Get). It
  // writes only specialists and referrals: its Put is confined to those two families; no Update, no
  // Delete.
  bounces: {
    actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
    confined: [{ actions: ['dynamodb:PutItem'], leadingKeys: ['SPEC#*', 'REF#*'] }],
  },
  // Timer sweep: the due index (Query), the referral and escalation writes that fire deadlines (a
  // conditional Put, transactional Puts), and the offer to the next candidates (directory Query, load
  // BatchGet, organisation Get).
  sweep: {
    actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
  },
  // Stream publisher: records the access entries that referral writes carried (access-recording.ts), a
  // Put conditional on the entry not existing, confined to the referrals' access logs. It reads no item
  // (the stream gives it what was written): no Get, no Query, no Update, no Delete.
  publish: {
    actions: ['dynamodb:PutItem'],
    leadingKeys: [`${referralAccessPartition('')}*`],
  },
};

/**
 * The statements granting `access` on `table`: item actions on the table (confined to the leading
 * keys, when given), Query on the table and the indexes it uses. Named resources only.
 */
export function tableStatements(table: dynamodb.ITable, access: TableAccess): iam.PolicyStatement[] {
  const queries = access.actions.includes('dynamodb:Query');
  const indexes = access.indexes ?? (queries ? INDEXES.map((index) => index.name) : []);
  const itemActions = access.actions.filter((action) => action !== 'dynamodb:Query');
  const statements: iam.PolicyStatement[] = (access.confined ?? []).map(
    (c) =>
      new iam.PolicyStatement({
        actions: [...c.actions],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...c.leadingKeys] } },
      }),
  );
  if (access.leadingKeys) {
    statements.push(
      new iam.PolicyStatement({
        actions: [...itemActions],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...access.leadingKeys] } },
      }),
    );
    if (queries) {
      statements.push(
        new iam.PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: indexes.map((name) => `${table.tableArn}/index/${name}`),
        }),
      );
    }
    return statements;
  }
  statements.push(
    new iam.PolicyStatement({
      actions: [...access.actions],
      resources: [table.tableArn, ...indexes.map((name) => `${table.tableArn}/index/${name}`)],
    }),
  );
  return statements;
}
