import { describe, expect, it } from 'vitest';
import { parseTokenArgs } from '../../../local/token.ts';

describe('parseTokenArgs', () => {
  it('reads a role and an organisation, with a default sub', () => {
    expect(parseTokenArgs(['--role', 'coordinator', '--org', 'mdm-lu'])).toEqual({
      ok: true,
      roles: ['coordinator'],
      org: 'mdm-lu',
      sub: 'coordinator-mdm-lu',
    });
  });

  it('takes a sub, a lifetime and several roles', () => {
    expect(
      parseTokenArgs([
        '--role',
        'accompanier,social_worker',
        '--role',
        'admin',
        '--org',
        'dune-bxl',
        '--sub',
        'acc-7',
        '--ttl',
        '600',
      ]),
    ).toEqual({
      ok: true,
      roles: ['accompanier', 'social_worker', 'admin'],
      org: 'dune-bxl',
      sub: 'acc-7',
      ttl: 600,
    });
  });

  it.each([
    [[], /--role is required/],
    [['--role', 'coordinator'], /--org is required/],
    [['--role', 'doctor', '--org', 'mdm-lu'], /unknown role doctor/],
    [['--role', 'coordinator', '--org', 'mdm lu'], /not a valid organisation id/],
    [['--role', 'coordinator', '--org', 'mdm-lu', '--sub', ''], /not a valid id/],
    [['--role', 'coordinator', '--org', 'mdm-lu', '--ttl', 'soon'], /--ttl/],
    [['--role', 'coordinator', '--org', 'mdm-lu', '--colour', 'red'], /Unknown option/],
    [['--role', 'coordinator', '--org', 'mdm-lu', 'extra'], /positional/],
  ])('refuses %j', (argv, message) => {
    const result = parseTokenArgs(argv);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(message);
  });
});
