import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { STAFF_ROLES, type StaffRole } from '../domain/referral/model.ts';
import { signLocalStaffToken } from '../functions/adapters/tokens/staff-tokens.ts';
import { ConfigError, loadConfig } from './config.ts';
import { preparePrivateDataDir } from './data-dir.ts';
import { LOCAL_STAFF_AUDIENCE, LOCAL_STAFF_ISSUER, loadOrCreateKeys } from './keys.ts';

/**
 * `npm run --silent token -- --role coordinator --org <orgId> [--sub <id>] [--ttl <seconds>]`
 *
 * Prints a staff token of the local issuer of the service started from this folder (the key under
 * `${RELAIS_DATA_DIR:-.data}/keys/`, made now if the service never started), and nothing else on
 * stdout, so that `TOKEN=$(npm run --silent token -- ...)` works. Bad arguments: a message on stderr,
 * exit code 2.
 */

const USAGE = `usage: npm run --silent token -- --role <role> --org <orgId> [--sub <id>] [--ttl <seconds>]
  --role   one of ${STAFF_ROLES.join(', ')} (repeat it, or separate with commas, for several)
  --org    the staff member's organisation, e.g. mdm-lu
  --sub    the staff member's id (default: <role>-<org>)
  --ttl    lifetime in seconds (default: 12 hours)`;

const ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

/** Reads the arguments; returns the claims to sign, or a message saying what is wrong. */
export function parseTokenArgs(
  argv: readonly string[],
): { ok: true; roles: StaffRole[]; org: string; sub: string; ttl?: number } | { ok: false; message: string } {
  let values: { role?: string[]; org?: string; sub?: string; ttl?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        role: { type: 'string', multiple: true },
        org: { type: 'string' },
        sub: { type: 'string' },
        ttl: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
  if (values.help) return { ok: false, message: 'help' };
  const roles = (values.role ?? [])
    .flatMap((r) => r.split(','))
    .map((r) => r.trim())
    .filter(Boolean);
  if (roles.length === 0) return { ok: false, message: '--role is required' };
  const unknown = roles.filter((r) => !(STAFF_ROLES as readonly string[]).includes(r));
  if (unknown.length > 0) {
    return { ok: false, message: `unknown role ${unknown.join(', ')}: use ${STAFF_ROLES.join(', ')}` };
  }
  if (!values.org) return { ok: false, message: '--org is required' };
  if (!ID.test(values.org))
    return { ok: false, message: `--org "${values.org}" is not a valid organisation id` };
  const sub = values.sub ?? `${roles[0]}-${values.org}`;
  if (!ID.test(sub)) return { ok: false, message: `--sub "${sub}" is not a valid id` };
  let ttl: number | undefined;
  if (values.ttl !== undefined) {
    ttl = Number(values.ttl);
    if (!Number.isInteger(ttl) || ttl < 60 || ttl > 30 * 86_400) {
      return { ok: false, message: '--ttl must be a whole number of seconds between 60 and 2592000' };
    }
  }
  return {
    ok: true,
    roles: [...new Set(roles)] as StaffRole[],
    org: values.org,
    sub,
    ...(ttl ? { ttl } : {}),
  };
}

async function main(): Promise<number> {
  const args = parseTokenArgs(process.argv.slice(2));
  if (!args.ok) {
    if (args.message === 'help') {
      process.stderr.write(`${USAGE}\n`);
      return 0;
    }
    process.stderr.write(`token: ${args.message}\n${USAGE}\n`);
    return 2;
  }
  let dataDir: string;
  try {
    dataDir = loadConfig().dataDir;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`token: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const keys = await loadOrCreateKeys(preparePrivateDataDir(dataDir));
  const token = await signLocalStaffToken(
    { privateJwk: keys.staff.privateJwk, issuer: LOCAL_STAFF_ISSUER, audience: LOCAL_STAFF_AUDIENCE },
    { sub: args.sub, org: args.org, roles: args.roles },
    args.ttl,
  );
  process.stdout.write(`${token}\n`);
  return 0;
}

// Only when run as a script, so tests can import parseTokenArgs.
if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`token: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
