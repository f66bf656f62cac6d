import { and, eq, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { isAvailable, mayMoveConversation, pickAssignee } from '../../lib/domain/assignment';
import { isWorkingAt } from '../../lib/domain/working-hours';
import { mayChangeQueueSettings } from '../../lib/domain/roles';
import type { TeamMember } from '../../lib/protocol';
import { conflict, forbidden, notFound } from '../errors';
import type { InboxDeps } from '../inbox/hub';
import type { Db, Tx } from '../store';
import { appendEvents, type AppendedEvent } from '../store/events';
import { conversation, customer, member, memberPresence, memberShop, shop } from '../store/schema';
import { toConversation } from '../store/mappers';
import { storeDeadline } from '../sla/deadlines';
import {
  availableCandidates,
  changeAssignee,
  lockAssignmentQueue,
  oldestQueuedFor,
  type AssignmentOutcome,
} from './queue';

export interface AssignmentOptions {
  /** How long a member who lost every socket stays available (a worker restart, a short network drop). */
  presenceGraceMs: number;
  /** The safety net's period: stale presence of dead instances, missed grace and return timers. */
  sweepMs: number;
  instanceId: string;
  log?: FastifyBaseLogger;
  /** Tells a member's sockets that their status changed (the toggle, availability, capacity). */
  onMemberChanged?: (member: TeamMember) => void;
}

export interface Actor {
  id: string;
  role: 'owner' | 'admin' | 'manager' | 'agent';
  workspaceId: string;
}

const HAND_OUT_BATCH = 50;

/**
 * The assignment queue of one server instance. Decisions run in transactions under the workspace's queue
 * lock, so any instance may take any decision. Hand-outs of queued conversations are triggered by what
 * frees or adds capacity, at once; a slow sweep only catches what a dead instance left behind.
 */
export class AssignmentService {
  private readonly pendingHandOuts = new Set<string>();
  private running: Promise<void> | null = null;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private sweepTimer: ReturnType<typeof setInterval> | null = null;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly deps: InboxDeps,
    readonly options: AssignmentOptions,
  ) {}

  start(): void {
    this.sweepTimer = setInterval(
      () => void this.sweep().catch((e) => this.options.log?.error(e)),
      this.options.sweepMs,
    );
    this.sweepTimer.unref();
  }

  private readonly inFlight = new Set<Promise<unknown>>();

  /** Presence writes under way, which closing waits for before the store goes. */
  private track(work: () => Promise<void>): Promise<void> {
    const running = work();
    this.inFlight.add(running);
    void running.finally(() => this.inFlight.delete(running)).catch(() => {});
    return running;
  }

  /** No more presence writes from this instance: its sockets are about to be dropped on purpose. */
  beginShutdown(): void {
    this.closed = true;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
    await this.settled();
    // This instance's sockets are gone with it; their members' grace starts now, on whichever instance sweeps.
    const gone = await this.db
      .delete(memberPresence)
      .where(eq(memberPresence.instanceId, this.options.instanceId))
      .returning({ memberId: memberPresence.memberId });
    await this.markPresenceLost([...new Set(gone.map((g) => g.memberId))]).catch(() => {});
  }

  /** Resolves once no hand-out is running or waiting (tests and benchmarks wait for the queue to settle). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Hands queued conversations out in the background, once per workspace however often it is asked. */
  requestHandOut(workspaceId: string): void {
    if (this.closed) return;
    this.pendingHandOuts.add(workspaceId);
    this.running ??= this.drainHandOuts().finally(() => {
      this.running = null;
    });
  }

  private async drainHandOuts(): Promise<void> {
    while (this.pendingHandOuts.size > 0) {
      const [workspaceId] = this.pendingHandOuts;
      this.pendingHandOuts.delete(workspaceId!);
      try {
        while ((await this.handOut(workspaceId!)) === HAND_OUT_BATCH) {
          // A full batch: there may be more to hand out.
        }
      } catch (error) {
        this.options.log?.error({ err: error, workspaceId }, 'handing out queued conversations failed');
      }
    }
  }

  /** Oldest first, to the best candidate with room who serves the conversation's shop. */
  async handOut(workspaceId: string): Promise<number> {
    const published: AppendedEvent[] = [];
    const now = new Date();
    const handed = await this.db.transaction(async (tx) => {
      await lockAssignmentQueue(tx, workspaceId);
      const candidates = await availableCandidates(tx, workspaceId);
      let assigned = 0;
      const skip = new Set<string>();
      while (assigned < HAND_OUT_BATCH) {
        const withRoom = candidates.filter((c) => c.load < c.capacity);
        const shopIds = [...new Set(withRoom.flatMap((c) => c.shopIds))].filter((s) => !skip.has(s));
        const next = await oldestQueuedFor(tx, workspaceId, shopIds);
        if (!next) break;
        const chosen = pickAssignee(withRoom.filter((c) => c.shopIds.includes(next.shopId)));
        if (!chosen) {
          skip.add(next.shopId);
          continue;
        }
        const outcome = await changeAssignee(tx, next, {
          toMemberId: chosen.id,
          reason: 'auto',
          byMemberId: null,
          note: null,
          now,
        });
        chosen.load++;
        chosen.lastAssignedAt = now;
        published.push(...(await appendEvents(tx, workspaceId, outcome.events, chosen.id)));
        assigned++;
      }
      return assigned;
    });
    this.deps.hub.publish(workspaceId, published);
    return handed;
  }

  /** Assign to me, assign to another member, or return to the queue (toMemberId null). */
  async assign(
    actor: Actor,
    conversationId: string,
    toMemberId: string | null,
    options: { note?: string | null; reason?: 'manual' | 'transfer' } = {},
  ): Promise<void> {
    const { events, freed } = await this.db.transaction(async (tx) => {
      // Conversation rows before the queue lock, the order every writer keeps (see docs/architecture.md).
      const [row] = await tx
        .select()
        .from(conversation)
        .where(and(eq(conversation.id, conversationId), eq(conversation.workspaceId, actor.workspaceId)))
        .for('update');
      if (!row) throw notFound(`Conversation ${conversationId}`);
      await lockAssignmentQueue(tx, actor.workspaceId);
      if (!mayMoveConversation(actor, row)) {
        throw forbidden(
          'Agents may only move their own and unassigned chats; ask a manager to move this one',
        );
      }
      if (row.status === 'closed')
        throw conflict('This conversation is closed; reopen it before assigning it');
      if (row.trashedAt) throw conflict('This conversation is in the trash; restore it before assigning it');
      if (row.customerBlocked && toMemberId)
        throw conflict('This customer is blocked; unblock them before assigning their chat');
      if (toMemberId) await this.requireServingMember(tx, actor.workspaceId, toMemberId, row.shopId);
      if (row.assigneeId === toMemberId) return { events: [], freed: false };
      const reason = toMemberId === null ? 'returned_to_queue' : (options.reason ?? 'manual');
      const outcome: AssignmentOutcome = await changeAssignee(tx, row, {
        toMemberId,
        reason,
        byMemberId: actor.id,
        note: options.note?.trim() || null,
        now: new Date(),
      });
      return {
        events: await appendEvents(tx, actor.workspaceId, outcome.events, toMemberId),
        freed: row.assigneeId !== null || toMemberId === null,
      };
    });
    this.deps.hub.publish(actor.workspaceId, events);
    if (freed) this.requestHandOut(actor.workspaceId);
  }

  /** Transfers every ongoing chat of a member (open or snoozed) to another, with one note. */
  async transferAll(
    actor: Actor,
    fromMemberId: string,
    toMemberId: string,
    note: string | null,
  ): Promise<number> {
    if (actor.role === 'agent' && fromMemberId !== actor.id) {
      throw forbidden('Agents may only transfer their own chats');
    }
    if (fromMemberId === toMemberId) throw conflict('Pick another member to transfer the chats to');
    const { events, moved } = await this.db.transaction(async (tx) => {
      await this.requireMember(tx, actor.workspaceId, fromMemberId);
      await this.requireMember(tx, actor.workspaceId, toMemberId);
      const rows = await tx
        .select()
        .from(conversation)
        .where(
          and(
            eq(conversation.workspaceId, actor.workspaceId),
            eq(conversation.assigneeId, fromMemberId),
            inArray(conversation.status, ['open', 'snoozed']),
            isNull(conversation.trashedAt),
          ),
        )
        .orderBy(conversation.id)
        .for('update');
      await lockAssignmentQueue(tx, actor.workspaceId);
      const served = new Set(
        (
          await tx
            .select({ shopId: memberShop.shopId })
            .from(memberShop)
            .where(eq(memberShop.memberId, toMemberId))
        ).map((r) => r.shopId),
      );
      const notServed = rows.filter((r) => !served.has(r.shopId));
      if (notServed.length > 0) {
        throw conflict(
          `The member does not serve the shop of ${notServed.length} of these chats; nothing was moved`,
        );
      }
      const now = new Date();
      const appended: AppendedEvent[] = [];
      for (const row of rows) {
        const outcome = await changeAssignee(tx, row, {
          toMemberId,
          reason: 'transfer',
          byMemberId: actor.id,
          note: note?.trim() || null,
          now,
        });
        appended.push(...(await appendEvents(tx, actor.workspaceId, outcome.events, toMemberId)));
      }
      return { events: appended, moved: rows.length };
    });
    this.deps.hub.publish(actor.workspaceId, events);
    if (moved > 0) this.requestHandOut(actor.workspaceId);
    return moved;
  }

  /** Closes a conversation by hand; it leaves the assignee's load, so queued work may flow to them. */
  async closeConversation(actor: Actor, conversationId: string): Promise<void> {
    const events = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(conversation)
        .where(and(eq(conversation.id, conversationId), eq(conversation.workspaceId, actor.workspaceId)))
        .for('update');
      if (!row) throw notFound(`Conversation ${conversationId}`);
      if (!mayMoveConversation(actor, row))
        throw forbidden('This conversation is assigned to another member');
      if (row.status === 'closed') return [];
      // Changing a status moves the assignee's load (a trigger), which is the queue's to guard.
      await lockAssignmentQueue(tx, actor.workspaceId);
      const now = new Date();
      const [closedRow] = await tx
        .update(conversation)
        .set({
          status: 'closed',
          closedAt: now,
          closedReason: 'closed_by_agent',
          queuedAt: null,
          updatedAt: now,
        })
        .where(eq(conversation.id, row.id))
        .returning();
      const [c] = await tx
        .select({ name: customer.displayName })
        .from(customer)
        .where(eq(customer.id, row.customerId));
      await storeDeadline(tx, closedRow!, now, this.deps.deadlines);
      return appendEvents(
        tx,
        actor.workspaceId,
        [{ type: 'conversation.upserted', conversation: toConversation(closedRow!, c?.name ?? '') }],
        row.assigneeId,
      );
    });
    this.deps.hub.publish(actor.workspaceId, events);
    if (events.length > 0) this.requestHandOut(actor.workspaceId);
  }

  private async requireMember(tx: Tx, workspaceId: string, memberId: string) {
    const [row] = await tx
      .select({ id: member.id, removedAt: member.removedAt })
      .from(member)
      .where(and(eq(member.id, memberId), eq(member.workspaceId, workspaceId)));
    if (!row) throw notFound(`Member ${memberId}`);
    if (row.removedAt) throw conflict('That member was removed from the workspace');
    return row;
  }

  private async requireServingMember(tx: Tx, workspaceId: string, memberId: string, shopId: string) {
    await this.requireMember(tx, workspaceId, memberId);
    const [serves] = await tx
      .select({ shopId: memberShop.shopId })
      .from(memberShop)
      .where(and(eq(memberShop.memberId, memberId), eq(memberShop.shopId, shopId)));
    if (!serves) throw conflict('That member does not serve the shop of this conversation');
  }

  // ─── presence ────────────────────────────────────────────────────────────────────────────────────────

  async socketConnected(socketId: string, memberId: string, workspaceId: string): Promise<void> {
    if (this.closed) return;
    return this.track(async () => {
      await this.db
        .insert(memberPresence)
        .values({ socketId, memberId, workspaceId, instanceId: this.options.instanceId, openWindows: null })
        .onConflictDoNothing();
      await this.db.update(member).set({ presenceLostAt: null }).where(eq(member.id, memberId));
    });
  }

  /** A heartbeat: the row is refreshed, and a change of open windows may change availability. */
  async heartbeat(
    socketId: string,
    memberId: string,
    workspaceId: string,
    openWindows: number | null,
  ): Promise<void> {
    if (this.closed) return;
    return this.track(async () => {
      const [before] = await this.db
        .select({ openWindows: memberPresence.openWindows })
        .from(memberPresence)
        .where(eq(memberPresence.socketId, socketId));
      await this.db
        .insert(memberPresence)
        .values({
          socketId,
          memberId,
          workspaceId,
          instanceId: this.options.instanceId,
          openWindows,
          seenAt: new Date(),
        })
        .onConflictDoUpdate({ target: memberPresence.socketId, set: { openWindows, seenAt: new Date() } });
      if (!before || before.openWindows !== openWindows)
        await this.refreshAvailability(workspaceId, [memberId]);
    });
  }

  /** The socket went away: the member keeps working for the grace period, in case it comes right back. */
  async socketDisconnected(socketId: string, memberId: string, workspaceId: string): Promise<void> {
    if (this.closed) return;
    return this.track(async () => {
      await this.db.delete(memberPresence).where(eq(memberPresence.socketId, socketId));
      const lost = await this.markPresenceLost([memberId]);
      if (lost.length === 0) return;
      this.schedule(this.options.presenceGraceMs, () => this.refreshAvailability(workspaceId, [memberId]));
    });
  }

  /** Records when members were left without any socket; returns those. */
  private async markPresenceLost(memberIds: string[]): Promise<string[]> {
    if (memberIds.length === 0) return [];
    const stillPresent = new Set(
      (
        await this.db
          .selectDistinct({ memberId: memberPresence.memberId })
          .from(memberPresence)
          .where(inArray(memberPresence.memberId, memberIds))
      ).map((r) => r.memberId),
    );
    const lost = memberIds.filter((id) => !stillPresent.has(id));
    if (lost.length > 0) {
      await this.db
        .update(member)
        .set({ presenceLostAt: new Date() })
        .where(and(inArray(member.id, lost), isNull(member.presenceLostAt)));
    }
    return lost;
  }

  /** Changes the member's own settings that the queue depends on. */
  async updateMember(
    actor: Actor,
    memberId: string,
    changes: { acceptsAutoAssign?: boolean; capacity?: number },
  ): Promise<TeamMember> {
    if (actor.id !== memberId && actor.role === 'agent')
      throw forbidden('Agents may only change their own status');
    await this.db.transaction(async (tx) => {
      await lockAssignmentQueue(tx, actor.workspaceId);
      await this.requireMember(tx, actor.workspaceId, memberId);
      const [target] = await tx.select({ role: member.role }).from(member).where(eq(member.id, memberId));
      // Nobody changes the settings of someone at or above them (product §1).
      if (target && !mayChangeQueueSettings(actor, { id: memberId, role: target.role }))
        throw forbidden('You cannot change the settings of someone at or above your role');
      await tx.update(member).set(changes).where(eq(member.id, memberId));
    });
    await this.refreshAvailability(actor.workspaceId, [memberId], { force: true });
    const [team] = await this.team(actor.workspaceId, [memberId]);
    return team!;
  }

  /**
   * Recomputes availability from the toggle and the presence rows: any window open makes a member
   * available, a worker that has not heard from its windows yet changes nothing, no socket past the grace
   * period makes them unavailable. Becoming available, or `force`, triggers a hand-out.
   */
  async refreshAvailability(
    workspaceId: string,
    memberIds: string[],
    options: { force?: boolean } = {},
  ): Promise<void> {
    const now = new Date();
    const changed: { id: string; available: boolean }[] = [];
    await this.db.transaction(async (tx) => {
      await lockAssignmentQueue(tx, workspaceId);
      const members = await tx
        .select()
        .from(member)
        .where(and(inArray(member.id, memberIds), eq(member.workspaceId, workspaceId)));
      const presence = await tx
        .select({ memberId: memberPresence.memberId, openWindows: memberPresence.openWindows })
        .from(memberPresence)
        .where(inArray(memberPresence.memberId, memberIds));
      for (const m of members) {
        const rows = presence.filter((p) => p.memberId === m.id);
        const windows = rows.reduce((sum, p) => sum + (p.openWindows ?? 0), 0);
        const unknown = rows.some((p) => p.openWindows === null);
        const inGrace =
          rows.length === 0 &&
          m.presenceLostAt !== null &&
          now.getTime() - m.presenceLostAt.getTime() < this.options.presenceGraceMs;
        const available =
          m.removedAt === null &&
          (isAvailable(m, windows) || ((unknown || inGrace) && m.available && m.acceptsAutoAssign));
        if (available === m.available) continue;
        await tx
          .update(member)
          .set({ available, unavailableSince: available ? null : now })
          .where(eq(member.id, m.id));
        changed.push({ id: m.id, available });
      }
    });
    for (const c of changed) {
      if (!c.available) this.scheduleReturnOfUnreplied(workspaceId, c.id);
    }
    if (options.force || changed.some((c) => c.available)) this.requestHandOut(workspaceId);
    if (this.options.onMemberChanged && (changed.length > 0 || options.force)) {
      for (const t of await this.team(workspaceId, memberIds)) this.options.onMemberChanged(t);
    }
  }

  /** With the shop's option: a member's unreplied chats go back to the queue after N minutes away. */
  private scheduleReturnOfUnreplied(workspaceId: string, memberId: string): void {
    void this.db
      .select({
        minutes: sql<number | null>`min((${shop.settings}->>'returnUnrepliedAfterMinutes')::numeric)`,
      })
      .from(shop)
      .where(eq(shop.workspaceId, workspaceId))
      .then(([row]) => {
        const minutes = row?.minutes === null || row?.minutes === undefined ? null : Number(row.minutes);
        if (minutes === null) return;
        this.schedule(minutes * 60_000 + 50, () => this.returnUnreplied(workspaceId, [memberId]));
      })
      .catch((e) => this.options.log?.error(e));
  }

  /** Returns the unreplied chats of members who have been unavailable longer than their shop allows. */
  async returnUnreplied(workspaceId: string, memberIds?: string[]): Promise<number> {
    const now = new Date();
    const events = await this.db.transaction(async (tx) => {
      await lockAssignmentQueue(tx, workspaceId);
      const rows = await tx
        .select({ conversation })
        .from(conversation)
        .innerJoin(member, eq(member.id, conversation.assigneeId))
        .innerJoin(shop, eq(shop.id, conversation.shopId))
        .where(
          and(
            eq(conversation.workspaceId, workspaceId),
            eq(conversation.status, 'open'),
            isNotNull(conversation.awaitingReplySince),
            isNull(conversation.trashedAt),
            eq(member.available, false),
            isNotNull(member.unavailableSince),
            sql`(${shop.settings}->>'returnUnrepliedAfterMinutes') is not null`,
            sql`${member.unavailableSince} <= ${now.toISOString()}::timestamptz - make_interval(secs => (${shop.settings}->>'returnUnrepliedAfterMinutes')::float8 * 60)`,
            memberIds ? inArray(member.id, memberIds) : undefined,
          ),
        )
        .for('update', { of: conversation, skipLocked: true });
      const appended: AppendedEvent[] = [];
      for (const { conversation: row } of rows) {
        const outcome = await changeAssignee(tx, row, {
          toMemberId: null,
          reason: 'returned_to_queue',
          byMemberId: null,
          note: null,
          now,
        });
        appended.push(...(await appendEvents(tx, workspaceId, outcome.events, null)));
      }
      return appended;
    });
    this.deps.hub.publish(workspaceId, events);
    if (events.length > 0) this.requestHandOut(workspaceId);
    return events.length / 2;
  }

  /** The team as lists show it: status, capacity and load of each member. */
  async team(workspaceId: string, memberIds?: string[]): Promise<TeamMember[]> {
    const now = new Date();
    const rows = await this.db
      .select()
      .from(member)
      .where(
        and(
          eq(member.workspaceId, workspaceId),
          isNull(member.removedAt),
          memberIds ? inArray(member.id, memberIds) : undefined,
        ),
      )
      .orderBy(member.nickname);
    const shops = await this.db
      .select()
      .from(memberShop)
      .where(inArray(memberShop.memberId, rows.map((r) => r.id).concat([''])));
    return rows.map((r) => ({
      id: r.id,
      nickname: r.nickname,
      avatarUrl: r.avatarUrl,
      role: r.role,
      capacity: r.capacity,
      acceptsAutoAssign: r.acceptsAutoAssign,
      available: r.available,
      load: r.openLoad,
      shopIds: shops.filter((s) => s.memberId === r.id).map((s) => s.shopId),
      outsideHours: !isWorkingAt(r.workingHours, now),
    }));
  }

  /** The safety net: presence of dead instances, grace periods and returns whose timers were lost. */
  async sweep(): Promise<void> {
    const staleBefore = new Date(Date.now() - 3 * 20_000 - this.options.presenceGraceMs);
    const stale = await this.db
      .delete(memberPresence)
      .where(lt(memberPresence.seenAt, staleBefore))
      .returning({ memberId: memberPresence.memberId });
    await this.markPresenceLost([...new Set(stale.map((s) => s.memberId))]);
    const graceOver = new Date(Date.now() - this.options.presenceGraceMs);
    const lapsed = await this.db
      .select({ id: member.id, workspaceId: member.workspaceId })
      .from(member)
      .where(
        and(
          eq(member.available, true),
          isNotNull(member.presenceLostAt),
          lt(member.presenceLostAt, graceOver),
        ),
      );
    const byWorkspace = new Map<string, string[]>();
    for (const m of lapsed) byWorkspace.set(m.workspaceId, [...(byWorkspace.get(m.workspaceId) ?? []), m.id]);
    for (const [workspaceId, ids] of byWorkspace) await this.refreshAvailability(workspaceId, ids);
    const away = await this.db
      .selectDistinct({ workspaceId: member.workspaceId })
      .from(member)
      .where(and(eq(member.available, false), isNotNull(member.unavailableSince)));
    for (const { workspaceId } of away) await this.returnUnreplied(workspaceId);
  }

  private schedule(ms: number, work: () => Promise<unknown>): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work().catch((e) => this.options.log?.error(e));
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }
}
