import { readdirSync, readFileSync } from 'node:fs';

/**
 * Process ids of DynamoDB Local instances listening on `port` (read from /proc, Linux only), or of
 * every instance without a port. Tests use it to show that nothing of theirs is left running.
 */
export function dynamoLocalPids(port?: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile
    }
    if (!args.some((a) => a.endsWith('DynamoDBLocal.jar'))) continue;
    const at = args.indexOf('-port');
    if (port === undefined || (at >= 0 && args[at + 1] === String(port))) pids.push(Number(entry));
  }
  return pids;
}

/** Whether a process (not a zombie) exists. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return false;
  }
}

/** Waits until `check` is true, polling; false when it is not by the deadline. */
export async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}
