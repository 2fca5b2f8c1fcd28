import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { meterCapacity } from '../../../functions/sweep/measure.ts';

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
