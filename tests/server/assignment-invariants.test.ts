import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncEvent } from '../../lib/protocol';
import type { SidedeskServer } from '../../server/app';
import { newId } from '../../server/ids';
import { ingestInbound } from '../../server/inbox/ingest';
import { openStore, type Store } from '../../server/store';
import { readEventsAfter } from '../../server/store/events';
import { conversation, member, memberPresence } from '../../server/store/schema';
import { api, connectMember, signInOver, startTestServer, type MemberSocket } from '../fixtures/server';
import { openTestStore } from '../fixtures/stores';
import { createWorkspace, PASSWORD } from '../fixtures/workspace';

/**
 * The queue's invariants (product §5) under generated interleavings of arrivals, closes, presence changes,
 * capacity changes and transfers, on three server instances sharing one PostgreSQL and one Redis.
 */
const cluster = Boolean(process.env.TEST_DATABASE_URL && process.env.REDIS_URL);
if (!cluster)
  console.warn(
    'Assignment invariants on three instances skipped: they need TEST_DATABASE_URL and REDIS_URL.',
  );

const AGENTS = ['agentA', 'agentB'] as const;
type Agent = (typeof AGENTS)[number];

type Step =
  | { kind: 'arrive'; instance: number }
  | { kind: 'close'; instance: number; pick: number }
  | { kind: 'connect'; agent: Agent; instance: number }
  | { kind: 'disconnect'; agent: Agent }
  | { kind: 'windows'; agent: Agent; open: boolean }
  | { kind: 'toggle'; agent: Agent; on: boolean }
  | { kind: 'capacity'; agent: Agent; instance: number; capacity: number }
  | { kind: 'transfer'; instance: number; pick: number; to: Agent };

const instance = fc.integer({ min: 0, max: 2 });
const agent = fc.constantFrom(...AGENTS);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('arrive' as const), instance }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('close' as const), instance, pick: fc.nat(50) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('connect' as const), agent, instance }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('disconnect' as const), agent }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('windows' as const), agent, open: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('toggle' as const), agent, on: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('capacity' as const),
      agent,
      instance,
      capacity: fc.integer({ min: 0, max: 4 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('transfer' as const), instance, pick: fc.nat(50), to: agent }),
  },
);

