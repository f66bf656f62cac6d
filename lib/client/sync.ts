import { canSeeConversation, gainsSight, type Viewer } from '../domain/visibility';
import type { ReadMark, SyncEvent, SyncPage } from '../protocol';
import { getLastSeq, pendingMessageId, type SidedeskDb } from './db';

/**
 * How long a pushed `conversation.upserted` waits for the event after it. The server sends a customer's
 * message as the conversation then the message, a few milliseconds apart; applied together they make one
 * write and one change for the pages (a change alone, such as an assignment, is applied that much later).
 */
const HOLD_UPSERT_MS = 20;

/**
 * Applies the server's event log to the cache, in order, exactly once. Pushed events are applied when they
 * are the next seq; a gap, a reconnect or a restart of the worker asks the server for everything after the
 * last seq applied. Everything runs through one queue, so a push never overtakes a catch-up.
 *
 * Pushes that arrive together (a customer message is a `conversation.upserted` and a `message.created`,
 * sent one after the other) are applied together: one transaction, so the pages see one change and the
 * conversation never shows a preview whose message is not there yet.
 */
export class SyncEngine {
  private queue: Promise<unknown> = Promise.resolve();
  /** Pushed events not applied yet; the next run of the queue takes all of them. */
  private pushed: SyncEvent[] = [];
  /** Wakes a run of the queue that waits for the event after a conversation's. */
  private onPush: (() => void) | null = null;

  /**
   * @param viewer whom the cache is built for, as the session says; the server's pages say it again, and a
   *   cache built for another member or role is emptied and built again from the start of the log.
   */
  constructor(
    private readonly db: SidedeskDb,
    private readonly fetchPage: (after: number) => Promise<SyncPage>,
    private viewer: Viewer,
    private readonly onApplied: (events: SyncEvent[]) => void = () => {},
    private readonly onReset: () => void = () => {},
  ) {}

  /** Fetches and applies every page after the last applied seq. */
  catchUp(): Promise<void> {
    return this.enqueue(async () => this.fetchAfter(await getLastSeq(this.db)));
  }

  /** A pushed event: applied if it is next, ignored if already applied, else a catch-up fills the gap. */
  receive(event: SyncEvent): Promise<void> {
    this.pushed.push(event);
    this.onPush?.();
    return this.enqueue(async () => {
      // A conversation's change is usually followed by its new message: it waits a moment for it.
      if (this.pushed.at(-1)?.type === 'conversation.upserted') await this.nextPush(HOLD_UPSERT_MS);
      const batch = this.pushed.splice(0).sort((a, b) => a.seq - b.seq);
      // An earlier run may have taken this event with its own.
      if (batch.length === 0) return;
      const last = await this.apply(batch, null);
      // Something is missing before an event we hold: the server has it.
      if (batch.some((e) => e.seq > last)) await this.fetchAfter(last);
    });
  }

