import { DomainError } from '../../domain/errors.ts';
import { climbEscalation } from '../../domain/escalations/climb-escalation.ts';
import type { EscalationDeps } from '../../domain/escalations/context.ts';
import { eraseDue } from '../../domain/people/erasure.ts';
import { retentionOver } from '../../domain/people/retention.ts';
import type { Referral } from '../../domain/referral/model.ts';
import { type FiredDeadline, fireDueDeadlines } from '../../domain/timers/fire-due.ts';
import type { BoardEscalation } from '../../domain/timers/ports.ts';
import type { DueItem } from '../adapters/dynamo/due-index.ts';
import type { Deps } from '../lib/deps.ts';
import { metricFields, SWEEP_ITEMS_FAILED } from '../lib/metrics.ts';
import { escalationDepsOf, useCaseDeps } from '../lib/use-case-deps.ts';

/** An escalation that climbed a level (or was found resolved) on its own timer. */
export interface ClimbedEscalation {
  readonly kind: 'escalation_climb';
  readonly escalationId: string;
  readonly referralId: string;
  readonly org: string;
  readonly outcome: 'climbed' | 'resolved';
}

/** A referral erased: its retention was over, or an erasure had held it until its closing was told. */
export interface ErasedReferral {
  readonly kind: 'erasure';
  readonly referralId: string;
  readonly why: 'retention' | 'held';
}

export type SweptItem = FiredDeadline | ClimbedEscalation | ErasedReferral;

export interface SweepResult {
  /** The service's time the sweep fired at. */
  readonly now: string;
  /** What fired, in the order it was written. */
  readonly fired: readonly SweptItem[];
  /** Items another sweep (or a person) changed first: left to them, or to the next sweep. */
  readonly conflicts: number;
  /** Items that failed for another reason (logged by id); the next sweep tries them again. */
  readonly failed: number;
}

export interface SweepOptions {
  /** The instant to fire at. @default deps.clock.now() */
  readonly now?: Date;
  /** Items per Query page. @default 100 */
  readonly pageSize?: number;
  /** At most this many items per shard per run; the rest waits for the next run. @default 2000 */
  readonly maxPerShard?: number;
  /** Items fired at once per shard. @default 8 */
  readonly concurrency?: number;
}

/**
 * The timer sweep: queries each shard of the sparse due index for what is due at `now` (never a Scan:
 * its cost grows with what is due, not with the table), and fires each item with a write conditional on
 * the version it read. Any number of sweeps may run at once: for each item one write wins, the others
 * get a conflict and move on, so every deadline fires once. Run by EventBridge Scheduler every minute
 * (functions/sweep/index.ts) and locally every few seconds and on `POST /dev/clock` (local/start.ts).
 */
export async function runSweep(deps: Deps, options: SweepOptions = {}): Promise<SweepResult> {
  const now = (options.now ?? deps.clock.now()).toISOString();
  const pageSize = options.pageSize ?? 100;
  const maxPerShard = options.maxPerShard ?? 2000;
  const concurrency = options.concurrency ?? 8;
  // The sweep's own instant, for every decision it takes (the service clock may move meanwhile).
  const clock = { now: () => new Date(now) };
  const uc = { ...useCaseDeps(deps), clock };
  const escalationDeps: EscalationDeps = { ...escalationDepsOf(deps), clock };
  const log = deps.logger.child({ component: 'sweep' });
  const fired: SweptItem[] = [];
  let conflicts = 0;
  let failed = 0;

  const erasureDeps = { ...deps, clock };
  const erase = async (referralId: string, why: ErasedReferral['why']) => {
    await eraseDue(erasureDeps, referralId, now);
    fired.push({ kind: 'erasure', referralId, why });
  };
  const fireReferral = async (r: Referral) => {
    // A closed referral is in the due index for the end of its retention (compose.ts `dueOf`).
    if (retentionOver(r, deps.retention, now)) return erase(r.id, 'retention');
    fired.push(...(await fireDueDeadlines(uc, deps.timers, r)));
  };
  const climb = async (e: BoardEscalation) => {
    const outcome = await climbEscalation(escalationDeps, e, now);
    if (outcome === 'not_due') return;
    fired.push({
      kind: 'escalation_climb',
      escalationId: e.id,
      referralId: e.referralId,
      org: e.org,
      outcome,
    });
  };
  const fire = async (item: DueItem) => {
    try {
      if (item.type === 'unreadable') throw item.error;
      if (item.type === 'referral') await fireReferral(item.referral);
      else if (item.type === 'erasure') await erase(item.referralId, 'held');
      else await climb(item.escalation);
    } catch (err) {
      if (err instanceof DomainError && err.kind === 'conflict') {
        conflicts++;
        return;
      }
      failed++;
      const id =
        item.type === 'referral'
          ? item.referral.id
          : item.type === 'erasure'
            ? item.referralId
            : item.type === 'escalation'
              ? item.escalation.id
              : item.error.pk;
      // The error's name only: a message may quote data. The line is also a data point of the
      // SweepItemsFailed metric (EMF, functions/lib/metrics.ts), which an alarm watches.
      log.error('sweep item failed', {
        type: item.type,
        id,
        error: err instanceof Error ? err.name : 'unknown',
        ...metricFields(SWEEP_ITEMS_FAILED, 1),
      });
    }
  };

  const sweepShard = async (shard: number) => {
    let start: Awaited<ReturnType<Deps['dueIndex']['listDue']>>['next'];
    let seen = 0;
    do {
      const page = await deps.dueIndex.listDue(shard, now, { limit: pageSize, start });
      await inBatches(page.items, concurrency, fire);
      seen += page.items.length;
      start = page.next;
    } while (start && seen < maxPerShard);
  };

  await Promise.all(Array.from({ length: deps.dueIndex.shards }, (_, shard) => sweepShard(shard)));
  if (fired.length > 0 || failed > 0) log.info('sweep done', { now, fired: fired.length, conflicts, failed });
  return { now, fired, conflicts, failed };
}

/** Runs `fn` over `items`, at most `size` at a time. */
async function inBatches<T>(
  items: readonly T[],
  size: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}
