import type { SyncEvent, SyncPage } from '../protocol';
import { getLastSeq, pendingMessageId, type SidedeskDb } from './db';

/**
 * Applies the server's event log to the cache, in order, exactly once. Pushed events are applied when they
 * are the next seq; a gap, a reconnect or a restart of the worker asks the server for everything after the
 * last seq applied. Everything runs through one queue, so a push never overtakes a catch-up.
 */
export class SyncEngine {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: SidedeskDb,
    private readonly fetchPage: (after: number) => Promise<SyncPage>,
    private readonly onApplied: (events: SyncEvent[]) => void = () => {},
  ) {}

  /** Fetches and applies every page after the last applied seq. */
  catchUp(): Promise<void> {
    return this.enqueue(async () => this.fetchAfter(await getLastSeq(this.db)));
  }

  /** A pushed event: applied if it is next, ignored if already applied, else a catch-up fills the gap. */
  receive(event: SyncEvent): Promise<void> {
    return this.enqueue(async () => {
      const last = await getLastSeq(this.db);
      if (event.seq <= last) return;
      if (event.seq === last + 1) return this.apply([event], event.seq);
      await this.fetchAfter(last);
    });
  }

  private async fetchAfter(after: number): Promise<void> {
    for (;;) {
      const page = await this.fetchPage(after);
      await this.apply(page.events, page.lastSeq);
      if (!page.hasMore) return;
      after = page.lastSeq;
    }
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => {});
    return run;
  }

  /** One transaction: the events and the new last seq are stored together or not at all. */
  private async apply(events: SyncEvent[], lastSeq: number): Promise<void> {
    const { db } = this;
    const applied: SyncEvent[] = [];
    await db.transaction('rw', [db.conversations, db.messages, db.readMarks, db.meta], async () => {
      const current = await getLastSeq(db);
      for (const event of events) {
        if (event.seq <= current) continue;
        await applyEvent(db, event);
        applied.push(event);
      }
      if (lastSeq > current) await db.meta.put({ key: 'lastSeq', value: lastSeq });
    });
    if (applied.length > 0) this.onApplied(applied);
  }
}

async function applyEvent(db: SidedeskDb, event: SyncEvent): Promise<void> {
  switch (event.type) {
    case 'conversation.upserted':
      await db.conversations.put(event.conversation);
      return;
    case 'message.created':
      // The server's copy of one of our replies takes the place of its pending copy.
      if (event.message.clientId) await db.messages.delete(pendingMessageId(event.message.clientId));
      await db.messages.put(event.message);
      return;
    case 'conversation.read':
      await db.readMarks.put(event.readMark);
      return;
    case 'conversation.sla':
      // The cache derives buckets from the conversation itself; the background notifies on this one.
      return;
    case 'conversation.deleted':
      await db.conversations.delete(event.conversationId);
      await db.messages
        .where('[conversationId+createdAt]')
        .between([event.conversationId, ''], [event.conversationId, '\uffff'])
        .delete();
      return;
  }
}
