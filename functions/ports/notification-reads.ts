/**
 * What a staff member has read of their feed, kept per reader: their own feed's items and their groups'
 * alike. A group feed (`team:<org>`, `coordinators:<org>`) is shared by everyone in the group, so "read"
 * cannot live on its items: one coordinator reading an escalation does not make it read for the others.
 */
export interface NotificationReader {
  readonly sub: string;
  readonly org: string;
}

export interface NotificationReads {
  /** Which of these feed items the reader has read (by id). */
  readOf(
    reader: NotificationReader,
    items: readonly { readonly id: string; readonly at: string }[],
  ): Promise<ReadonlySet<string>>;
  /** Marks these notifications read for this reader. */
  markIds(reader: NotificationReader, ids: readonly string[]): Promise<void>;
  /** Marks everything at or before `before` read; never moves the mark back. */
  markBefore(reader: NotificationReader, before: string): Promise<void>;
}
