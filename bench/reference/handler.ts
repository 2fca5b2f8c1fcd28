import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
// The naive reference keeps the import the issue calls out: `{ z }` names the whole zod namespace
// object, which defeats tree-shaking. Relais's own code writes `import * as z from 'zod'`.
import { z } from 'zod';

/*
 * The benchmark's reference: a one-route Lambda handler written and bundled the obvious way (hono,
 * zod, the DynamoDB client; esbuild with its defaults for Node, no aliases). Relais's functions are
 * compared with it: each should start faster than this does.
 */

const client = new DynamoDBClient({});
const params = z.object({ id: z.string().min(1).max(64) });

const app = new Hono();
app.get('/referrals/:id', async (c) => {
  const { id } = params.parse(c.req.param());
  const out = await client.send(
    new GetItemCommand({
      TableName: process.env['TABLE_NAME'],
      Key: { pk: { S: `REF#${id}` }, sk: { S: 'REF' } },
    }),
  );
  return out.Item ? c.json({ id, found: true }) : c.json({ id, found: false }, 404);
});

export const handler = handle(app);
