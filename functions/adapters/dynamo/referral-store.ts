import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type PutItemCommandInput,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { DomainError } from '../../../domain/errors.ts';
import type {
  ChangeOnRecord,
  ReferralPage,
  ReferralReadOptions,
  ReferralStore,
  Transition,
} from '../../../domain/ports.ts';
import type { Referral } from '../../../domain/referral/model.ts';
import { appointmentAhead } from '../../../domain/referral/rules/mark-seen-again.ts';
import type { KeyRing } from '../../ports/key-ring.ts';
import type { Logger } from '../../ports/logger.ts';
import { blindIndex } from '../crypto/field-cipher.ts';
import { openReferral, sealReferral } from '../crypto/referral-fields.ts';
import { itemsOf } from './batch-get.ts';
import { createCursorCodec } from './cursor.ts';
import { isTombstone } from './erasure-store.ts';
import { duePartition, orgStatusPartition, referralDueSk, referralKey, shardOf } from './keys.ts';
import { OUTBOX_ATTRIBUTE, onRecordAttributes, packedOutbox } from './outbox.ts';
import { packJsonText } from './packed-json.ts';
import { decodeSealedItem, storedReferral } from './stored.ts';
import { INDEX } from './table.ts';

/** Where a referral's pending deadline sits in the sparse due index, if it has one. */
export type DueOf = (r: Referral) => string | undefined;

export interface ReferralStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Derives the pending deadline (an instant) that the sweep will find; none by default. */
  readonly dueOf?: DueOf;
  /** Where an unreadable item is reported (by its key). */
  readonly logger?: Logger;
  /** The organisations' data keys: the pseudonym and free text are sealed with them (crypto/). */
  readonly keyRing: KeyRing;
}

/**
 * The partition of a person's referrals in the byPerson index: the organisation and the blind index of
 * the pseudonym (never the pseudonym), under the organisation's first data key.
 */
export async function personPartition(ring: KeyRing, org: string, pseudonym: string): Promise<string> {
  await ring.current(org); // makes the organisation's first key if it has none yet
  return `${org}#${blindIndex(await ring.version(org, 1), pseudonym)}`;
}

/**
 * Reads a stored referral item, its sealed fields opened (those named by `reveal`, all by default): the
 * one way any reader of referral items decodes them (this store, the due index), so a referral never
 * reaches the write path with its values still sealed, where they would be sealed twice.
 */
export const referralDecoder =
  ({ keyRing, logger }: Pick<ReferralStoreOptions, 'keyRing' | 'logger'>) =>
  (options: ReferralReadOptions = {}) =>
  (item: Record<string, AttributeValue>): Promise<Referral> =>
    decodeSealedItem(storedReferral, 'referral', item, logger ? { logger } : {}, (raw) =>
      openReferral(keyRing, raw, options.reveal),
    );

/**
 * Referrals on DynamoDB. Each transition is ONE conditional PutItem on the version it was computed
 * from; the transition's events ride on the same item (`outbox`) so the table stream publishes them
 * with no second write and no window where the state is saved but the events are not.
 */
