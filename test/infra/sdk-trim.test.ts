import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundleOptions } from '../../infra/bundling/esbuild-settings.ts';
import { inlineComputedKeys } from '../../infra/bundling/sdk-trim.ts';

/*
 * The SDK trimming plugins (infra/bundling/sdk-trim.ts), on the SES v2 client as notify uses it: one
 * SendEmail. Built from a small entry with the bundles' own options, so the test says what every
 * bundle gets.
 */

const SES_ENTRY = `
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
export const send = (input) => new SESv2Client({}).send(new SendEmailCommand(input));
`;

async function bundled(entry: string): Promise<string> {
  const result = await build({
    ...bundleOptions('unused.ts', 'out.mjs'),
    entryPoints: undefined,
    stdin: { contents: entry, resolveDir: process.cwd(), loader: 'js' },
    outfile: undefined,
    write: false,
    sourcemap: false,
  });
  return result.outputFiles[0]!.text;
}

describe('the SDK trimming plugins', () => {
  it('write a computed key naming a string constant as that string, and leave any other key alone', () => {
    const source = [
      'const _h = "http";',
      'const _e = "error";',
      'export var A$ = [9, n0, _A, { [_h]: ["GET", "/a", 200], [_e]: _c, [other]: 1 }, 0, 0];',
    ].join('\n');
    expect(inlineComputedKeys(source)).toContain(
      '{ ["http"]: ["GET", "/a", 200], ["error"]: _c, [other]: 1 }',
    );
  });

  it('keep the schemas of the operation a bundle sends and its errors, not the rest of the service', async () => {
    const code = await bundled(SES_ENTRY);
    expect(code).toContain('/v2/email/outbound-emails');
    expect(code).toContain('MessageRejected');
    // DeleteEmailTemplate, CreateContactList: operations no function sends.
    expect(code).not.toContain('/v2/email/templates/{TemplateName}');
    expect(code).not.toContain('/v2/email/contact-lists');
  }, 30_000);

  it('keep only the version of a client’s package.json, which its user agent names', async () => {
    const code = await bundled(SES_ENTRY);
    const require = createRequire(import.meta.url);
    const { version, description } = JSON.parse(
      readFileSync(require.resolve('@aws-sdk/client-sesv2/package.json'), 'utf8'),
    ) as { version: string; description: string };
    expect(code).toContain(version);
    expect(code).not.toContain(description);
  }, 30_000);

  it('answer that there are no shared config files, as on Lambda, without reading or parsing them', async () => {
    const code = await bundled(SES_ENTRY);
    // The credentials file's variable and the ini parser's section syntax, which the loader used.
    expect(code).not.toContain('AWS_SHARED_CREDENTIALS_FILE');
    expect(code).not.toContain('AWS_CONFIG_FILE');
    // The environment still configures the client.
    expect(code).toContain('AWS_REGION');
  }, 30_000);
});
