import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import {
  ALL_PARTS,
  type ComposeInput,
  composeDeps,
  composeParts,
  type Part,
  signInPart,
  staffSeenPart,
} from '../../../functions/lib/compose.ts';
import type { OidcSignIn } from '../../../functions/ports/staff-sign-in.ts';

/*
 * The composition root built from parts (functions/lib/compose.ts): a function's dependencies hold the
 * base and the parts it names, each part built once however many others use it. Nothing is sent here:
 * building a store sends no request.
 */

const input = (extra: Partial<ComposeInput> = {}): ComposeInput => ({
  dynamo: new DynamoDBClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  }),
  tableName: 'relais-unit',
  clock: { now: () => new Date('2026-01-01T00:00:00Z') },
  mailer: { send: vi.fn() },
  verifyStaff: vi.fn(),
  logger: {
    debug: vi.fn(),
    info: vi.fn(),
    warn: vi.fn(),
    error: vi.fn(),
  } as unknown as ComposeInput['logger'],
  settings: { publicBaseUrl: 'https://relais.example' },
  keyWrapper: { id: 'none', generate: vi.fn(), unwrap: vi.fn() },
  ...extra,
});

describe('composeParts', () => {
  it('holds the base and the parts named, and no other', () => {
    const deps = composeParts({ staffSeen: staffSeenPart }, input());
    expect(Object.keys(deps).sort()).toEqual(
      [
        'clock',
        'dev',
        'escalationSettings',
        'keyRing',
        'logger',
        'mailer',
        'newId',
        'retention',
        'settings',
        'staffSeen',
        'timers',
      ].sort(),
    );
  });

  it('builds a part once however many parts use it', () => {
    const made = vi.fn(() => ({ marker: true }));
    const shared: Part<{ marker: boolean }> = made;
    const one: Part<{ marker: boolean }> = (core) => core.part(shared);
    const two: Part<{ marker: boolean }> = (core) => core.part(shared);
    const deps = composeParts({ one, two }, input());
    expect(made).toHaveBeenCalledTimes(1);
    expect(deps.one).toBe(deps.two);
  });

  it('shares one store between the access log and the directory log', () => {
    const deps = composeDeps(input());
    expect(deps.directoryLog).toBe((deps.accessLog as unknown as { directory: unknown }).directory);
  });

  it('leaves the sign-in out where no identity provider is configured, and builds it where one is', () => {
    expect('signIn' in composeParts({ signIn: signInPart }, input())).toBe(false);
    const provider = { authorizationUrl: vi.fn() } as unknown as OidcSignIn;
    const deps = composeParts({ signIn: signInPart }, input({ signIn: provider }));
    expect(deps.signIn?.provider).toBe(provider);
    expect(deps.signIn?.flows).toBeDefined();
  });

  it('builds every part of Deps with ALL_PARTS (composeDeps)', () => {
    const deps = composeDeps(input());
    for (const name of Object.keys(ALL_PARTS).filter((n) => n !== 'signIn'))
      expect(deps[name as keyof typeof deps], name).toBeDefined();
  });
});