export function createReferralStore({
  client,
  tableName,
  dueOf,
  logger,
  keyRing,
}: ReferralStoreOptions): ReferralStore {
  const cursors = createCursorCodec(keyRing);
  const decodeSealed = referralDecoder({ keyRing, ...(logger ? { logger } : {}) });
  // The items behind referrals read with some fields left sealed, so that `reveal` opens more of them
  // without a second read (held as long as the referral is, no longer).
  const itemsRead = new WeakMap<Referral, Record<string, AttributeValue>>();
  const decodeWith = (options: ReferralReadOptions) => async (item: Record<string, AttributeValue>) => {
    const r = await decodeSealed(options)(item);
    if (options.reveal) itemsRead.set(r, item);
    return r;
  };
  // The referral indexes hold keys only (table.ts): a page's items are read in one BatchGetItem. An item
  // erased since the index was read (a tombstone) is no referral, as in `get`.
  const decodeAll = async (
    keys: Record<string, AttributeValue>[] | undefined,
    options: ReferralReadOptions,
  ): Promise<Referral[]> => {
    const items = await itemsOf(client, tableName, keys ?? []);
    return Promise.all(items.filter((i) => !isTombstone(i)).map(decodeWith(options)));
  };

  const toItem = async (
    t: Transition,
    read?: Referral,
    onRecord?: ChangeOnRecord,
  ): Promise<Record<string, AttributeValue>> => {
    const r = t.referral;
    const sortKey = `${r.createdAt}#${r.id}`;
    const record = JSON.stringify(await sealReferral(keyRing, r, read));
    const item: Record<string, AttributeValue> = {
      ...referralKey(r.id),
      type: { S: 'referral' },
      version: { N: String(r.version) },
      // The pseudonym and free text sealed (crypto/referral-fields.ts); the events carry none of it.
      // Packed (packed-json.ts), the events beside the record they repeat (outbox.ts): the item is
      // rewritten whole at every transition, paid by the KB.
      data: packJsonText(record),
      [OUTBOX_ATTRIBUTE]: packedOutbox(t.events, record),
      // The change's access entry rides on its write (access-recording.ts): its route beside the events.
      ...onRecordAttributes(onRecord),
      [INDEX.byOrg.pk]: { S: r.org },
      [INDEX.byOrg.sk]: { S: sortKey },
      [INDEX.byOrgStatus.pk]: { S: orgStatusPartition(r.org, r.status) },
      [INDEX.byPerson.pk]: { S: await personPartition(keyRing, r.org, r.pseudonym) },
    };
    if (r.accompaniment.accompanierId && r.appointment) {
      item[INDEX.byAccompanier.pk] = { S: r.accompaniment.accompanierId };
      item[INDEX.byAccompanier.sk] = { S: `${r.appointment.at}#${r.id}` };
    }
    const due = dueOf?.(r);
    if (due) {
      item[INDEX.byDue.pk] = { S: duePartition(shardOf(r.id)) };
      item[INDEX.byDue.sk] = { S: referralDueSk(due, r.id) };
    }
    return item;
  };

  const put = async (
    t: Transition,
    condition: Pick<PutItemCommandInput, 'ConditionExpression' | 'ExpressionAttributeValues'>,
    read: Referral | undefined,
    onRecord: ChangeOnRecord | undefined,
  ) => {
    try {
      await client.send(
        new PutItemCommand({ TableName: tableName, Item: await toItem(t, read, onRecord), ...condition }),
      );
    } catch (err) {
      if (
        err instanceof ConditionalCheckFailedException ||
        (err as Error).name === 'ConditionalCheckFailedException'
      ) {
        throw new DomainError('conflict', 'The referral was changed by someone else; reload and try again.');
      }
      throw err;
    }
  };

  const get = async (id: string, options: ReferralReadOptions = {}): Promise<Referral | undefined> => {
    const out = await client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: referralKey(id),
        ConsistentRead: options.consistent !== false,
      }),
    );
    // An erased referral's tombstone (erasure-store.ts) is no referral.
    return out.Item && !isTombstone(out.Item) ? decodeWith(options)(out.Item) : undefined;
  };

  return {
    create: (t, onRecord) => put(t, { ConditionExpression: 'attribute_not_exists(pk)' }, undefined, onRecord),

    save: (t, expectedVersion, read, onRecord) =>
      put(
        t,
        {
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': { N: String(expectedVersion) } },
        },
        read,
        onRecord,
      ),

    get,

    async reveal(r, fields) {
      const item = itemsRead.get(r);
      if (item) return decodeWith({ reveal: fields })(item);
      // Not read here with fields left sealed (read in full, or built): read again, the same version.
      const again = await get(r.id, { reveal: fields });
      if (!again || again.version !== r.version)
        throw new DomainError('conflict', 'The referral was changed by someone else; reload and try again.');
      return again;
    },

    async listByOrg(org, { status, pseudonym, cursor, limit, reveal }): Promise<ReferralPage> {
      const index = pseudonym ? INDEX.byPerson : status ? INDEX.byOrgStatus : INDEX.byOrg;
      const partition = pseudonym
        ? await personPartition(keyRing, org, pseudonym)
        : status
          ? orgStatusPartition(org, status)
          : org;
      const input: QueryCommandInput = {
        TableName: tableName,
        IndexName: index.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.pk },
        ExpressionAttributeValues: { ':pk': { S: partition } },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: cursor ? await cursors.decode(cursor, index, partition) : undefined,
      };
      const out = await client.send(new QueryCommand(input));
      // By status, the page comes from the status's class (keys.ts orgStatusPartition), or from the
      // person's referrals, and keeps that status: the index holds keys only, so the status is known
      // from the items. A page may so hold fewer than `limit`; the lists read on to fill theirs
      // (listPage, functions/http/views/exports.ts).
      const items = (await decodeAll(out.Items, { reveal })).filter((r) => !status || r.status === status);
      return {
        items,
        nextCursor: out.LastEvaluatedKey ? await cursors.encode(out.LastEvaluatedKey, index) : undefined,
      };
    },

    async listByAccompanier(accompanierId, { from, cursor, limit, reveal }): Promise<ReferralPage> {
      const ix = INDEX.byAccompanier;
      const out = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: ix.name,
          KeyConditionExpression: '#pk = :pk AND #sk >= :from',
          ExpressionAttributeNames: { '#pk': ix.pk, '#sk': ix.sk },
          ExpressionAttributeValues: { ':pk': { S: accompanierId }, ':from': { S: from } },
          ScanIndexForward: true,
          Limit: limit,
          ExclusiveStartKey: cursor ? await cursors.decode(cursor, ix, accompanierId) : undefined,
        }),
      );
      const items = await decodeAll(out.Items, { reveal });
      return {
        items,
        nextCursor: out.LastEvaluatedKey ? await cursors.encode(out.LastEvaluatedKey, ix) : undefined,
      };
    },

    async listNeedingAccompanier(org, { after, limit, reveal }) {
      // The organisation's active referrals are few at any time beside its closed ones (they leave the
      // partition when they close), so reading them and keeping the scheduled ones without an
      // accompanier stays cheap; the page cap bounds it all the same.
      const ix = INDEX.byOrgStatus;
      const found: Referral[] = [];
      let start: Record<string, AttributeValue> | undefined;
      for (let page = 0; page < NEEDING_ACCOMPANIER_MAX_PAGES && found.length < limit; page++) {
        const out = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: ix.name,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': ix.pk },
            ExpressionAttributeValues: { ':pk': { S: orgStatusPartition(org, 'scheduled') } },
            Limit: 100,
            ExclusiveStartKey: start,
          }),
        );
        for (const r of await decodeAll(out.Items, { reveal })) {
          if (r.status !== 'scheduled') continue;
          if (!r.accompaniment.required || r.accompaniment.accompanierId) continue;
          // Before the page cap: past appointments would crowd out those still to take.
          if (appointmentAhead(r, after)) found.push(r);
        }
        start = out.LastEvaluatedKey;
        if (!start) break;
      }
      return found
        .sort((a, b) => Date.parse(a.appointment?.at ?? '') - Date.parse(b.appointment?.at ?? ''))
        .slice(0, limit);
    },
  };
}

/** At most this many pages of 100 active referrals are read to find those needing an accompanier. */
const NEEDING_ACCOMPANIER_MAX_PAGES = 10;
