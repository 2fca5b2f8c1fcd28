import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../local/rotate-keys.ts';

describe('npm run rotate-keys', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([
    ['no organisation', []],
    ['an invalid organisation id', ['--org', '../etc']],
    ['a table without the KMS key', ['--org', 'mdm-lu', '--table', 'relais-prod']],
    ['an unknown option', ['--org', 'mdm-lu', '--everything']],
  ])('refuses %s with exit code 2 and the usage, touching nothing', async (_label, argv) => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(argv)).toBe(2);
    expect(stderr.mock.calls.map(([text]) => String(text)).join('')).toContain('usage: npm run rotate-keys');
  });
});
