import { readFileSync } from 'node:fs';
import { generateLinkKey, linkKeysSchema } from '../../functions/adapters/tokens/link-tokens.ts';

/*
 * Prints the value of the link-keys secret (RelaisData's `LinkKeysSecretArn` output) to stdout, for
 * `aws secretsmanager put-secret-value`. Keys are made here, on the operator's machine, and go
 * straight into Secrets Manager: never into a template, the code or an environment variable.
 *
 *   npx tsx infra/tools/link-keys.ts                 a first key
 *   <current value on stdin> | npx tsx infra/tools/link-keys.ts --rotate
 *                                                    a new signing key; the current keys stay valid for
 *                                                    verification, so links already sent keep working
 *
 * Drop a verification key once every link it signed has expired (the longest: an outcome link, a week
 * after its appointment).
 */

const rotate = process.argv.includes('--rotate');
const kid = `link-${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')}`;
const next = await generateLinkKey(kid);
const previous = rotate ? linkKeysSchema.parse(JSON.parse(readFileSync(0, 'utf8'))).verificationKeys : [];
const value = {
  signingKey: { kid: next.kid, privateJwk: next.privateJwk },
  verificationKeys: [
    { kid: next.kid, publicJwk: next.publicJwk },
    ...previous.filter((k) => k.kid !== next.kid),
  ],
};
process.stdout.write(`${JSON.stringify(value)}\n`);
