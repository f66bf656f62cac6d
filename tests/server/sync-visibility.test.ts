import 'fake-indexeddb/auto';
import { eq, inArray } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SidedeskDb } from '../../lib/client/db';
import { SyncEngine } from '../../lib/client/sync';
import { canSeeConversation, type Viewer } from '../../lib/domain/visibility';
import { syncPage, type Role, type SyncEvent } from '../../lib/protocol';
import type { SidedeskServer } from '../../server/app';
import { newId } from '../../server/ids';
import { ingestInbound } from '../../server/inbox/ingest';
import type { Store } from '../../server/store';
import { conversation, member, message } from '../../server/store/schema';
import { api, connectMember, signInOver, startTestServer, type MemberSocket } from '../fixtures/server';
import { openTestStore, storeKinds, warnIfPostgresSkipped } from '../fixtures/stores';
import { createWorkspace, PASSWORD } from '../fixtures/workspace';

/**
 * The sync contract's promise about sight: whenever a member gains sight of a conversation (assigned,
 * transferred, taken from the queue, returned to the queue, or a role that widens) their cache receives the
 * whole conversation with its messages, and when they lose sight of it, it leaves their cache. Checked with
 * the real server, the real sockets and the extension's real sync engine on an IndexedDB of its own per
 * member, through pushes, missed pushes, reconnects and stopped workers.
 */
warnIfPostgresSkipped();

const PEOPLE = ['owner', 'manager', 'agentA', 'agentB'] as const;
type Person = (typeof PEOPLE)[number];
const ASSIGNABLE = ['manager', 'agentA', 'agentB', null] as const;

type Step =
  | { kind: 'arrive'; customer: number }
  | { kind: 'reply'; by: Person; pick: number }
  | { kind: 'assign'; pick: number; to: (typeof ASSIGNABLE)[number] }
  | { kind: 'transfer'; pick: number; to: 'manager' | 'agentA' | 'agentB' }
  | { kind: 'close'; pick: number }
  | { kind: 'role'; role: Role }
  | { kind: 'disconnect'; who: Person }
  | { kind: 'reconnect'; who: Person }
  | { kind: 'restartWorker'; who: Person };

const person = fc.constantFrom(...PEOPLE);
const pick = fc.nat(20);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('arrive' as const), customer: fc.nat(3) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('reply' as const), by: person, pick }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('assign' as const), pick, to: fc.constantFrom(...ASSIGNABLE) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('transfer' as const),
      pick,
      to: fc.constantFrom('manager' as const, 'agentA' as const, 'agentB' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), pick }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('role' as const),
      role: fc.constantFrom<Role>('agent', 'manager'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('disconnect' as const), who: person }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reconnect' as const), who: person }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restartWorker' as const), who: person }) },
);

/** One member's browser: a cache, a sync engine (a new one when the worker restarts) and maybe a socket. */
interface Browser {
  viewer: Viewer;
  token: string;
  db: SidedeskDb;
  engine: SyncEngine;
  socket: MemberSocket | null;
}

