import { join } from 'node:path';

/**
 * What `npm start` prints once it is up. Staff tokens are bearer credentials: they are printed only
 * when stdout is a terminal, where a person reads them. Piped or redirected (a log file, a CI job's
 * output) the banner says how to get one instead, with `npm run --silent token`, which prints a token
 * on stdout for `$(...)` capture.
 */

export interface BannerInput {
  /** e.g. http://127.0.0.1:3000 */
  readonly url: string;
  readonly dataDir: string;
  readonly dynamoPort: number;
  /** The demo network was loaded on this start. */
  readonly firstStart: boolean;
  /** The organisation the tokens are for. */
  readonly org: string;
  readonly tokenTtlHours: number;
  /** One token per role when stdout is a terminal; none otherwise. */
  readonly tokens?: readonly (readonly [role: string, token: string])[];
}

/** The command that prints a token of `role` for `org`. */
const tokenCommand = (role: string, org: string) => `npm run --silent token -- --role ${role} --org ${org}`;

export function renderBanner(b: BannerInput): string {
  const lines = [
    '',
    // The front door (functions/http/pages/front-door.tsx): what Relais is and the way to sign in.
    `Relais is running on ${b.url}/ (open it in a browser to sign in)`,
    `  data: ${b.dataDir}${b.firstStart ? ' (demo network loaded)' : ''}`,
    `  DynamoDB Local on 127.0.0.1:${b.dynamoPort}, emails in ${join(b.dataDir, 'outbox')}`,
    '',
  ];
  const coordinator = b.tokens?.find(([role]) => role === 'coordinator')?.[1];
  if (b.tokens && coordinator) {
    lines.push(
      `Staff tokens for ${b.org} (valid ${b.tokenTtlHours} h; more with ${tokenCommand('<role>', '<org>')}):`,
      ...b.tokens.map(([role, token]) => `  ${role.padEnd(20)} ${token}`),
      '',
      `try: curl -s -H "Authorization: Bearer ${coordinator}" '${b.url}/v1/specialists?specialty=ophthalmology'`,
    );
  } else {
    lines.push(
      'Staff tokens are printed on a terminal only (this output is not one). Get one with:',
      `  ${tokenCommand('<role>', b.org)}`,
      '',
      `try: curl -s -H "Authorization: Bearer $(${tokenCommand('coordinator', b.org)})" '${b.url}/v1/specialists?specialty=ophthalmology'`,
    );
  }
  lines.push('', 'Ctrl-C stops it; the data stays for the next start.', '');
  return lines.join('\n');
}
