import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyItems } from '../../../infra/tools/copy-table/copy-items.ts';
import { createTestTable, type TestTable } from '../../support/table.ts';

/* Restoring into a new stage: the restored table's items are copied into the stage's table. */

let from: TestTable;
let to: TestTable;
beforeAll(async () => {
  from = await createTestTable('copy-from');
  to = await createTestTable('copy-to');
});

describe('copying a restored table into a new stage', () => {
  it('copies every item without its outbox, and leaves page sessions out', async () => {
    const put = (pk: string, extra: Record<string, { S: string }> = {}) =>
      from.dynamo.send(
        new PutItemCommand({ TableName: from.tableName, Item: { pk: { S: pk }, sk: { S: 'X' }, ...extra } }),
      );
    for (let i = 0; i < 30; i++) await put(`REF#r-${i}`, { data: { S: `{"n":${i}}` }, outbox: { S: '[]' } });
    await put('SESSION#abc');

    expect(await copyItems(from.dynamo, from.tableName, to.tableName)).toEqual({ copied: 30, skipped: 1 });

    const get = async (pk: string) =>
      (
        await to.dynamo.send(
          new GetItemCommand({ TableName: to.tableName, Key: { pk: { S: pk }, sk: { S: 'X' } } }),
        )
      ).Item;
    expect(await get('REF#r-29')).toEqual({ pk: { S: 'REF#r-29' }, sk: { S: 'X' }, data: { S: '{"n":29}' } });
    expect(await get('SESSION#abc')).toBeUndefined();
  });
});