describe.runIf(cluster)('assignment invariants on three instances', () => {
  let stores: Store[];
  let servers: SidedeskServer[];

  beforeAll(async () => {
    const first = await openTestStore('postgres');
    stores = [
      first,
      await openStore({ databaseUrl: first.url! }),
      await openStore({ databaseUrl: first.url! }),
    ];
    servers = await Promise.all(
      stores.map((s) =>
        startTestServer(s, { REDIS_URL: process.env.REDIS_URL!, PRESENCE_GRACE_SECONDS: '0' }),
      ),
    );
  });
  afterAll(async () => {
    for (const s of servers ?? []) await s.close();
    for (const s of (stores ?? []).slice(1)) await s.close();
    await stores?.[0]?.close();
  });

  const db = () => stores[0]!.db;
  const settle = async () => {
    for (let round = 0; round < 2; round++) {
      await new Promise((r) => setTimeout(r, 15));
      await Promise.all(servers.map((s) => s.assignment.settled()));
    }
  };

  /** One scenario: a fresh workspace, the steps in order, every invariant checked after each. */
  async function runScenario(steps: Step[]) {
    const ws = await createWorkspace(db());
    const tokens = Object.fromEntries(
      await Promise.all(
        (['manager', ...AGENTS] as const).map(async (who) => [
          who,
          (await signInOver(servers[0]!.url, ws[who].email, PASSWORD)).token,
        ]),
      ),
    ) as Record<'manager' | Agent, string>;
    const model = {
      sockets: { agentA: [] as MemberSocket[], agentB: [] as MemberSocket[] },
      windows: { agentA: true, agentB: true },
      toggle: { agentA: true, agentB: true },
      capacity: { agentA: 10, agentB: 10 },
      arrivals: 0,
    };
    const memberId = (a: Agent) => ws[a].id;
    try {
      for (const s of steps) {
        await apply(s);
        await settle();
        await checkInvariants();
      }
    } finally {
      for (const a of AGENTS) for (const socket of model.sockets[a]) socket.disconnect();
    }

    async function openConversations() {
      return db()
        .select({ id: conversation.id, assigneeId: conversation.assigneeId })
        .from(conversation)
        .where(sql`${conversation.workspaceId} = ${ws.workspaceId} and ${conversation.status} = 'open'`)
        .orderBy(conversation.createdAt);
    }

    async function apply(s: Step): Promise<void> {
      const server = 'instance' in s ? servers[s.instance]! : servers[0]!;
      switch (s.kind) {
        case 'arrive':
          model.arrivals++;
          await ingestInbound(stores[s.instance]!.db, server.deps, ws.workspaceId, {
            shopId: ws.shopId,
            channel: 'marketplace',
            customerHandle: newId('handle'),
            customerName: 'Generated Customer',
            externalId: newId('ext'),
            body: 'Hello',
          });
          return;
        case 'close': {
          const open = await openConversations();
          if (open.length === 0) return;
          const target = open[s.pick % open.length]!;
          expect(
            (await api(server.url, tokens.manager)('POST', `/api/conversations/${target.id}/close`)).status,
          ).toBe(200);
          return;
        }
        case 'connect': {
          const socket = await connectMember(server.url, tokens[s.agent]);
          model.sockets[s.agent].push(socket);
          await socket
            .timeout(5000)
            .emitWithAck('heartbeat', { openWindows: model.windows[s.agent] ? 1 : 0 });
          return;
        }
        case 'disconnect': {
          const socket = model.sockets[s.agent].pop();
          if (!socket) return;
          const id = socket.id!;
          socket.disconnect();
          await expect
            .poll(
              async () =>
                (await db().select().from(memberPresence).where(eq(memberPresence.socketId, id))).length,
            )
            .toBe(0);
          return;
        }
        case 'windows':
          model.windows[s.agent] = s.open;
          for (const socket of model.sockets[s.agent]) {
            await socket.timeout(5000).emitWithAck('heartbeat', { openWindows: s.open ? 1 : 0 });
          }
          return;
        case 'toggle':
          model.toggle[s.agent] = s.on;
          expect(
            (
              await api(servers[0]!.url, tokens[s.agent])('PATCH', '/api/members/me', {
                acceptsAutoAssign: s.on,
              })
            ).status,
          ).toBe(200);
          return;
        case 'capacity':
          model.capacity[s.agent] = s.capacity;
          expect(
            (
              await api(server.url, tokens.manager)('PATCH', `/api/members/${memberId(s.agent)}`, {
                capacity: s.capacity,
              })
            ).status,
          ).toBe(200);
          return;
        case 'transfer': {
          const open = (await openConversations()).filter((c) => c.assigneeId !== null);
          if (open.length === 0) return;
          const target = open[s.pick % open.length]!;
          const response = await api(server.url, tokens.manager)(
            'POST',
            `/api/conversations/${target.id}/transfer`,
            {
              toMemberId: memberId(s.to),
            },
          );
          expect(response.status).toBe(200);
          return;
        }
      }
    }

    async function checkInvariants(): Promise<void> {
      const rows = await db()
        .select({
          id: conversation.id,
          status: conversation.status,
          assigneeId: conversation.assigneeId,
          queuedAt: conversation.queuedAt,
        })
        .from(conversation)
        .where(eq(conversation.workspaceId, ws.workspaceId));
      // Never lost: every conversation that arrived exists, and an open one is with a member or in the queue.
      expect(rows).toHaveLength(model.arrivals);
      for (const r of rows.filter((r) => r.status === 'open')) {
        expect(r.assigneeId === null).toBe(r.queuedAt !== null);
      }

      // One assignee, and the event log tells every client the same as the store.
      const log = await readEventsAfter(db(), ws.workspaceId, { id: ws.owner.id, role: 'owner' }, 0, 100_000);
      const replayed = new Map<string, { status: string; assigneeId: string | null }>();
      const loads = () => {
        const byMember = new Map<string, number>();
        for (const c of replayed.values()) {
          if (c.status === 'open' && c.assigneeId)
            byMember.set(c.assigneeId, (byMember.get(c.assigneeId) ?? 0) + 1);
        }
        return byMember;
      };
      for (const e of log.events as SyncEvent[]) {
        if (e.type !== 'conversation.upserted') continue;
        replayed.set(e.conversation.id, {
          status: e.conversation.status,
          assigneeId: e.conversation.assigneeId,
        });
        // Auto-assignment never takes a member above their capacity at the time.
        if (e.assignment?.reason === 'auto' && e.assignment.toMemberId) {
          const agentName = AGENTS.find((a) => memberId(a) === e.assignment!.toMemberId);
          if (agentName)
            expect(loads().get(e.assignment.toMemberId)!).toBeLessThanOrEqual(
              capacityHistory(agentName, e.seq),
            );
        }
      }
      for (const r of rows) expect(replayed.get(r.id)?.assigneeId ?? null).toBe(r.assigneeId);

      // Settled: nothing waits in the queue while an available member has room.
      const queued = rows.filter((r) => r.status === 'open' && r.assigneeId === null).length;
      if (queued > 0) {
        const current = loads();
        for (const a of AGENTS) {
          const available = model.toggle[a] && model.windows[a] && model.sockets[a].length > 0;
          if (available) expect(current.get(memberId(a)) ?? 0).toBeGreaterThanOrEqual(model.capacity[a]);
        }
      }
      // The load the queue decides on (kept by a trigger) is the count of open, assigned conversations.
      const counted = loadsIn(rows);
      const stored = await db()
        .select({ id: member.id, openLoad: member.openLoad })
        .from(member)
        .where(eq(member.workspaceId, ws.workspaceId));
      for (const m of stored) expect(m.openLoad).toBe(counted.get(m.id) ?? 0);
      const dbAvailable = await db().select({ id: member.id, available: member.available }).from(member);
      for (const a of AGENTS) {
        const expected = model.toggle[a] && model.windows[a] && model.sockets[a].length > 0;
        expect(dbAvailable.find((m) => m.id === memberId(a))?.available).toBe(expected);
      }
      capacitySnapshots.push({ seq: log.lastSeq, capacity: { ...model.capacity } });
    }

    // Capacities in force after each step, by the last seq of that step: an auto-assignment is checked
    // against the capacity of the step it happened in.
    function capacityHistory(a: Agent, seq: number): number {
      const after = capacitySnapshots.find((snap) => snap.seq >= seq);
      return (after ?? { capacity: model.capacity }).capacity[a];
    }
  }
  const capacitySnapshots: { seq: number; capacity: Record<Agent, number> }[] = [];
  const loadsIn = (rows: { status: string; assigneeId: string | null }[]) => {
    const loads = new Map<string, number>();
    for (const r of rows)
      if (r.status === 'open' && r.assigneeId) loads.set(r.assigneeId, (loads.get(r.assigneeId) ?? 0) + 1);
    return loads;
  };

  it('keeps every invariant after every step of generated interleavings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 22 }), async (steps) => {
        capacitySnapshots.length = 0;
        await runScenario(steps);
      }),
      { numRuns: 25, endOnFailure: true },
    );
  }, 240_000);

  it('keeps loads within one of each other with equal capacities and steady arrivals', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 4, maxLength: 30 }),
        async (capacity, arrivalInstances) => {
          const ws = await createWorkspace(db());
          const sockets: MemberSocket[] = [];
          try {
            for (const [i, a] of AGENTS.entries()) {
              const { token } = await signInOver(servers[i]!.url, ws[a].email, PASSWORD);
              await api(servers[i]!.url, token)('PATCH', '/api/members/me', { capacity });
              const socket = await connectMember(servers[i]!.url, token);
              sockets.push(socket);
              await socket.timeout(5000).emitWithAck('heartbeat', { openWindows: 1 });
            }
            await settle();
            for (const i of arrivalInstances) {
              await ingestInbound(stores[i]!.db, servers[i]!.deps, ws.workspaceId, {
                shopId: ws.shopId,
                channel: 'marketplace',
                customerHandle: newId('handle'),
                customerName: 'Steady Customer',
                externalId: newId('ext'),
                body: 'Hi',
              });
              await settle();
              const loads = await Promise.all(
                AGENTS.map(async (a) => {
                  const [row] = await db()
                    .select({ n: sql<number>`count(*)::int` })
                    .from(conversation)
                    .where(sql`${conversation.assigneeId} = ${ws[a].id} and ${conversation.status} = 'open'`);
                  return row!.n;
                }),
              );
              expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
            }
          } finally {
            for (const s of sockets) s.disconnect();
          }
        },
      ),
      { numRuns: 8, endOnFailure: true },
    );
  }, 180_000);
});
