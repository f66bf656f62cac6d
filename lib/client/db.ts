import Dexie, { type DBCoreMutateRequest, type Table } from 'dexie';
import { listTimeOf } from '../domain/filters';
import type { Conversation, Message, ReadMark } from '../protocol';

/**
 * The extension's cache of the inbox, in IndexedDB of the extension's origin. Only the background writes
 * it; the side panel reads it with live queries, so the inbox renders instantly and offline.
 */

/** A message as the side panel shows it: synced from the server, or a reply still on its way. */
export interface CachedMessage extends Message {
  /** Set while the reply waits in the outbox. */
  pending?: true;
  /** Why the server refused the reply; it will not be retried. */
  failed?: string;
}

/** A conversation as the cache stores it: with its time in the list, for the list's index. */
export type CachedConversation = Conversation & { listTime?: string };

/** Writes every conversation with its list time, whoever writes it (sync, outbox, upgrade). */
const withListTime = {
  stack: 'dbcore' as const,
  name: 'ConversationListTime',
  create: (down: Dexie['core']): Dexie['core'] => ({
    ...down,
    table: (name: string) => {
      const table = down.table(name);
      if (name !== 'conversations') return table;
      return {
        ...table,
        mutate: (request: DBCoreMutateRequest) =>
          table.mutate(
            request.type === 'put' || request.type === 'add'
              ? {
                  ...request,
                  values: request.values.map((c: Conversation) => ({ ...c, listTime: listTimeOf(c) })),
                }
              : request,
          ),
      };
    },
  }),
};

export interface OutboxEntry {
  clientId: string;
  conversationId: string;
  body: string;
  createdAt: string;
  attempts: number;
  lastError?: string;
}

export interface MetaEntry {
  /** `viewer` is `memberId:role`, whom the cache was built for. */
  key: 'lastSeq' | 'memberId' | 'viewer';
  value: string | number;
}

export class SidedeskDb extends Dexie {
  conversations!: Table<Conversation, string>;
  messages!: Table<CachedMessage, string>;
  readMarks!: Table<ReadMark, [string, string]>;
  outbox!: Table<OutboxEntry, string>;
  meta!: Table<MetaEntry, string>;

  constructor(name = 'sidedesk') {
    super(name);
    this.version(1).stores({
      conversations: 'id, lastMessageAt, assigneeId',
      messages: 'id, [conversationId+createdAt], clientId',
      readMarks: '[conversationId+memberId], memberId',
      outbox: 'clientId, createdAt',
      meta: 'key',
    });
    // The customer's other conversations are looked up by customer.
    this.version(2).stores({ conversations: 'id, lastMessageAt, assigneeId, customerId' });
    // The list's first screen reads a member's newest conversations of a status alone, in order, before the
    // rest.
    this.version(3).stores({
      conversations: 'id, lastMessageAt, assigneeId, customerId, [assigneeId+status+lastMessageAt]',
    });
    // The list sorts by the customer's last message (`listTimeOf`), so the first screen reads that order: each
    // conversation is stored with its list time, kept by `withListTime` on every write.
    this.version(4)
      .stores({
        conversations: 'id, lastMessageAt, assigneeId, customerId, listTime, [assigneeId+status+listTime]',
      })
      .upgrade((tx) =>
        tx
          .table<CachedConversation>('conversations')
          .toCollection()
          .modify((c) => {
            c.listTime = listTimeOf(c);
          }),
      );
    this.use(withListTime);
    // A page opens the database as it starts, beside its other start-up work, rather than at its first
    // query (opening takes tens of milliseconds). A failure here shows again at that query.
    this.open().catch(() => {});
  }
}

/** The id a reply has in the cache until the server's copy replaces it. */
export const pendingMessageId = (clientId: string) => `pending:${clientId}`;

export async function getLastSeq(db: SidedeskDb): Promise<number> {
  const entry = await db.meta.get('lastSeq');
  return typeof entry?.value === 'number' ? entry.value : 0;
}

/** Empties the cache, for a sign-out or a different member signing in. */
export async function clearCache(db: SidedeskDb): Promise<void> {
  await db.transaction('rw', [db.conversations, db.messages, db.readMarks, db.outbox, db.meta], async () => {
    await Promise.all([
      db.conversations.clear(),
      db.messages.clear(),
      db.readMarks.clear(),
      db.outbox.clear(),
      db.meta.clear(),
    ]);
  });
}
