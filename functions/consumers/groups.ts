import type { Deps } from '../lib/deps.ts';
import type { Consumer } from './dispatch.ts';
import { NOTIFY_CONSUMERS } from './notify-group.ts';
import { PROJECT_CONSUMERS } from './project-group.ts';

/**
 * Which Lambda function runs each consumer on AWS. `notify` holds the consumers that send email (it
 * alone has SES and the link-signing keys, and its retries absorb SES throttling); `project` holds the
 * projections (board, stats, specialist load, feeds), which only write the table. The one-machine
 * runtime runs all of CONSUMERS in one process and ignores this.
 *
 * Each group is its own module (notify-group.ts, project-group.ts) so each
 * function bundles only its own consumers: the projections do not carry the email templates. Every
 * consumer of CONSUMERS must be in exactly one group (test/lambda checks it): a consumer in no group
 * would never run on AWS. Used by the infra (rule patterns) and the tests.
 */
export const CONSUMER_GROUPS = {
  notify: NOTIFY_CONSUMERS,
  project: PROJECT_CONSUMERS,
} as const satisfies Record<string, readonly Consumer<Deps>[]>;

export type ConsumerGroup = keyof typeof CONSUMER_GROUPS;

/** The detail-types a group's consumers handle, sorted: its EventBridge rule matches exactly these. */
export function detailTypesOf(group: ConsumerGroup): string[] {
  return [...new Set(CONSUMER_GROUPS[group].flatMap((c) => c.handles))].sort();
}