  /** Until another event is pushed, or `ms` have passed. */
  private nextPush(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.onPush = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.onPush = done;
    });
  }

  private async fetchAfter(after: number): Promise<void> {
    for (;;) {
      const page = await this.fetchPage(after);
      if (await this.resetFor(page.viewer)) {
        if (after === 0) await this.apply(page.events, page.lastSeq);
        else return this.fetchAfter(0);
      } else await this.apply(page.events, page.lastSeq);
      if (!page.hasMore) return;
      after = page.lastSeq;
    }
  }

  /**
   * Empties the cache when it was built for someone else than the page's viewer, or before the cache
   * recorded whom it was for (a cache from before histories were sent). A role that widens or narrows
   * changes what every earlier event would have shown, so only the whole log again gives the right cache.
   * Returns whether it emptied it. Replies waiting in the outbox stay.
   */
  private async resetFor(viewer: SyncPage['viewer']): Promise<boolean> {
    const { db } = this;
    const key = viewerKey(viewer);
    this.viewer = viewer;
    const reset = await db.transaction(
      'rw',
      [db.conversations, db.messages, db.readMarks, db.meta],
      async () => {
        const stored = await db.meta.get('viewer');
        if (stored?.value === key) return false;
        const fresh = stored === undefined && (await getLastSeq(db)) === 0;
        if (!fresh) {
          await Promise.all([
            db.conversations.clear(),
            db.messages.filter((m) => m.pending !== true).delete(),
            db.readMarks.clear(),
            db.meta.put({ key: 'lastSeq', value: 0 }),
          ]);
        }
        await db.meta.put({ key: 'viewer', value: key });
        return !fresh;
      },
    );
    if (reset) this.onReset();
    return reset;
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => {});
    return run;
  }

  /**
   * One transaction: the events and the new last seq are stored together or not at all. A page of the log
   * (`pageLastSeq` given) is applied whole; pushed events (`pageLastSeq` null) only while each is the next seq.
   * Returns the last seq applied.
   */
  private async apply(events: SyncEvent[], pageLastSeq: number | null): Promise<number> {
    const { db } = this;
    const applied: SyncEvent[] = [];
    let last = 0;
    await db.transaction('rw', [db.conversations, db.messages, db.readMarks, db.meta], async () => {
      const current = await getLastSeq(db);
      last = current;
      // A cache that starts now records whom it is built for, so it is never taken for an older one.
      if (current === 0) await db.meta.put({ key: 'viewer', value: viewerKey(this.viewer) });
      for (const event of events) {
        if (event.seq <= last) continue;
        if (pageLastSeq === null && event.seq !== last + 1) break;
        // A pushed event that lets us see a conversation comes without its history: the log has it.
        if (pageLastSeq === null && this.lacksHistory(event)) break;
        await applyEvent(db, event, this.viewer);
        applied.push(event);
        last = event.seq;
      }
      if (pageLastSeq !== null && pageLastSeq > last) last = pageLastSeq;
      if (last > current) await db.meta.put({ key: 'lastSeq', value: last });
    });
    if (applied.length > 0) this.onApplied(applied);
    return last;
  }

  private lacksHistory(event: SyncEvent): boolean {
    return (
      event.type === 'conversation.upserted' &&
      event.history === undefined &&
      gainsSight(this.viewer, event.assignment)
    );
  }
}

/**
 * Stores a read mark unless the cache already has it or a later one (a mark never moves back), so the
 * mark a member's own request returns and the same mark arriving as an event make one write between them.
 * Returns whether it wrote.
 */
export async function storeReadMark(db: SidedeskDb, mark: ReadMark): Promise<boolean> {
  return db.transaction('rw', db.readMarks, async () => {
    const stored = await db.readMarks.get([mark.conversationId, mark.memberId]);
    if (stored && Date.parse(stored.readUpTo) >= Date.parse(mark.readUpTo)) return false;
    await db.readMarks.put(mark);
    return true;
  });
}

async function applyEvent(db: SidedeskDb, event: SyncEvent, viewer: Viewer): Promise<void> {
  switch (event.type) {
    case 'conversation.upserted':
      // A conversation the viewer may no longer see (moved to another member) leaves the cache; the
      // viewer's own read marks stay, as they are theirs.
      if (!canSeeConversation(viewer, event.conversation)) {
        await deleteConversation(db, event.conversation.id);
        return;
      }
      await db.conversations.put(event.conversation);
      if (event.history) await db.messages.bulkPut(event.history);
      return;
    case 'message.created':
      // The server's copy of one of our replies takes the place of its pending copy.
      if (event.message.clientId) await db.messages.delete(pendingMessageId(event.message.clientId));
      await db.messages.put(event.message);
      return;
    case 'conversation.read':
      await storeReadMark(db, event.readMark);
      return;
    case 'conversation.sla':
      // The cache derives buckets from the conversation itself; the background notifies on this one.
      return;
    case 'conversation.deleted':
      await deleteConversation(db, event.conversationId);
      return;
  }
}

const viewerKey = (viewer: Viewer) => `${viewer.id}:${viewer.role}`;

async function deleteConversation(db: SidedeskDb, conversationId: string): Promise<void> {
  await db.conversations.delete(conversationId);
  await db.messages
    .where('[conversationId+createdAt]')
    .between([conversationId, ''], [conversationId, '\uffff'])
    .delete();
}
