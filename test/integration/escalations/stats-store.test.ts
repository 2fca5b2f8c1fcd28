import { createHmac, randomBytes } from 'node:crypto';
import { GetItemCommand, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Increment } from '../../../domain/stats/increments.ts';
import { createLocalKeyWrapper } from '../../../functions/adapters/crypto/local-wrapper.ts';
import { createKeyRing } from '../../../functions/adapters/dynamo/key-ring.ts';
import {
  statsNetworkKey,
  statsOrgKey,
  statsReferralKey,
  statsSaltKey,
} from '../../../functions/adapters/dynamo/keys.ts';
import { createStatsStore } from '../../../functions/adapters/dynamo/stats-store.ts';
import type { KeyRing } from '../../../functions/ports/key-ring.ts';
import { localDynamoClient } from '../../../local/dynamodb.ts';
import { createTestTable } from '../../support/table.ts';

/*
 * The yearly figures count each event once however often it is recorded and each person once a year,
 * keep neither a pseudonym nor a referral's or event's id, and add the counters kept before issue 15.
 */

let stats: ReturnType<typeof createStatsStore>;
let tableName: string;
let dynamo: ReturnType<typeof localDynamoClient>;
let keyRing: KeyRing;
beforeAll(async () => {
  const t = await createTestTable('stats-store');
  tableName = t.tableName;
  dynamo = t.dynamo;
  keyRing = createKeyRing({ client: t.dynamo, tableName, wrapper: createLocalKeyWrapper(randomBytes(32)) });
  stats = createStatsStore(t.dynamo, t.tableName, keyRing);
});

/** Every binary or text value of every item: what a copy of the table holds that could be a key. */
const valuesOf = (items: readonly Record<string, unknown>[]): Buffer[] =>
  items.flatMap((item) =>
    Object.values(item).flatMap((v) => {
      const av = v as { B?: Uint8Array; S?: string };
      if (av.B) return [Buffer.from(av.B)];
      if (av.S) return [Buffer.from(av.S), Buffer.from(av.S, 'base64url')];
      return [];
    }),
  );

const OPENED: Increment[] = [{ field: 'referrals' }, { map: 'bySpecialty', key: 'dental' }];

