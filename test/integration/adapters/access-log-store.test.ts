import { GetItemCommand, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../domain/errors.ts';
import type { AccessEntry } from '../../../domain/ports.ts';
import {
  ACCESS_LOG_KEEP_SECONDS,
  createAccessLogStore,
} from '../../../functions/adapters/dynamo/access-log-store.ts';
import { StoredItemError } from '../../../functions/adapters/dynamo/stored.ts';
import { newId } from '../../../functions/lib/ids.ts';
import { createTestTable, type TestTable } from '../../support/table.ts';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable('access-log');
});

const entry = (referralId: string, at: string, action = 'read'): AccessEntry => ({
  referralId,
  org: 'mdm-lu',
  at,
  actor: { role: 'coordinator', id: 'sub-1' },
  action,
  route: 'GET /v1/referrals/{id}',
});

describe('the access log store', () => {
  it('lists a referral’s entries newest first, a page at a time', async () => {
    const log = createAccessLogStore(table.dynamo, table.tableName, { newId });
    const times = Array.from({ length: 7 }, (_, i) => `2026-11-25T09:0${i}:00.000Z`);
    // Recorded out of order: the log is sorted by time, not by arrival.
    for (const at of [...times].reverse()) await log.record([entry('ref-pages', at)]);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await log.list('ref-pages', { limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((e) => e.at));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual([...times].reverse());
    expect(pages).toBe(3);
  });

  it('keeps two entries of the same instant as two', async () => {
    const log = createAccessLogStore(table.dynamo, table.tableName, { newId });
    const at = '2026-11-25T10:00:00.000Z';
    await log.record([entry('ref-twice', at, 'read')]);
    await log.record([entry('ref-twice', at, 'referral.closed')]);
    const page = await log.list('ref-twice', { limit: 10 });
    expect(page.items.map((e) => e.action).sort()).toEqual(['read', 'referral.closed']);
    expect(page.nextCursor).toBeUndefined();
  });

  it('never overwrites an entry', async () => {
    const log = createAccessLogStore(table.dynamo, table.tableName, { newId: () => 'SAME' });
    const at = '2026-11-25T11:00:00.000Z';
    await log.record([entry('ref-once', at, 'read')]);
    await expect(log.record([entry('ref-once', at, 'forged')])).rejects.toThrow();
    await expect(
      log.record([entry('ref-once', at, 'forged'), entry('ref-other', at, 'forged')]),
    ).rejects.toThrow();
    const page = await log.list('ref-once', { limit: 10 });
    expect(page.items.map((e) => e.action)).toEqual(['read']);
    expect((await log.list('ref-other', { limit: 10 })).items).toEqual([]);
  });

  it('records a list of many referrals in one write per hundred entries, each in its own log', async () => {
    const sent: string[] = [];
    const send = table.dynamo.send.bind(table.dynamo);
    const counting = Object.create(table.dynamo) as typeof table.dynamo;
    counting.send = ((command: { constructor: { name: string } }) => {
      sent.push(command.constructor.name);
      return send(command as never);
    }) as typeof table.dynamo.send;
    const log = createAccessLogStore(counting, table.tableName, { newId });
    const at = '2026-11-25T12:00:00.000Z';
    const ids = Array.from({ length: 130 }, (_, i) => `ref-many-${i}`);
    await log.record(ids.map((id) => entry(id, at, 'listed')));
    expect(sent).toEqual([TransactWriteItemsCommand.name, TransactWriteItemsCommand.name]);
    for (const id of [ids[0]!, ids[99]!, ids[100]!, ids[129]!]) {
      const page = await log.list(id, { limit: 5 });
      expect(page.items).toEqual([entry(id, at, 'listed')]);
    }
  });

  it('writes each entry with an expiry six years after it', async () => {
    const log = createAccessLogStore(table.dynamo, table.tableName, { newId: () => 'TTL' });
    const at = '2026-11-25T13:00:00.000Z';
    await log.record([entry('ref-ttl', at)]);
    const item = await table.dynamo.send(
      new GetItemCommand({
        TableName: table.tableName,
        Key: { pk: { S: 'ACCESS#REF#ref-ttl' }, sk: { S: `AT#${at}#TTL` } },
      }),
    );
    expect(Number(item.Item?.expiresAt?.N)).toBe(Date.parse(at) / 1000 + ACCESS_LOG_KEEP_SECONDS);
    expect(ACCESS_LOG_KEEP_SECONDS).toBeGreaterThan(4 * 365 * 24 * 3600);
  });

  it('refuses a cursor of another log', async () => {
    const log = createAccessLogStore(table.dynamo, table.tableName, { newId });
    for (const at of ['2026-11-25T14:00:00.000Z', '2026-11-25T14:01:00.000Z']) {
      await log.record([entry('ref-a', at)]);
    }
    const page = await log.list('ref-a', { limit: 1 });
    expect(page.nextCursor).toBeDefined();
    const err = await log.list('ref-b', { limit: 1, cursor: page.nextCursor! }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).field).toBe('cursor');
    await expect(log.list('ref-a', { limit: 1, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(DomainError);
  });

  it('refuses an entry that does not decode, naming the path at fault and never its content', async () => {
    const log = createAccessLogStore(table.dynamo, table.tableName, { newId });
    const at = '2026-11-25T16:00:00.000Z';
    await table.dynamo.send(
      new PutItemCommand({
        TableName: table.tableName,
        Item: {
          pk: { S: 'ACCESS#REF#ref-bad' },
          sk: { S: `AT#${at}#X` },
          data: { S: JSON.stringify({ ...entry('ref-bad', at), actor: { role: 'intruder', id: 'x' } }) },
        },
      }),
    );
    const err = await log.list('ref-bad', { limit: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoredItemError);
    expect((err as StoredItemError).fields).toEqual(['data.actor.role']);
  });

  it('keeps a specialist’s log apart from a referral’s of the same id', async () => {
    const log = createAccessLogStore(table.dynamo, table.tableName, { newId });
    const at = '2026-11-25T15:00:00.000Z';
    await log.directory.record([
      {
        specialistId: 'same-id',
        org: 'mdm-lu',
        at,
        actor: { role: 'admin', id: 'sub-admin' },
        action: 'specialist.changed',
        route: 'PATCH /v1/specialists/{id}',
      },
    ]);
    expect((await log.list('same-id', { limit: 5 })).items).toEqual([]);
    const page = await log.directory.list('same-id', { limit: 5 });
    expect(page.items.map((e) => [e.action, e.actor.id])).toEqual([['specialist.changed', 'sub-admin']]);
  });
});