describe.each(storeKinds)('sync of what a member may see (%s)', (kind) => {
  let store: Store;
  let server: SidedeskServer;

  beforeAll(async () => {
    store = await openTestStore(kind);
    server = await startTestServer(store, { PRESENCE_GRACE_SECONDS: '0' });
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
  });

  const db = () => store.db;

  function engineFor(browser: Omit<Browser, 'engine' | 'socket'>): SyncEngine {
    return new SyncEngine(
      browser.db,
      async (after) => {
        const response = await fetch(`${server.url}/api/sync?after=${after}&limit=7`, {
          headers: { authorization: `Bearer ${browser.token}` },
        });
        if (!response.ok) throw new Error(`sync: ${response.status}`);
        return syncPage.parse(await response.json());
      },
      browser.viewer,
    );
  }

  async function connect(browser: Browser): Promise<void> {
    const socket = await connectMember(server.url, browser.token);
    socket.on('sync:event', (event: SyncEvent) => void browser.engine.receive(event));
    browser.socket = socket;
    await browser.engine.catchUp();
  }

  /** The conversations and message ids the member may see now, from the server's tables. */
  async function visibleTo(workspaceId: string, viewer: Viewer) {
    const rows = await db().select().from(conversation).where(eq(conversation.workspaceId, workspaceId));
    const seen = rows.filter((c) => canSeeConversation(viewer, c));
    const messages =
      seen.length === 0
        ? []
        : await db()
            .select({ id: message.id, conversationId: message.conversationId })
            .from(message)
            .where(
              inArray(
                message.conversationId,
                seen.map((c) => c.id),
              ),
            );
    return {
      conversations: seen.map((c) => ({ id: c.id, assigneeId: c.assigneeId, status: c.status })).sort(byId),
      messageIds: messages.map((m) => m.id).sort(),
    };
  }

  async function cached(browser: Browser) {
    const conversations = await browser.db.conversations.toArray();
    const messages = await browser.db.messages.toArray();
    return {
      conversations: conversations
        .map((c) => ({ id: c.id, assigneeId: c.assigneeId, status: c.status }))
        .sort(byId),
      messageIds: messages
        .filter((m) => !m.pending)
        .map((m) => m.id)
        .sort(),
    };
  }

  async function runScenario(steps: Step[]) {
    const ws = await createWorkspace(db());
    const browsers = {} as Record<Person, Browser>;
    for (const who of PEOPLE) {
      const session = await signInOver(server.url, ws[who].email, PASSWORD);
      const base = {
        viewer: { id: ws[who].id, role: ws[who].role as Role },
        token: session.token,
        db: new SidedeskDb(`sync-${newId('db')}`),
      };
      browsers[who] = { ...base, engine: engineFor(base), socket: null };
      await connect(browsers[who]);
    }
    const idOf = (who: (typeof ASSIGNABLE)[number]) => (who === null ? null : ws[who].id);
    const conversations = async () =>
      db()
        .select({ id: conversation.id, assigneeId: conversation.assigneeId, status: conversation.status })
        .from(conversation)
        .where(eq(conversation.workspaceId, ws.workspaceId))
        .orderBy(conversation.createdAt, conversation.id);
    const nth = async (n: number) => {
      const all = await conversations();
      return all.length === 0 ? null : all[n % all.length]!;
    };
    const as = (who: Person) => api(server.url, browsers[who].token);

    try {
      for (const s of steps) {
        switch (s.kind) {
          case 'arrive':
            await ingestInbound(db(), server.deps, ws.workspaceId, {
              shopId: ws.shopId,
              channel: 'marketplace',
              customerHandle: `customer-${s.customer}`,
              customerName: `Customer ${s.customer}`,
              externalId: newId('ext'),
              body: `A question from customer ${s.customer}`,
            });
            break;
          case 'reply': {
            const target = await nth(s.pick);
            if (!target) break;
            // Refused when the member may not see it or it is closed; either way nothing to check here.
            await as(s.by)('POST', `/api/conversations/${target.id}/replies`, {
              clientId: newId('client'),
              body: `A reply by ${s.by}`,
            });
            break;
          }
          case 'assign': {
            const target = await nth(s.pick);
            if (!target || target.status === 'closed') break;
            const response = await as('manager')('POST', `/api/conversations/${target.id}/assign`, {
              assigneeId: idOf(s.to),
            });
            expect(response.status, JSON.stringify(response.body)).toBeLessThan(500);
            break;
          }
          case 'transfer': {
            const target = await nth(s.pick);
            if (!target || target.status === 'closed' || target.assigneeId === null) break;
            const by = PEOPLE.find((p) => ws[p].id === target.assigneeId)!;
            const response = await as(by)('POST', `/api/conversations/${target.id}/transfer`, {
              toMemberId: idOf(s.to),
            });
            expect(response.status, JSON.stringify(response.body)).toBeLessThan(500);
            break;
          }
          case 'close': {
            const target = await nth(s.pick);
            if (!target || target.status === 'closed') break;
            await as('manager')('POST', `/api/conversations/${target.id}/close`);
            break;
          }
          case 'role': {
            // Agent B becomes a manager or an agent again; the browser finds out on its next catch-up.
            await db().update(member).set({ role: s.role }).where(eq(member.id, ws.agentB.id));
            const browser = browsers.agentB;
            browser.viewer = { ...browser.viewer, role: s.role };
            // The socket's rooms were chosen for the old role: it connects again.
            browser.socket?.disconnect();
            browser.socket = null;
            await connect(browser);
            break;
          }
          case 'disconnect':
            browsers[s.who].socket?.disconnect();
            browsers[s.who].socket = null;
            break;
          case 'reconnect':
            if (!browsers[s.who].socket) await connect(browsers[s.who]);
            break;
          case 'restartWorker': {
            const browser = browsers[s.who];
            browser.socket?.disconnect();
            browser.socket = null;
            browser.engine = engineFor(browser);
            await connect(browser);
            break;
          }
        }
        await server.assignment.settled();
      }
      // Pushes in flight land, then every browser comes back and catches up.
      await new Promise((r) => setTimeout(r, 30));
      for (const who of PEOPLE) {
        if (!browsers[who].socket) await connect(browsers[who]);
        else await browsers[who].engine.catchUp();
      }
      for (const who of PEOPLE) {
        const browser = browsers[who];
        const [row] = await db()
          .select({ role: member.role })
          .from(member)
          .where(eq(member.id, browser.viewer.id));
        const role = row!.role;
        expect(await cached(browser), `${who}'s cache (${role}) after ${JSON.stringify(steps)}`).toEqual(
          await visibleTo(ws.workspaceId, { id: browser.viewer.id, role }),
        );
      }
    } finally {
      for (const who of PEOPLE) {
        browsers[who]?.socket?.disconnect();
        await browsers[who]?.db.delete();
      }
    }
  }

  it('gives a transferred chat to its new agent with its whole history, and takes it from the old one', async () => {
    const ws = await createWorkspace(db());
    const anna = await signInOver(server.url, ws.agentA.email, PASSWORD);
    const bruno = await signInOver(server.url, ws.agentB.email, PASSWORD);
    const {
      conversation: { id: conversationId },
    } = await ingestInbound(db(), server.deps, ws.workspaceId, {
      shopId: ws.shopId,
      channel: 'marketplace',
      customerHandle: 'harry',
      customerName: 'Harry Taylor',
      externalId: newId('ext'),
      body: 'Where is order 572022464320806111?',
    });
    await api(server.url, anna.token)('POST', `/api/conversations/${conversationId}/assign`, {
      assigneeId: ws.agentA.id,
    });
    await api(server.url, anna.token)('POST', `/api/conversations/${conversationId}/replies`, {
      clientId: newId('client'),
      body: 'It ships today.',
    });
    const browserOf = (token: string, viewer: Viewer) => {
      const base = { viewer, token, db: new SidedeskDb(`sync-${newId('db')}`) };
      return { ...base, engine: engineFor(base), socket: null } as Browser;
    };
    const annaBrowser = browserOf(anna.token, { id: ws.agentA.id, role: 'agent' });
    const brunoBrowser = browserOf(bruno.token, { id: ws.agentB.id, role: 'agent' });
    await annaBrowser.engine.catchUp();
    await connect(brunoBrowser);
    expect(await brunoBrowser.db.conversations.get(conversationId)).toBeUndefined();

    const transferred = await api(server.url, anna.token)(
      'POST',
      `/api/conversations/${conversationId}/transfer`,
      {
        toMemberId: ws.agentB.id,
      },
    );
    expect(transferred.status).toBe(200);
    // Bruno's open socket hears of it: his cache gets the customer's question and Anna's reply, in order.
    await expect
      .poll(async () =>
        (
          await brunoBrowser.db.messages
            .where('[conversationId+createdAt]')
            .between([conversationId, ''], [conversationId, '\uffff'])
            .toArray()
        )
          .filter((m) => m.direction !== 'system')
          .map((m) => m.body),
      )
      .toEqual(['Where is order 572022464320806111?', 'It ships today.']);
    // A fresh sign-in of Bruno, on an empty cache, gets the same.
    const fresh = browserOf(bruno.token, { id: ws.agentB.id, role: 'agent' });
    await fresh.engine.catchUp();
    expect((await fresh.db.messages.toArray()).map((m) => m.id).sort()).toEqual(
      (await brunoBrowser.db.messages.toArray()).map((m) => m.id).sort(),
    );
    // Anna no longer sees it: it leaves her cache, messages and all.
    await annaBrowser.engine.catchUp();
    expect(await annaBrowser.db.conversations.get(conversationId)).toBeUndefined();
    expect(await annaBrowser.db.messages.count()).toBe(0);
    brunoBrowser.socket?.disconnect();
    for (const b of [annaBrowser, brunoBrowser, fresh]) await b.db.delete();
  });

  it('builds the cache again from the whole log when a role widens or narrows', async () => {
    const ws = await createWorkspace(db());
    const bruno = await signInOver(server.url, ws.agentB.email, PASSWORD);
    const {
      conversation: { id: conversationId },
    } = await ingestInbound(db(), server.deps, ws.workspaceId, {
      shopId: ws.shopId,
      channel: 'marketplace',
      customerHandle: 'giulia',
      customerName: 'Giulia Rossi',
      externalId: newId('ext'),
      body: 'Posso cambiare la taglia?',
    });
    const manager = await signInOver(server.url, ws.manager.email, PASSWORD);
    await api(server.url, manager.token)('POST', `/api/conversations/${conversationId}/assign`, {
      assigneeId: ws.agentA.id,
    });
    const base = {
      viewer: { id: ws.agentB.id, role: 'agent' as Role },
      token: bruno.token,
      db: new SidedeskDb(`sync-${newId('db')}`),
    };
    const browser: Browser = { ...base, engine: engineFor(base), socket: null };
    await browser.engine.catchUp();
    expect(await browser.db.conversations.get(conversationId)).toBeUndefined();

    // Bruno becomes a manager: Anna's chat, with the customer's question, is his to see now.
    await db().update(member).set({ role: 'manager' }).where(eq(member.id, ws.agentB.id));
    await browser.engine.catchUp();
    expect((await browser.db.conversations.get(conversationId))?.assigneeId).toBe(ws.agentA.id);
    expect((await browser.db.messages.toArray()).map((m) => m.body)).toContain('Posso cambiare la taglia?');

    // And an agent again: it leaves his cache.
    await db().update(member).set({ role: 'agent' }).where(eq(member.id, ws.agentB.id));
    await browser.engine.catchUp();
    expect(await browser.db.conversations.count()).toBe(0);
    expect(await browser.db.messages.count()).toBe(0);
    await browser.db.delete();
  });

  it("keeps every member's cache equal to what they may see, over generated assignment histories", async () => {
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 25 }), runScenario), {
      numRuns: kind === 'pglite' ? 12 : 8,
      endOnFailure: true,
    });
  }, 240_000);
});

const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
