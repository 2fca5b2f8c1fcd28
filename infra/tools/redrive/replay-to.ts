import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { EventBus } from '../../../domain/ports.ts';
import { outboxTextOf } from '../../../functions/adapters/dynamo/outbox.ts';
import { handleSesEvent } from '../../../functions/bounces/withdraw-undeliverable-offers.ts';
import type { Deps } from '../../../functions/lib/deps.ts';
import { runSweep } from '../../../functions/sweep/run-sweep.ts';
import type { Replay } from './replay.ts';

/**
 * The replay targets of a stage: its bus, and the bounces and sweep logic run here on its table with
 * the same code as the functions (the operator's credentials instead of the functions' roles).
 */
export function replayTo(input: {
  readonly bus: EventBus;
  readonly deps: Deps;
  readonly dynamo: DynamoDBClient;
  readonly tableName: string;
}): Replay {
  const { bus, deps, dynamo, tableName } = input;
  return {
    bus,
    changes: deps.accessLog,
    bounce: async (event) => {
      await handleSesEvent(event, deps);
    },
    sweep: async () => {
      const result = await runSweep(deps);
      // A sweep that could not fire everything is a failed replay: the messages stay for the next run.
      if (result.failed > 0) throw new Error(`${result.failed} items failed in the sweep`);
    },
    readOutbox: async (key) => {
      const out = await dynamo.send(
        new GetItemCommand({
          TableName: tableName,
          Key: { pk: { S: key.pk }, sk: { S: key.sk } },
          ConsistentRead: true,
        }),
      );
      if (!out.Item) return undefined;
      const version = Number(out.Item['version']?.N);
      // JSON text, or packed beside the item's record; one that cannot be read replays as unparsable.
      let outbox: string | undefined;
      try {
        outbox = outboxTextOf(out.Item);
      } catch {
        outbox = '';
      }
      return {
        ...(Number.isInteger(version) ? { version } : {}),
        ...(outbox !== undefined ? { outbox } : {}),
      };
    },
  };
}
