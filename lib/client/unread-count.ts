import { isInUnreadBucket } from '../domain/buckets';
import type { Viewer } from '../domain/visibility';
import type { Conversation, SyncEvent } from '../protocol';
import type { SidedeskDb } from './db';

/**
 * The conversations the toolbar badge counts for one member: those in their Unread bucket (theirs or nobody's,
 * not closed, trashed or asleep, with a customer message after their read mark). Built from Dexie once, then kept by looking again at only the conversations a
 * change touched, so a new message costs a couple of reads instead of a walk over the whole cache.
 */
export class UnreadConversations {
  private state: { viewer: string; ids: Set<string> } | null = null;

  constructor(private readonly db: SidedeskDb) {}

  /** Forgets what it knew: the next count reads everything again. */
  reset(): void {
    this.state = null;
  }

  /**
   * How many there are for `viewer`, after looking again at the `touched` conversations (all of them when
   * not given, or when the viewer is not the one counted before).
   */
  async count(viewer: Viewer, touched?: Iterable<string>): Promise<number> {
    const key = `${viewer.id}:${viewer.role}`;
    const now = new Date();
    // What the Unread chip counts, by the same rule, so the badge and the inbox never disagree.
    const counts = (c: Conversation | undefined, readUpTo: string | undefined) =>
      c !== undefined && isInUnreadBucket(c, { viewerId: viewer.id, readUpTo, now });
    const { db } = this;
    if (this.state?.viewer !== key || touched === undefined) {
      this.state = null;
      const [marks, conversations] = await db.transaction('r', [db.readMarks, db.conversations], () =>
        Promise.all([db.readMarks.where('memberId').equals(viewer.id).toArray(), db.conversations.toArray()]),
      );
      const readUpTo = new Map(marks.map((m) => [m.conversationId, m.readUpTo]));
      this.state = {
        viewer: key,
        ids: new Set(conversations.filter((c) => counts(c, readUpTo.get(c.id))).map((c) => c.id)),
      };
      return this.state.ids.size;
    }
    const ids = [...new Set(touched)];
    if (ids.length > 0) {
      const { state } = this;
      try {
        const [conversations, marks] = await db.transaction('r', [db.readMarks, db.conversations], () =>
          Promise.all([
            db.conversations.bulkGet(ids),
            db.readMarks.bulkGet(ids.map((id) => [id, viewer.id] as [string, string])),
          ]),
        );
        ids.forEach((id, i) => {
          if (counts(conversations[i], marks[i]?.readUpTo)) state.ids.add(id);
          else state.ids.delete(id);
        });
      } catch (error) {
        // A look that failed leaves a set that cannot be trusted.
        this.state = null;
        throw error;
      }
    }
    return this.state.ids.size;
  }
}

/** The conversations a batch of events may have changed the unread state of. */
export function touchedConversations(events: SyncEvent[]): Set<string> {
  const ids = new Set<string>();
  for (const event of events) {
    if (event.type === 'conversation.upserted') ids.add(event.conversation.id);
    else if (event.type === 'message.created') ids.add(event.message.conversationId);
    else if (event.type === 'conversation.read') ids.add(event.readMark.conversationId);
    else if (event.type === 'conversation.deleted') ids.add(event.conversationId);
  }
  return ids;
}
