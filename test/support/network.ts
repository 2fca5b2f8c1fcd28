import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';

/**
 * This machine's own network addresses and sockets, for tests that show a server is reachable from
 * loopback only. Nothing here sends traffic to another host.
 */

/** This machine's addresses that are not loopback (IPv6 link-local ones left out: they need a zone). */
export function ownNonLoopbackAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((i) => !i.internal && !(i.family === 'IPv6' && /^fe80:/i.test(i.address)))
    .map((i) => i.address);
}

/** Opens a TCP connection and closes it at once: `connected`, or the error code (e.g. ECONNREFUSED). */
export function tcpConnect(host: string, port: number, timeoutMs = 3000): Promise<string> {
  return new Promise((ok) => {
    const socket = connect({ host, port });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      ok('timeout');
    });
    socket.once('connect', () => {
      socket.destroy();
      ok('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => ok(err.code ?? err.message));
  });
}

/**
 * The local addresses of the TCP sockets listening on `port`, from the kernel's tables (Linux:
 * /proc/net/tcp and tcp6). IPv4-mapped IPv6 addresses are given as IPv4, `::` and `0.0.0.0` as such.
 */
export function listeningAddresses(port: number): string[] {
  const found: string[] = [];
  for (const [file, v6] of [
    ['/proc/net/tcp', false],
    ['/proc/net/tcp6', true],
  ] as const) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      // state 0A: LISTEN
      if (!local || state !== '0A') continue;
      const [hex, portHex] = local.split(':');
      if (Number.parseInt(portHex!, 16) !== port) continue;
      found.push(v6 ? ipv6FromProc(hex!) : ipv4FromProc(hex!));
    }
  }
  return found;
}

/** /proc writes an IPv4 address as one little-endian 32-bit word. */
const ipv4FromProc = (hex: string) =>
  [6, 4, 2, 0].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join('.');

/** /proc writes an IPv6 address as four little-endian 32-bit words. */
function ipv6FromProc(hex: string): string {
  const bytes = Buffer.alloc(16);
  for (let word = 0; word < 4; word++) {
    bytes.writeUInt32BE(Buffer.from(hex.slice(word * 8, word * 8 + 8), 'hex').readUInt32LE(0), word * 4);
  }
  // ::ffff:a.b.c.d, an IPv4 address on a dual-stack socket
  if (bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return [...bytes.subarray(12)].join('.');
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  const text = groups.join(':');
  return text === '0:0:0:0:0:0:0:0' ? '::' : text;
}
