/** A TCP port free on 127.0.0.1 right now (for servers a test starts). */
export { freePort } from '../../local/dynamodb.ts';
