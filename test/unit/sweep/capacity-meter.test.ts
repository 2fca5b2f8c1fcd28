import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { itemBytes, meterCapacity, unitsOf } from '../../../functions/sweep/measure.ts';

describe('the capacity meter', () => {
  it('refuses a Scan on the path it meters, before anything is sent', async () => {
    const client = new DynamoDBClient({
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    meterCapacity(client);
    await expect(client.send(new ScanCommand({ TableName: 't' }))).rejects.toThrow(/must be Queries/);
  });
});

describe('unitsOf: what a call costs on DynamoDB', () => {
  const small = { pk: { S: 'STATS#org#2026' }, sk: { S: 'STATS' } };
  const twoKb = { pk: { S: 'REF#1' }, sk: { S: 'REF' }, data: { B: new Uint8Array(1500) } };

  it('counts a transaction as DynamoDB bills it: 2 units per KB of each item, not the 2 DynamoDB Local reports', () => {
    const input = {
      TransactItems: [
        { Put: { TableName: 't', Item: small } },
        { Update: { TableName: 't', Key: small } },
        { ConditionCheck: { TableName: 't', Key: small } },
        { Put: { TableName: 't', Item: twoKb } },
      ],
    };
    const reported = [{ TableName: 't', CapacityUnits: 2, Table: { CapacityUnits: 2 } }];
    expect(unitsOf('TransactWriteItemsCommand', input, reported)).toBe(2 + 2 + 2 + 4);
  });

  it("adds a transaction's index units to its items'", () => {
    const input = { TransactItems: [{ Put: { TableName: 't', Item: small } }] };
    const reported = [{ CapacityUnits: 3, GlobalSecondaryIndexes: { byBoard: { CapacityUnits: 1 } } }];
    expect(unitsOf('TransactWriteItemsCommand', input, reported)).toBe(3);
  });

  it('counts any other call as reported, indexes included', () => {
    const reported = {
      CapacityUnits: 6,
      Table: { CapacityUnits: 2 },
      GlobalSecondaryIndexes: { byOrg: { CapacityUnits: 4 } },
    };
    expect(unitsOf('PutItemCommand', { Item: twoKb }, reported)).toBe(6);
    expect(unitsOf('GetItemCommand', {}, { CapacityUnits: 1.5 })).toBe(1.5);
  });

  it('counts a read that finds nothing as DynamoDB bills it: one read, not the 0 DynamoDB Local reports', () => {
    const nothing = { CapacityUnits: 0 };
    expect(unitsOf('GetItemCommand', { Key: small }, nothing)).toBe(0.5);
    expect(unitsOf('GetItemCommand', { Key: small, ConsistentRead: true }, nothing)).toBe(1);
    expect(unitsOf('QueryCommand', {}, nothing)).toBe(0.5);
    expect(unitsOf('QueryCommand', { ConsistentRead: true }, undefined)).toBe(1);
    expect(unitsOf('QueryCommand', {}, { CapacityUnits: 3 })).toBe(3);
  });

  it('counts a BatchGetItem as a GetItem per key asked, found or not', () => {
    const keys = (n: number) => Array.from({ length: n }, () => small);
    // Five keys asked eventually consistent, two found: DynamoDB Local reports 1, DynamoDB bills 2.5.
    expect(
      unitsOf('BatchGetItemCommand', { RequestItems: { t: { Keys: keys(5) } } }, [{ CapacityUnits: 1 }]),
    ).toBe(2.5);
    expect(
      unitsOf(
        'BatchGetItemCommand',
        { RequestItems: { t: { Keys: keys(2), ConsistentRead: true }, u: { Keys: keys(1) } } },
        [],
      ),
    ).toBe(2.5);
    // Larger items found cost what was reported.
    expect(
      unitsOf('BatchGetItemCommand', { RequestItems: { t: { Keys: keys(2) } } }, [{ CapacityUnits: 4 }]),
    ).toBe(4);
  });

  it('sizes an item by its names and values', () => {
    expect(itemBytes({ ab: { S: 'héllo' } })).toBe(2 + 6);
    expect(itemBytes({ d: { B: new Uint8Array(10) } })).toBe(11);
    expect(itemBytes(twoKb)).toBeGreaterThan(1024);
  });
});