describe('the stats store', () => {
  it('counts an event once however often it is recorded, and a person once a year', async () => {
    const opened = (referralId: string, person: string, org = 'mdm-lu') =>
      stats.record({
        referralId,
        eventId: `EVID-${referralId}`,
        org,
        year: 2026,
        increments: OPENED,
        person,
      });
    await opened('REFID-1', 'ZEBRA-1985');
    await opened('REFID-1', 'ZEBRA-1985');
    await opened('REFID-2', 'ZEBRA-1985'); // a second referral, same person
    await opened('REFID-3', 'OWL-22');
    await opened('REFID-4', 'ZEBRA-1985', 'dune-bxl'); // another org's pseudonym
    await Promise.all(Array.from({ length: 5 }, () => opened('REFID-5', 'LYNX-3')));
    // Two declines of one referral are two events; one of them recorded twice is still one.
    const declined = (eventId: string) =>
      stats.record({
        referralId: 'REFID-3',
        eventId,
        org: 'mdm-lu',
        year: 2026,
        increments: [{ map: 'declineReasons', key: 'no_capacity' }],
      });
    await Promise.all([declined('EVID-dec-1'), declined('EVID-dec-2'), declined('EVID-dec-1')]);

    expect(await stats.get({ org: 'mdm-lu' }, 2026)).toMatchObject({
      referrals: 4,
      distinctPeople: 3,
      bySpecialty: { dental: 4 },
      declineReasons: { no_capacity: 2 },
    });
    expect(await stats.get({ network: true }, 2026)).toMatchObject({ referrals: 5, distinctPeople: 4 });
    expect(await stats.get({ org: 'mdm-lu' }, 2025)).toMatchObject({ referrals: 0, distinctPeople: 0 });
    // The year's grid: the network and every organisation it counts, for suppressing them together.
    const grid = await stats.year(2026);
    expect(Object.keys(grid.orgs).sort()).toEqual(['dune-bxl', 'mdm-lu']);
    expect(grid.orgs['mdm-lu']).toMatchObject({ referrals: 4, distinctPeople: 3 });
    expect(grid.orgs['dune-bxl']).toMatchObject({ referrals: 1, distinctPeople: 1 });
    expect(grid.network).toMatchObject({ referrals: 5, distinctPeople: 4 });

    // Nothing in the table holds a pseudonym, a referral's id or an event's id in clear.
    const all = await localDynamoClient(inject('dynamoEndpoint')).send(
      new ScanCommand({ TableName: tableName }),
    );
    const text = JSON.stringify(all.Items);
    for (const p of ['ZEBRA-1985', 'OWL-22', 'LYNX-3', 'REFID-', 'EVID-']) expect(text).not.toContain(p);
    // Nor the key its rows are hashed with: a copy of the table alone cannot hash a guessed pseudonym and
    // find its row (tried with every value the table holds as a key).
    const people = (all.Items ?? []).flatMap((i) => (i['p']?.S ? [i['p'].S] : []));
    expect(people).toHaveLength(5);
    for (const key of valuesOf(all.Items ?? [])) {
      const guessed = createHmac('sha256', key).update('ZEBRA-1985').digest('base64url').slice(0, 16);
      expect(people).not.toContain(guessed);
    }
    const salt = (all.Items ?? []).find((i) => i['pk']?.S === 'STATSSALT#mdm-lu#2026');
    expect(Object.keys(salt ?? {}).sort()).toEqual(['expiresAt', 'listed', 'pk', 'sealedSalt', 'sk']);
    expect(salt?.['sealedSalt']?.S).toMatch(/^enc1\.1\./);
    // One row per referral and year, well under 1 KB (one write unit).
    const rows = (all.Items ?? []).filter((i) => i['pk']?.S?.startsWith('STATSREF#'));
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(JSON.stringify(row).length).toBeLessThan(400);
  });

  it('adds the counters kept before issue 15 to the year’s rows', async () => {
    // Counters as the transactions before issue 15 left them: one organisation's, and the network shard
    // naming it.
    const counters = {
      c_referrals: { N: '6' },
      c_distinctPeople: { N: '5' },
      m_bySpecialty_dental: { N: '6' },
      c_outcomes: { N: '2' },
    };
    await dynamo.send(
      new PutItemCommand({ TableName: tableName, Item: { ...statsOrgKey('old-org', 2026), ...counters } }),
    );
    await dynamo.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { ...statsNetworkKey(2026, 2), ...counters, orgs: { SS: ['old-org'] } },
      }),
    );
    await stats.record({
      referralId: 'REFID-after',
      eventId: 'EVID-after',
      org: 'old-org',
      year: 2026,
      increments: OPENED,
      person: 'HERON-9',
    });
    expect(await stats.get({ org: 'old-org' }, 2026)).toMatchObject({
      referrals: 7,
      distinctPeople: 6,
      bySpecialty: { dental: 7 },
      outcomes: 2,
    });
    const grid = await stats.year(2026);
    expect(grid.orgs['old-org']).toMatchObject({ referrals: 7, distinctPeople: 6 });
    expect(grid.network).toMatchObject({ referrals: 12, distinctPeople: 10 });
  });

  it('refuses a row whose event it cannot read, naming the attribute', async () => {
    await dynamo.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          ...statsReferralKey('bad-org', 2026, 'hash-of-a-ref'),
          p: { S: 'person-hash' },
          eABCDEFGH: { S: 'r s:Dental' },
          eIJKLMNOP: { S: 'o n' },
        },
      }),
    );
    await expect(stats.get({ org: 'bad-org' }, 2026)).rejects.toMatchObject({
      name: 'StoredItemError',
      pk: 'STATSREF#bad-org#2026',
      fields: ['eABCDEFGH'],
    });
  });

  it('seals a key kept in clear before, in place, and goes on counting the same people with it', async () => {
    // A salt item as stores before this one made it: the key in clear.
    const clear = randomBytes(32);
    await dynamo.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { ...statsSaltKey('clear-org#2026'), salt: { B: clear }, listed: { BOOL: true } },
      }),
    );
    const person = (key: Buffer, pseudonym: string) =>
      createHmac('sha256', key).update(pseudonym).digest('base64url').slice(0, 16);
    // A row hashed with it, before: the same person opening again this year is not counted twice.
    await dynamo.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          ...statsReferralKey('clear-org', 2026, 'hash-of-ref-1'),
          p: { S: person(clear, 'KITE-4') },
          eABCDEFGH: { S: 'r s:dental' },
        },
      }),
    );
    // A store of its own: nothing of the other tests' in its memory.
    const fresh = createStatsStore(dynamo, tableName, keyRing);
    await fresh.record({
      referralId: 'REFID-clear-2',
      eventId: 'EVID-clear-2',
      org: 'clear-org',
      year: 2026,
      increments: OPENED,
      person: 'KITE-4',
    });
    expect(await fresh.get({ org: 'clear-org' }, 2026)).toMatchObject({ referrals: 2, distinctPeople: 1 });

    const { Item } = await dynamo.send(
      new GetItemCommand({ TableName: tableName, Key: statsSaltKey('clear-org#2026'), ConsistentRead: true }),
    );
    expect(Item?.['salt']).toBeUndefined();
    expect(Item?.['sealedSalt']?.S).toMatch(/^enc1\./);
    // Sealed, it is the same key: a third store, reading it sealed, still counts KITE-4 once.
    await createStatsStore(dynamo, tableName, keyRing).record({
      referralId: 'REFID-clear-3',
      eventId: 'EVID-clear-3',
      org: 'clear-org',
      year: 2026,
      increments: OPENED,
      person: 'KITE-4',
    });
    expect(await fresh.get({ org: 'clear-org' }, 2026)).toMatchObject({ referrals: 3, distinctPeople: 1 });
  });

  it('refuses a key that does not open, naming the attribute', async () => {
    await keyRing.current('tampered-org'); // the organisation has its data key: the value fails its tag
    await dynamo.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          ...statsSaltKey('tampered-org#2026'),
          sealedSalt: { S: 'enc1.1.AAAA.BBBB' },
          listed: { BOOL: true },
        },
      }),
    );
    await expect(
      createStatsStore(dynamo, tableName, keyRing).record({
        referralId: 'REFID-t',
        eventId: 'EVID-t',
        org: 'tampered-org',
        year: 2026,
        increments: OPENED,
      }),
    ).rejects.toMatchObject({ name: 'StoredItemError', fields: ['sealedSalt'] });
  });
});
