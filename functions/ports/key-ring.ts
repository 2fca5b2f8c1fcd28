/**
 * The data keys that seal what a table dump must not reveal (envelope encryption): one key per
 * organisation and version, stored in the table only wrapped by a key the table cannot see (AWS KMS when
 * deployed, a key file under the data folder locally). Encryption and decryption happen in the
 * adapters, at the encoding and decoding of stored items; the domain never sees a key or a ciphertext.
 */

/** One organisation's data key (AES-256), in clear: kept in the process's memory only. */
export interface DataKey {
  readonly version: number;
  readonly key: Uint8Array;
}

export interface KeyRing {
  /** The key new values of `org` are sealed with: its latest version, made on first use. */
  current(org: string): Promise<DataKey>;
  /** Version `version` of `org`'s key, to open a value sealed under it; throws when there is none. */
  version(org: string, version: number): Promise<DataKey>;
  /** Makes a new version of `org`'s key, which new writes then use; resolves to it. */
  rotate(org: string): Promise<DataKey>;
  /**
   * Starts fetching `org`'s current key, when it is not at hand, for a request about to need it (a
   * cold start's first request reads it beside the referral rather than after). Never throws: a key
   * wanted later is read then if this failed.
   */
  warm(org: string): void;
}

/** A data key as made by the wrapping key: in clear (to use) and wrapped (to store). */
export interface GeneratedKey {
  readonly plaintext: Uint8Array;
  readonly wrapped: Uint8Array;
}

/**
 * The key that wraps the data keys and never leaves its keeper. `org` is bound to each wrapped key
 * (KMS encryption context, GCM additional data locally): a wrapped key copied to another organisation's
 * ring does not unwrap.
 */
export interface KeyWrapper {
  /** Which wrapping key this is (a KMS key id, `local-file`), stored beside each wrapped key. */
  readonly id: string;
  generate(org: string): Promise<GeneratedKey>;
  unwrap(org: string, wrapped: Uint8Array): Promise<Uint8Array>;
}

/** The key ring holds no such version for the organisation: what was sealed under it cannot open. */
export class UnknownKeyVersionError extends Error {
  override readonly name = 'UnknownKeyVersionError';
  constructor(readonly version: number) {
    super(`no data key version ${version} for this organisation`);
  }
}
