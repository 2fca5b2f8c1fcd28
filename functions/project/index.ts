import { lambdaDynamoClient } from '../adapters/dynamo/lambda-client.ts';
import { consumerHandler } from '../consumers/lambda-handler.ts';
import { PROJECT_CONSUMERS } from '../consumers/project-group.ts';
import { lambdaDeps } from '../lib/lambda-deps.ts';

/*
 * The project function: EventBridge rule (the detail-types its consumers handle) → the projections
 * (coordinator board, yearly stats, specialist load, staff feeds). It only writes the table: no mail,
 * no keys.
 */

// Clients and adapters are made once per container, outside the handler.
const dynamo = lambdaDynamoClient();
const deps = lambdaDeps({ dynamo });

export const handler = consumerHandler({
  group: 'project',
  consumers: PROJECT_CONSUMERS,
  deps,
  dynamo,
  tableName: process.env['TABLE_NAME']!,
});
