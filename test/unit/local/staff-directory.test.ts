import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Mail } from '../../../domain/ports.ts';
import { createLocalStaffDirectory } from '../../../local/staff-directory.ts';

const dir = mkdtempSync(join(tmpdir(), 'relais-staff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const directoryAt = (file: string, sent: Mail[]) =>
  createLocalStaffDirectory({
    mailer: { send: async (m) => void sent.push(m) },
    publicUrl: 'http://127.0.0.1:3000',
    sign: async (member) => `token-for-${member.sub}`,
    file,
  });

describe('the local staff directory', () => {
  it('lists a demo member per organisation and role, and signs a token for those only', async () => {
    const directory = directoryAt(join(dir, 'none.json'), []);
    const list = await directory.staff.list();
    expect(list).toContainEqual({ sub: 'admin-mdm-lu', org: 'mdm-lu', roles: ['admin'] });
    expect(list).toContainEqual({ sub: 'coordinator-strada-mi', org: 'strada-mi', roles: ['coordinator'] });
    expect(await directory.staff.tokenFor('admin-mdm-lu')).toBe('token-for-admin-mdm-lu');
    expect(await directory.staff.tokenFor('nobody')).toBeUndefined();
  });

  it('adds an invited member, mails the invitation, keeps them across restarts, and invites nobody twice', async () => {
    const file = join(dir, 'staff.json');
    const sent: Mail[] = [];
    const directory = directoryAt(file, sent);
    expect(
      await directory.invite({ email: 'Nina@dune.example', org: 'dune-bxl', roles: ['accompanier'] }),
    ).toBe('invited');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe('nina@dune.example');
    expect(sent[0]!.text).toContain('http://127.0.0.1:3000/app/sign-in');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual([
      { sub: 'nina@dune.example', org: 'dune-bxl', roles: ['accompanier'], email: 'nina@dune.example' },
    ]);

    const restarted = directoryAt(file, sent);
    expect(await restarted.staff.tokenFor('nina@dune.example')).toBe('token-for-nina@dune.example');
    expect(
      await restarted.invite({ email: 'nina@dune.example', org: 'dune-bxl', roles: ['coordinator'] }),
    ).toBe('exists');
    expect(sent).toHaveLength(1);
  });
});
