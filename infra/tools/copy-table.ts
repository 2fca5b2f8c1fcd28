import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { copyItems } from './copy-table/copy-items.ts';

/*
 * Copies a table restored from point-in-time recovery into a new stage's table (docs/DEPLOY.md,
 * "Restoring the table"), with the operator's AWS credentials:
 *
 *   npx tsx infra/tools/copy-table.ts <restored table> <new stage's TableName output>
 */
const [from, to] = process.argv.slice(2);
if (!from || !to) {
  process.stderr.write('usage: npx tsx infra/tools/copy-table.ts <restored table> <target table>\n');
  process.exit(2);
}
const { copied, skipped } = await copyItems(new DynamoDBClient({}), from, to);
process.stdout.write(
  `${copied} items copied from ${from} to ${to} (${skipped} sessions and checkpoints left out)\n`,
);
