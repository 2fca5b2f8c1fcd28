import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { createKmsKeyWrapper } from '../functions/adapters/crypto/kms-wrapper.ts';
import { createLocalKeyWrapper } from '../functions/adapters/crypto/local-wrapper.ts';
import { createKeyRing } from '../functions/adapters/dynamo/key-ring.ts';
import { reEncryptOrganisation } from '../functions/adapters/dynamo/re-encrypt.ts';
import { ConfigError, loadConfig } from './config.ts';
import { preparePrivateDataDir } from './data-dir.ts';
import { localDynamoClient, startDynamoLocal } from './dynamodb.ts';
import { loadOrCreateKeys } from './keys.ts';

/**
 * `npm run rotate-keys -- --org <orgId> [--org <orgId>…] [--no-rotate]`
 *
 * Makes a new version of each organisation's data key (new writes use it at once in this process, and
 * in a running service within five minutes) and re-seals that organisation's referrals under it, each
 * by a write conditioned on the version it read. Locally it opens the data folder's table itself: stop
 * `npm start` first (DynamoDB Local holds its files).
 *
 * Deployed, the same command runs with an operator's AWS credentials against the stage's table and KMS
 * key (granted kms:GenerateDataKey and kms:Decrypt on it, with the `org` context):
 * `npm run rotate-keys -- --org <orgId> --table <TableName> --kms-key <KeyArn>`; a live service goes on
 * serving meanwhile (a concurrent transition wins, the item is read again). `--no-rotate` only
 * re-seals (values left under an old version, or stored before encryption); run it again five minutes
 * after a rotation to catch writes of processes that had not seen the new version yet.
 */

const USAGE = `usage: npm run rotate-keys -- --org <orgId> [--org <orgId>…] [--no-rotate] [--table <name> --kms-key <keyId>]`;
const ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

export async function main(argv: readonly string[]): Promise<number> {
  let values: { org?: string[]; 'no-rotate'?: boolean; table?: string; 'kms-key'?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        org: { type: 'string', multiple: true },
        'no-rotate': { type: 'boolean' },
        table: { type: 'string' },
        'kms-key': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    process.stderr.write(`relais: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const orgs = values.org ?? [];
  if (orgs.length === 0 || orgs.some((o) => !ID.test(o))) {
    process.stderr.write(`relais: one or more valid --org are required\n${USAGE}\n`);
    return 2;
  }
  if ((values.table === undefined) !== (values['kms-key'] === undefined)) {
    process.stderr.write(`relais: --table and --kms-key go together (deployed)\n${USAGE}\n`);
    return 2;
  }

  let stop = async (): Promise<void> => {};
  let client: DynamoDBClient;
  let tableName: string;
  let ring: ReturnType<typeof createKeyRing>;
  if (values.table && values['kms-key']) {
    client = new DynamoDBClient({});
    tableName = values.table;
    ring = createKeyRing({
      client,
      tableName,
      wrapper: createKmsKeyWrapper(() => new KMSClient({}), values['kms-key']),
    });
  } else {
    let config: ReturnType<typeof loadConfig>;
    try {
      config = loadConfig(process.env);
    } catch (err) {
      if (err instanceof ConfigError) {
        process.stderr.write(`relais: ${err.message}\n`);
        return 2;
      }
      throw err;
    }
    process.umask(0o077);
    const dataDir = preparePrivateDataDir(config.dataDir);
    const keys = await loadOrCreateKeys(dataDir);
    const db = await startDynamoLocal({ dataPath: join(dataDir, 'dynamodb') });
    client = localDynamoClient(db.endpoint);
    tableName = config.tableName;
    ring = createKeyRing({ client, tableName, wrapper: createLocalKeyWrapper(keys.wrapping) });
    stop = async () => {
      client.destroy();
      await db.stop();
    };
  }
  try {
    for (const org of orgs) {
      const key = values['no-rotate'] ? await ring.current(org) : await ring.rotate(org);
      const result = await reEncryptOrganisation({ client, tableName, keyRing: ring, org });
      process.stdout.write(
        `${org}: key version ${key.version}; ${result.reEncrypted} of ${result.scanned} referrals rewritten (re-sealed, or given their status class key)` +
          `${result.retried ? ` (${result.retried} read again after a concurrent change)` : ''}\n`,
      );
    }
    return 0;
  } finally {
    await stop();
  }
}

// Only when run as a script, so tests can import it.
if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`rotate-keys: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
