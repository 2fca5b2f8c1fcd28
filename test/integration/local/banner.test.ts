import { describe, expect, it } from 'vitest';
import { renderBanner } from '../../../local/banner.ts';

const base = {
  url: 'http://127.0.0.1:3000',
  dataDir: '/srv/relais/.data',
  dynamoPort: 8123,
  firstStart: true,
  org: 'mdm-lu',
  tokenTtlHours: 12,
};

describe("npm start's banner", () => {
  it('shows the tokens it is given, one per line, and a curl with the coordinator one', () => {
    const text = renderBanner({
      ...base,
      tokens: [
        ['social_worker', 'aaa.bbb.ccc'],
        ['coordinator', 'ddd.eee.fff'],
      ],
    });
    expect(text).toMatch(/^ {2}social_worker +aaa\.bbb\.ccc$/m);
    expect(text).toMatch(/^ {2}coordinator +ddd\.eee\.fff$/m);
    expect(text).toContain('try: curl -s -H "Authorization: Bearer ddd.eee.fff"');
    expect(text).toContain('/srv/relais/.data (demo network loaded)');
  });

  it('without tokens (not a terminal) says how to get one and prints no bearer', () => {
    const text = renderBanner(base);
    expect(text).not.toContain('Bearer ey');
    expect(text).toContain('Staff tokens are printed on a terminal only');
    expect(text).toContain('npm run --silent token -- --role <role> --org mdm-lu');
    expect(text).toContain(
      `try: curl -s -H "Authorization: Bearer $(npm run --silent token -- --role coordinator --org mdm-lu)" 'http://127.0.0.1:3000/v1/specialists?specialty=ophthalmology'`,
    );
    expect(text).toContain('Ctrl-C stops it');
  });

  it('names the front door as the address to open', () => {
    expect(renderBanner(base)).toContain('Relais is running on http://127.0.0.1:3000/ (open it in a browser');
  });
});
