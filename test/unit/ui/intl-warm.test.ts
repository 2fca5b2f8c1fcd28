import { channel } from 'node:diagnostics_channel';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { warmIntlWhileWaiting } from '../../../functions/ui/intl-warm.ts';

const started = channel('http.client.request.start');

describe('warmIntlWhileWaiting', () => {
  it('waits for the first outgoing request, then starts ICU once and stops listening', async () => {
    const before = started.hasSubscribers;
    warmIntlWhileWaiting();
    warmIntlWhileWaiting();
    expect(started.hasSubscribers).toBe(true);
    const server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { request } = await import('node:http');
      await new Promise<void>((resolve, reject) => {
        request({ host: '127.0.0.1', port }, (res) => res.resume().on('end', resolve))
          .on('error', reject)
          .end();
      });
    } finally {
      server.close();
    }
    expect(started.hasSubscribers).toBe(before);
    // Formatting is unchanged by it.
    expect(
      new Intl.DateTimeFormat('fr', { timeZone: 'UTC', dateStyle: 'short' }).format(Date.UTC(2026, 10, 27)),
    ).toBe('27/11/2026');
  });
});
