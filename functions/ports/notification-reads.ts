/**
 * What a staff member has read of their feed, kept per reader: their own feed's items and their groups'
 * alike. A group feed (`team:<org>`, `coordinators:<org>`) is shared by everyone in the group, so "read"
 * cannot live on its items: one coordinator reading an escalation does not make it read for the others.
 */
export interface NotificationReader {
  readonly sub: string;
  readonly org: string;
}

export interface ReadMarks {
  /** Everything at or before this instant is read. */
  readonly upTo?: string;
  /** Notification ids read one by one (after `upTo`). */
  readonly ids: ReadonlySet<string>;
}

export interface NotificationReads {
  marks(reader: NotificationReader): Promise<ReadMarks>;
  /** Marks these notifications read for this reader. */
  markIds(reader: NotificationReader, ids: readonly string[]): Promise<void>;
  /** Marks everything at or before `before` read; never moves the mark back. */
  markBefore(reader: NotificationReader, before: string): Promise<void>;
}

/** Whether a feed item is read, for the reader these marks are of. */
export const isRead = (marks: ReadMarks, n: { readonly id: string; readonly at: string }): boolean =>
  (marks.upTo !== undefined && n.at <= marks.upTo) || marks.ids.has(n.id);
