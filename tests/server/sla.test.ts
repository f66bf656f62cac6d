import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncEvent } from '../../lib/protocol';
import type { SidedeskServer } from '../../server/app';
import { newId } from '../../server/ids';
import { ingestInbound } from '../../server/inbox/ingest';
import type { Clock } from '../../server/sla/scheduler';
import { openStore, type Store } from '../../server/store';
import { readEventsAfter } from '../../server/store/events';
import { conversation, shop } from '../../server/store/schema';
import { api, signInOver, startTestServer } from '../fixtures/server';
import { openTestStore, storeKinds, warnIfPostgresSkipped } from '../fixtures/stores';
import { createWorkspace, PASSWORD } from '../fixtures/workspace';

warnIfPostgresSkipped();

const HOUR = 3_600_000;

/** A clock the test moves by hand: weeks pass in milliseconds. */
function handClock(start: Date): Clock & { set(at: Date): void } {
  let now = start;
  return { now: () => now, set: (at) => (now = at) };
}

describe.each(storeKinds)('the SLA clock on %s', (kind) => {
  let store: Store;
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  // Now, to the second: writes date their deadlines by the real clock, the scheduler by the hand clock.
  const t0 = new Date(Math.floor(Date.now() / 1000) * 1000);

  beforeAll(async () => {
    store = await openTestStore(kind);
    ws = await createWorkspace(store.db);
  });
  afterAll(async () => store?.close());

  const arrive = async (server: SidedeskServer, sentAt: Date) =>
    (
      await ingestInbound(store.db, server.deps, ws.workspaceId, {
        shopId: ws.shopId,
        channel: 'marketplace',
        customerHandle: newId('waiting'),
        customerName: 'Waiting Customer',
        externalId: newId('ext'),
        body: 'Hello? Anyone?',
        sentAt: sentAt.toISOString(),
      })
    ).conversation.id;
  const slaEvents = async (conversationId: string) =>
    (
      await readEventsAfter(store.db, ws.workspaceId, { id: ws.owner.id, role: 'owner' }, 0, 100_000)
    ).events.filter(
      (e): e is Extract<SyncEvent, { type: 'conversation.sla' }> =>
        e.type === 'conversation.sla' && e.conversationId === conversationId,
    );
  const tick = async (server: SidedeskServer, clock: ReturnType<typeof handClock>, at: Date) => {
    clock.set(at);
    server.scheduler.poke();
    await server.scheduler.settled();
  };

  it('fires due soon at 20 h, overdue at 24 h, each once, and auto-closes at 7 days, read-only after', async () => {
    const clock = handClock(t0);
    const server = await startTestServer(store, {}, { clock });
    try {
      const id = await arrive(server, t0);
      const [row] = await store.db.select().from(conversation).where(eq(conversation.id, id));
      expect(row).toMatchObject({
        nextDeadlineKind: 'due_soon',
        nextDeadlineAt: new Date(t0.getTime() + 20 * HOUR),
      });

      await tick(server, clock, new Date(t0.getTime() + 20 * HOUR - 1000));
      expect(await slaEvents(id)).toEqual([]);
      await tick(server, clock, new Date(t0.getTime() + 20 * HOUR));
      await tick(server, clock, new Date(t0.getTime() + 20 * HOUR + 500));
      expect((await slaEvents(id)).map((e) => e.step)).toEqual(['due_soon']);
      await tick(server, clock, new Date(t0.getTime() + 24 * HOUR));
      expect((await slaEvents(id)).map((e) => e.step)).toEqual(['due_soon', 'overdue']);

      await tick(server, clock, new Date(t0.getTime() + 7 * 24 * HOUR));
      const [closed] = await store.db.select().from(conversation).where(eq(conversation.id, id));
      expect(closed).toMatchObject({ status: 'closed', closedReason: 'reply_timeout', nextDeadlineAt: null });
      const { token } = await signInOver(server.url, ws.manager.email, PASSWORD);
      const reply = await api(server.url, token)('POST', `/api/conversations/${id}/replies`, {
        clientId: newId('client'),
        body: 'Sorry for the wait',
      });
      expect(reply.status).toBe(409);
      expect(reply.body?.message).toContain('closed');
    } finally {
      await server.close();
    }
  });

  it('stops the clock when a member replies', async () => {
    const clock = handClock(t0);
    const server = await startTestServer(store, {}, { clock });
    try {
      const id = await arrive(server, t0);
      const { token } = await signInOver(server.url, ws.manager.email, PASSWORD);
      await api(server.url, token)('POST', `/api/conversations/${id}/replies`, {
        clientId: newId('c'),
        body: 'Hi!',
      });
      const [row] = await store.db.select().from(conversation).where(eq(conversation.id, id));
      expect(row?.nextDeadlineAt).toBeNull();
      await tick(server, clock, new Date(t0.getTime() + 30 * HOUR));
      expect(await slaEvents(id)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('brings a snoozed chat back at its time, once, and tells its member', async () => {
    const clock = handClock(t0);
    const server = await startTestServer(store, {}, { clock });
    try {
      const id = await arrive(server, t0);
      const { token } = await signInOver(server.url, ws.manager.email, PASSWORD);
      const until = new Date(t0.getTime() + 2 * HOUR);
      const past = await api(server.url, token)('POST', `/api/conversations/${id}/snooze`, {
        until: new Date(t0.getTime() - HOUR).toISOString(),
      });
      expect(past.status).toBe(400);
      expect(
        (
          await api(server.url, token)('POST', `/api/conversations/${id}/snooze`, {
            until: until.toISOString(),
          })
        ).status,
      ).toBe(200);
      expect((await store.db.select().from(conversation).where(eq(conversation.id, id)))[0]).toMatchObject({
        status: 'snoozed',
        nextDeadlineKind: 'snooze_wake',
        nextDeadlineAt: until,
      });
      await tick(server, clock, new Date(until.getTime() - 1));
      expect((await store.db.select().from(conversation).where(eq(conversation.id, id)))[0]?.status).toBe(
        'snoozed',
      );
      await tick(server, clock, until);
      await tick(server, clock, new Date(until.getTime() + 1000));
      const [woken] = await store.db.select().from(conversation).where(eq(conversation.id, id));
      expect(woken).toMatchObject({ status: 'open', snoozedUntil: null, nextDeadlineKind: 'due_soon' });
      expect((await slaEvents(id)).map((e) => e.step)).toEqual(['snooze_ended']);
    } finally {
      await server.close();
    }
  });

  it('counts in the business hours a shop sets, and refuses a calendar that does not hold together', async () => {
    const shopWs = await createWorkspace(store.db, 'Office hours');
    const server = await startTestServer(store);
    try {
      const { token } = await signInOver(server.url, shopWs.owner.email, PASSWORD);
      const { token: agentToken } = await signInOver(server.url, shopWs.agentA.email, PASSWORD);
      const route = `/api/shops/${shopWs.shopId}/sla-settings`;
      const weekdays = { start: '09:00', end: '18:00' };
      const settings = {
        dueSoonHours: 2,
        overdueHours: 4,
        autoCloseDays: 7,
        businessHours: {
          timeZone: 'Europe/Rome',
          weekly: { '1': [weekdays], '2': [weekdays], '3': [weekdays], '4': [weekdays], '5': [weekdays] },
          holidays: [],
        },
      };
      expect((await api(server.url, agentToken)('PUT', route, settings)).status).toBe(403);
      const overlapping = {
        ...settings,
        businessHours: {
          ...settings.businessHours,
          weekly: { '1': [weekdays, { start: '17:00', end: '19:00' }] },
        },
      };
      const bad = await api(server.url, token)('PUT', route, overlapping);
      expect(bad.status).toBe(400);
      expect(bad.body?.field).toBe('body.businessHours');
      expect((await api(server.url, token)('PUT', route, settings)).status).toBe(200);
      // Automated messages leave the clock running unless the shop turns this on.
      expect((await api(server.url, token)('GET', route)).body).toMatchObject({
        automatedRepliesStopClock: false,
      });
      await api(server.url, token)('PUT', route, { ...settings, automatedRepliesStopClock: true });
      expect((await api(server.url, token)('GET', route)).body).toMatchObject({
        ...settings,
        automatedRepliesStopClock: true,
      });

      // Friday 17:00 in Rome (a Friday far ahead, so the test never ages): two working hours on is Monday 10:00.
      const friday = new Date('2030-11-22T16:00:00.000Z');
      const { conversation: c } = await ingestInbound(store.db, server.deps, shopWs.workspaceId, {
        shopId: shopWs.shopId,
        channel: 'marketplace',
        customerHandle: 'friday_evening',
        customerName: 'Friday Customer',
        externalId: newId('ext'),
        body: 'Before the weekend?',
        sentAt: friday.toISOString(),
      });
      const [row] = await store.db.select().from(conversation).where(eq(conversation.id, c.id));
      expect(row).toMatchObject({
        nextDeadlineKind: 'due_soon',
        nextDeadlineAt: new Date('2030-11-25T09:00:00.000Z'),
      });
    } finally {
      await server.close();
    }
  });

  it('moves the deadlines of waiting conversations when the shop changes its thresholds', async () => {
    const shopWs = await createWorkspace(store.db, 'Changing rules');
    const server = await startTestServer(store);
    try {
      const sentAt = new Date();
      const { conversation: c } = await ingestInbound(store.db, server.deps, shopWs.workspaceId, {
        shopId: shopWs.shopId,
        channel: 'marketplace',
        customerHandle: 'patient',
        customerName: 'Patient Customer',
        externalId: newId('ext'),
        body: 'Still there?',
        sentAt: sentAt.toISOString(),
      });
      const deadline = async () =>
        (
          await store.db.select().from(conversation).where(eq(conversation.id, c.id))
        )[0]?.nextDeadlineAt?.getTime();
      expect(await deadline()).toBe(sentAt.getTime() + 20 * HOUR);
      const { token } = await signInOver(server.url, shopWs.owner.email, PASSWORD);
      const response = await api(server.url, token)('PUT', `/api/shops/${shopWs.shopId}/sla-settings`, {
        dueSoonHours: 2,
        overdueHours: 4,
        autoCloseDays: 3,
        businessHours: null,
      });
      expect(response.status).toBe(200);
      expect(await deadline()).toBe(sentAt.getTime() + 2 * HOUR);
    } finally {
      await server.close();
    }
  });

  it('fires at start a deadline that passed while the server was down', async () => {
    const clock = handClock(t0);
    const first = await startTestServer(store, {}, { clock });
    const id = await arrive(first, t0);
    await first.close();
    clock.set(new Date(t0.getTime() + 21 * HOUR));
    const second = await startTestServer(store, {}, { clock });
    try {
      await second.scheduler.settled();
      expect((await slaEvents(id)).map((e) => e.step)).toEqual(['due_soon']);
    } finally {
      await second.close();
    }
  });

  it('fires within a second of the deadline on the real clock', async () => {
    // A shop whose "due soon" comes after 0.5 s, so the real clock can be watched.
    const fast = await createWorkspace(store.db, 'Fast shop');
    await store.db
      .update(shop)
      .set({ settings: { dueSoonHours: 0.5 / 3600, overdueHours: 24 } })
      .where(eq(shop.id, fast.shopId));
    const server = await startTestServer(store);
    try {
      const sentAt = new Date();
      const { conversation: c } = await ingestInbound(store.db, server.deps, fast.workspaceId, {
        shopId: fast.shopId,
        channel: 'marketplace',
        customerHandle: 'quick',
        customerName: 'Quick Customer',
        externalId: newId('ext'),
        body: 'Fast?',
        sentAt: sentAt.toISOString(),
      });
      const dueAt = sentAt.getTime() + 500;
      await expect
        .poll(
          async () =>
            (
              await readEventsAfter(store.db, fast.workspaceId, { id: fast.owner.id, role: 'owner' }, 0, 1000)
            ).events.find((e) => e.type === 'conversation.sla' && e.conversationId === c.id),
          { timeout: 5_000, interval: 20 },
        )
        .toBeTruthy();
      const lag = Date.now() - dueAt;
      expect(lag).toBeLessThan(1_000);
    } finally {
      await server.close();
    }
  });
});

const cluster = Boolean(process.env.TEST_DATABASE_URL && process.env.REDIS_URL);
describe.runIf(cluster)('the SLA clock on three instances', () => {
  it('elects one scheduler and fires each deadline exactly once', async () => {
    const first = await openTestStore('postgres');
    const stores = [
      first,
      await openStore({ databaseUrl: first.url! }),
      await openStore({ databaseUrl: first.url! }),
    ];
    const ws = await createWorkspace(first.db);
    // Now, to the second: writes date their deadlines by the real clock, the scheduler by the hand clock.
    const t0 = new Date(Math.floor(Date.now() / 1000) * 1000);
    const clock = handClock(t0);
    const servers: SidedeskServer[] = [];
    try {
      for (const s of stores)
        servers.push(await startTestServer(s, { REDIS_URL: process.env.REDIS_URL! }, { clock }));
      expect(servers.filter((s) => s.scheduler.isLeader)).toHaveLength(1);
      const ids = [];
      for (const [i, server] of servers.entries()) {
        const { conversation: c } = await ingestInbound(stores[i]!.db, server.deps, ws.workspaceId, {
          shopId: ws.shopId,
          channel: 'marketplace',
          customerHandle: `cluster-${i}`,
          customerName: 'Cluster Customer',
          externalId: newId('ext'),
          body: 'Hi',
          sentAt: t0.toISOString(),
        });
        ids.push(c.id);
      }
      clock.set(new Date(t0.getTime() + 20 * HOUR));
      // Every instance is asked; only the elected one fires.
      for (const server of servers) server.scheduler.poke();
      for (const server of servers) await server.scheduler.settled();
      for (const server of servers) server.scheduler.poke();
      for (const server of servers) await server.scheduler.settled();
      const events = (
        await readEventsAfter(first.db, ws.workspaceId, { id: ws.owner.id, role: 'owner' }, 0, 1000)
      ).events;
      const fired = events.filter((e) => e.type === 'conversation.sla');
      expect(fired.map((e) => (e.type === 'conversation.sla' ? e.conversationId : '')).sort()).toEqual(
        [...ids].sort(),
      );
      const rows = await first.db
        .select({ kind: conversation.nextDeadlineKind })
        .from(conversation)
        .where(and(eq(conversation.workspaceId, ws.workspaceId)));
      expect(rows.every((r) => r.kind === 'overdue')).toBe(true);
    } finally {
      for (const s of servers) await s.close();
      for (const s of stores.slice(1)) await s.close();
      await first.close();
    }
  });

  it('hands the clock to a standby when the elected instance stops', async () => {
    const first = await openTestStore('postgres');
    const second = await openStore({ databaseUrl: first.url! });
    const servers = [
      await startTestServer(first, { REDIS_URL: process.env.REDIS_URL! }),
      await startTestServer(second, { REDIS_URL: process.env.REDIS_URL! }),
    ];
    try {
      const leader = servers.find((s) => s.scheduler.isLeader)!;
      const standby = servers.find((s) => !s.scheduler.isLeader)!;
      expect(standby).toBeDefined();
      await leader.close();
      // The lock goes with the leader's session; the standby retries every 5 s.
      await expect.poll(() => standby.scheduler.isLeader, { timeout: 8_000, interval: 200 }).toBe(true);
    } finally {
      for (const s of servers) await s.close().catch(() => {});
      await second.close();
      await first.close();
    }
  }, 20_000);
});
