import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../../lib/protocol';
import type { InboxDeps } from '../../server/inbox/hub';
import { ingestInbound } from '../../server/inbox/ingest';
import { markRead } from '../../server/inbox/read';
import { sendReply } from '../../server/inbox/reply';
import type { Store } from '../../server/store';
import type { AppendedEvent } from '../../server/store/events';
import { readEventsAfter } from '../../server/store/events';
import { conversation } from '../../server/store/schema';
import { openTestStore, storeKinds, warnIfPostgresSkipped } from '../fixtures/stores';
import { createWorkspace } from '../fixtures/workspace';
import { eq } from 'drizzle-orm';

warnIfPostgresSkipped();

/** Records what the inbox publishes and delivers, in place of the sockets. */
function recordingDeps() {
  const published: AppendedEvent[] = [];
  const delivered: { conversation: Conversation; message: Message }[] = [];
  const deps: InboxDeps = {
    hub: { publish: (_ws, events) => published.push(...events), customerTyping: () => {} },
    delivery: { deliver: (_ws, c, m) => delivered.push({ conversation: c, message: m }) },
  };
  return { deps, published, delivered };
}

describe.each(storeKinds)('the inbox on %s', (kind) => {
  let store: Store;
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  beforeAll(async () => {
    store = await openTestStore(kind);
    ws = await createWorkspace(store.db);
  });
  afterAll(async () => store?.close());

  const inbound = (externalId: string, body: string, handle = 'giulia_r') => ({
    shopId: ws.shopId,
    channel: 'marketplace' as const,
    customerHandle: handle,
    customerName: 'Giulia Rossi',
    externalId,
    body,
  });

  it('stores a customer message once, opens a conversation and starts the reply clock', async () => {
    const { deps, published } = recordingDeps();
    const first = await ingestInbound(store.db, deps, ws.workspaceId, inbound('m-1', 'Dov’è il mio ordine?'));
    expect(first.duplicate).toBe(false);
    expect(first.conversation.status).toBe('open');
    expect(first.conversation.awaitingReplySince).toBe(first.message.createdAt);
    expect(published.map((e) => e.event.type)).toEqual(['conversation.upserted', 'message.created']);

    const again = await ingestInbound(store.db, deps, ws.workspaceId, inbound('m-1', 'Dov’è il mio ordine?'));
    expect(again.duplicate).toBe(true);
    expect(again.message.id).toBe(first.message.id);
    expect(published).toHaveLength(2);

    const second = await ingestInbound(store.db, deps, ws.workspaceId, inbound('m-2', 'Grazie'));
    expect(second.conversation.id).toBe(first.conversation.id);
    // The clock keeps counting from the oldest unanswered message.
    expect(second.conversation.awaitingReplySince).toBe(first.message.createdAt);
  });

  it('rejects a shop of another workspace and writes nothing', async () => {
    const other = await createWorkspace(store.db, 'Other');
    const { deps, published } = recordingDeps();
    await expect(
      ingestInbound(store.db, deps, ws.workspaceId, { ...inbound('x-1', 'hi'), shopId: other.shopId }),
    ).rejects.toMatchObject({ status: 404 });
    expect(published).toHaveLength(0);
  });

  it('answers a reply, clears the clock, delivers it, and never stores a retry twice', async () => {
    const { deps, delivered } = recordingDeps();
    const { conversation: c } = await ingestInbound(
      store.db,
      deps,
      ws.workspaceId,
      inbound('r-1', 'Hello', 'paul'),
    );
    const agent = { id: ws.agentA.id, role: 'agent' as const, workspaceId: ws.workspaceId };
    const reply = await sendReply(store.db, deps, agent, c.id, { clientId: 'client-0001', body: 'Hi Paul!' });
    expect(reply.conversation.awaitingReplySince).toBeNull();
    expect(reply.conversation.firstResponseAt).toBe(reply.message.createdAt);
    expect(delivered).toHaveLength(1);

    const retry = await sendReply(store.db, deps, agent, c.id, { clientId: 'client-0001', body: 'Hi Paul!' });
    expect(retry.message.id).toBe(reply.message.id);
    expect(delivered).toHaveLength(1);
  });

  it('refuses replies to closed conversations and to chats assigned to someone else', async () => {
    const { deps } = recordingDeps();
    const { conversation: c } = await ingestInbound(
      store.db,
      deps,
      ws.workspaceId,
      inbound('c-1', 'Hi', 'closed_one'),
    );
    await store.db
      .update(conversation)
      .set({ status: 'closed', closedAt: new Date() })
      .where(eq(conversation.id, c.id));
    const agent = { id: ws.agentA.id, role: 'agent' as const, workspaceId: ws.workspaceId };
    await expect(
      sendReply(store.db, deps, agent, c.id, { clientId: 'client-0002', body: 'x' }),
    ).rejects.toMatchObject({
      status: 409,
    });

    const { conversation: d } = await ingestInbound(
      store.db,
      deps,
      ws.workspaceId,
      inbound('c-2', 'Hi', 'theirs'),
    );
    await store.db.update(conversation).set({ assigneeId: ws.agentB.id }).where(eq(conversation.id, d.id));
    await expect(
      sendReply(store.db, deps, agent, d.id, { clientId: 'client-0003', body: 'x' }),
    ).rejects.toMatchObject({
      status: 403,
    });
    // A manager may answer any chat.
    const manager = { id: ws.manager.id, role: 'manager' as const, workspaceId: ws.workspaceId };
    await expect(
      sendReply(store.db, deps, manager, d.id, { clientId: 'client-0004', body: 'ok' }),
    ).resolves.toBeTruthy();
  });

  it('keeps the event log strictly increasing and shows each member only what they may see', async () => {
    const { deps } = recordingDeps();
    const { conversation: c } = await ingestInbound(
      store.db,
      deps,
      ws.workspaceId,
      inbound('v-1', 'Hi', 'visible'),
    );
    await store.db.update(conversation).set({ assigneeId: ws.agentB.id }).where(eq(conversation.id, c.id));
    const agentB = { id: ws.agentB.id, role: 'agent' as const, workspaceId: ws.workspaceId };
    await markRead(store.db, deps, agentB, c.id, new Date());
    await sendReply(store.db, deps, agentB, c.id, { clientId: 'client-v-001', body: 'Hello' });

    const all = await readEventsAfter(store.db, ws.workspaceId, { id: ws.owner.id, role: 'owner' }, 0, 1000);
    const seqs = all.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    // The owner sees the reply but not agent B's private read mark.
    expect(all.events.some((e) => e.type === 'conversation.read')).toBe(false);

    const forA = await readEventsAfter(
      store.db,
      ws.workspaceId,
      { id: ws.agentA.id, role: 'agent' },
      0,
      1000,
    );
    expect(
      forA.events.some((e) => e.type === 'message.created' && e.message.clientId === 'client-v-001'),
    ).toBe(false);
    expect(forA.lastSeq).toBe(all.lastSeq);

    const forB = await readEventsAfter(
      store.db,
      ws.workspaceId,
      { id: ws.agentB.id, role: 'agent' },
      0,
      1000,
    );
    expect(forB.events.some((e) => e.type === 'conversation.read')).toBe(true);
  });

  it('pages the log without skipping or repeating an event', async () => {
    const owner = { id: ws.owner.id, role: 'owner' as const };
    const whole = await readEventsAfter(store.db, ws.workspaceId, owner, 0, 1000);
    const paged = [];
    let after = 0;
    for (;;) {
      const page = await readEventsAfter(store.db, ws.workspaceId, owner, after, 3);
      paged.push(...page.events);
      after = page.lastSeq;
      if (!page.hasMore) break;
    }
    expect(paged.map((e) => e.seq)).toEqual(whole.events.map((e) => e.seq));
  });

  it('gives concurrent writers distinct, gap-free seqs', async () => {
    const { deps } = recordingDeps();
    const before = await readEventsAfter(
      store.db,
      ws.workspaceId,
      { id: ws.owner.id, role: 'owner' },
      0,
      10_000,
    );
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        ingestInbound(store.db, deps, ws.workspaceId, inbound(`p-${i}`, `message ${i}`, `parallel_${i % 3}`)),
      ),
    );
    const after = await readEventsAfter(
      store.db,
      ws.workspaceId,
      { id: ws.owner.id, role: 'owner' },
      before.lastSeq,
      10_000,
    );
    const seqs = after.events.map((e) => e.seq);
    expect(seqs).toHaveLength(24);
    expect(seqs).toEqual(Array.from({ length: 24 }, (_, i) => before.lastSeq + 1 + i));
    // Three customers, three conversations: the racing first messages did not open duplicates.
    const conversationIds = new Set(
      after.events.flatMap((e) => (e.type === 'message.created' ? [e.message.conversationId] : [])),
    );
    expect(conversationIds.size).toBe(3);
  });
});
