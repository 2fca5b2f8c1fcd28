import { Hono } from 'hono';
import * as z from 'zod/mini';
import { readJson } from '../../edge/validation.ts';
import type { DevHooks } from '../../lib/deps.ts';

const clockBody = z.strictObject({
  advance: z
    .string()
    .check(
      z.regex(/^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, 'must be an ISO 8601 duration like PT49H'),
    ),
});

/** Local mode only: the email outbox and the movable service clock. */
export function devRoutes(dev: DevHooks) {
  return new Hono()
    .get('/outbox', async (c) => c.json(await dev.outbox()))
    .post('/clock', async (c) => {
      const { advance } = await readJson(c, clockBody);
      return c.json(await dev.advanceClock(advance));
    });
}
