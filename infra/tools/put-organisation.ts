import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { ORGANISATION_ID } from '../../domain/organisation-id.ts';
import { createOrganisationStore } from '../../functions/adapters/dynamo/organisation-store.ts';

/*
 * Puts an organisation of the network into the deployed table (the API has no route for it yet), with
 * the operator's own AWS credentials. The table name is RelaisData's `TableName` output.
 *
 *   npx tsx infra/tools/put-organisation.ts <table name> '{"id":"mdm-lu","name":"Médecins du Monde
 *     Luxembourg","city":"Luxembourg","country":"LU","contact":{"email":"accueil@mdm.example.lu"},
 *     "locale":"fr"}'
 */

const organisation = z.strictObject({
  id: z.string().regex(ORGANISATION_ID, 'lower-case letters, digits and dashes'),
  name: z.string().min(1).max(200),
  city: z.string().min(1).max(100),
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 country code such as LU'),
  contact: z.strictObject({ email: z.email(), phone: z.string().max(40).optional() }),
  locale: z.enum(['fr', 'en', 'de', 'nl', 'it']),
});

const [tableName, json] = process.argv.slice(2);
if (!tableName || !json) {
  process.stderr.write('usage: npx tsx infra/tools/put-organisation.ts <table name> <organisation JSON>\n');
  process.exit(2);
}
const parsed = organisation.safeParse(JSON.parse(json));
if (!parsed.success) {
  process.stderr.write(`${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')}\n`);
  process.exit(2);
}
await createOrganisationStore(new DynamoDBClient({}), tableName).put(parsed.data);
process.stdout.write(`organisation ${parsed.data.id} put in ${tableName}\n`);
