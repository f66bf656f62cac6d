import { and, asc, inArray, isNotNull, lte, min, ne, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import type { NewSyncEvent } from '../../lib/protocol';
import type { InboxDeps } from '../inbox/hub';
import type { Store, Tx } from '../store';
import { appendEventsOfMany, type AppendedEvent } from '../store/events';
import { toConversation } from '../store/mappers';
import { conversation, customer, shop } from '../store/schema';
import { deadlineOf, shopSla, type DeadlineSignal, type ShopSla } from './deadlines';
import { lockAssignmentQueue } from '../assignment/queue';

/** The time the scheduler reads; tests give it a clock they move by hand. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export interface SchedulerOptions {
  clock: Clock;
  /** The longest it sleeps without looking again, a safety cap only. */
  maxSleepMs: number;
  /** How often a standby instance tries to become the scheduler. */
  standbyRetryMs: number;
  batchSize: number;
  log?: FastifyBaseLogger;
  /** A transition freed a member's capacity (auto-close), so queued work may flow. */
  onCapacityFreed?: (workspaceId: string) => void;
}

type ConversationRow = typeof conversation.$inferSelect;

/**
 * The SLA clock (DESIGN "The SLA clock"): one scheduler per cluster, elected by a session advisory lock,
 * sleeps until the earliest stored deadline, wakes early when a write moves one closer (in this process,
 * or through NOTIFY from another instance), and fires due deadlines in batches with SKIP LOCKED, each
 * transition and the next deadline in one transaction. It never scans conversations on a timer.
 */
export class SlaScheduler implements DeadlineSignal {
  private leader = false;
  private stopped = false;
  private wakeTimer: ReturnType<typeof setTimeout> | null = null;
  private wakeAt = Number.POSITIVE_INFINITY;
  private running: Promise<void> | null = null;
  private again = false;
  private leaderClient: pg.PoolClient | null = null;

  constructor(
    private readonly store: Store,
    private readonly deps: InboxDeps,
    private readonly options: SchedulerOptions,
  ) {}

  get isLeader(): boolean {
    return this.leader;
  }

  async start(): Promise<void> {
    await this.tryToLead();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    await this.settled();
    if (this.leaderClient) {
      await this.leaderClient.query('select pg_advisory_unlock_all()').catch(() => {});
      this.leaderClient.release();
      this.leaderClient = null;
    }
    this.leader = false;
  }

  /** A write stored a deadline: look again if it comes before the planned wake-up. */
  moved(at: Date): void {
    if (this.leader && at.getTime() < this.wakeAt) this.poke();
  }

  /** Resolves when no firing is under way (tests). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Fires everything due now and plans the next wake-up; runs one at a time. */
  poke(): void {
    if (!this.leader || this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.cycle().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.poke();
      }
    });
  }

  private async tryToLead(): Promise<void> {
    if (this.stopped) return;
    if (this.store.kind === 'pglite') {
      // One process owns the embedded store: it is the scheduler.
      this.leader = true;
    } else {
      const pool = this.store.pool!;
      const client = await pool.connect();
      const { rows } = await client.query<{ locked: boolean }>(
        `select pg_try_advisory_lock(hashtext('sidedesk:sla-scheduler')) as locked`,
      );
      if (rows[0]?.locked) {
        this.leaderClient = client;
        this.leader = true;
        client.on('notification', () => this.poke());
        // If the session dies, so does the lock, and a standby takes over.
        client.on('error', (error: Error) => {
          this.options.log?.error({ err: error }, 'the SLA scheduler lost its database session');
          this.leader = false;
        });
        await client.query('listen sidedesk_deadline');
      } else {
        client.release();
        const retry = setTimeout(
          () => void this.tryToLead().catch((e) => this.options.log?.error(e)),
          this.options.standbyRetryMs,
        );
        retry.unref();
        return;
      }
    }
    this.options.log?.info('this instance runs the SLA clock');
    this.poke();
  }

  private async cycle(): Promise<void> {
    try {
      while (!this.stopped && (await this.fireDue()) === this.options.batchSize) {
        // A full batch: more may be due.
      }
      await this.planWakeUp();
    } catch (error) {
      this.options.log?.error({ err: error }, 'firing SLA deadlines failed; retrying shortly');
      this.schedule(1_000);
    }
  }

  private async planWakeUp(): Promise<void> {
    const [row] = await this.store.db
      .select({ next: min(conversation.nextDeadlineAt) })
      .from(conversation)
      .where(and(ne(conversation.status, 'closed'), isNotNull(conversation.nextDeadlineAt)));
    const now = this.options.clock.now().getTime();
    const next = row?.next ? new Date(row.next).getTime() : Number.POSITIVE_INFINITY;
    this.schedule(Math.max(0, Math.min(next - now, this.options.maxSleepMs)));
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeAt = this.options.clock.now().getTime() + ms;
    this.wakeTimer = setTimeout(() => this.poke(), ms);
    this.wakeTimer.unref();
  }

  /** Fires one batch of due deadlines; returns how many. */
  async fireDue(): Promise<number> {
    const now = this.options.clock.now();
    const byWorkspace = new Map<string, AppendedEvent[]>();
    const freed = new Set<string>();
    const fired = await this.store.db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(conversation)
        .where(and(lte(conversation.nextDeadlineAt, now), ne(conversation.status, 'closed')))
        .orderBy(asc(conversation.nextDeadlineAt))
        .limit(this.options.batchSize)
        .for('update', { skipLocked: true });
      // Closing moves a member's load, which the queue guards: its locks, in a fixed order, before any change.
      for (const workspaceId of [...new Set(due.map((r) => r.workspaceId))].sort()) {
        await lockAssignmentQueue(tx, workspaceId);
      }
      // What every row of the batch needs, read once: its shop's rules and its customer's name.
      const shopIds = [...new Set(due.map((r) => r.shopId))];
      const customerIds = [...new Set(due.map((r) => r.customerId))];
      const shops = new Map(
        shopIds.length === 0
          ? []
          : (
              await tx
                .select({ id: shop.id, settings: shop.settings })
                .from(shop)
                .where(inArray(shop.id, shopIds))
            ).map((s) => [s.id, shopSla(s.settings)] as const),
      );
      const names = new Map(
        customerIds.length === 0
          ? []
          : (
              await tx
                .select({ id: customer.id, name: customer.displayName })
                .from(customer)
                .where(inArray(customer.id, customerIds))
            ).map((c) => [c.id, c.name] as const),
      );
      const transitions = due.map((row) =>
        this.transition(row, shops.get(row.shopId) ?? shopSla({}), names.get(row.customerId) ?? '', now),
      );
      await storeTransitions(
        tx,
        transitions.map((t) => t.stored),
        now,
      );
      const entries = new Map<string, { event: NewSyncEvent; assigneeId: string | null }[]>();
      for (const [i, { events, closed }] of transitions.entries()) {
        const row = due[i]!;
        const list = entries.get(row.workspaceId) ?? [];
        for (const e of events) list.push({ event: e, assigneeId: row.assigneeId });
        entries.set(row.workspaceId, list);
        if (closed && row.assigneeId) freed.add(row.workspaceId);
      }
      for (const [workspaceId, list] of entries) {
        byWorkspace.set(workspaceId, await appendEventsOfMany(tx, workspaceId, list));
      }
      return due.length;
    });
    for (const [workspaceId, events] of byWorkspace) this.deps.hub.publish(workspaceId, events);
    for (const workspaceId of freed) this.options.onCapacityFreed?.(workspaceId);
    return fired;
  }

  /** One transition and the deadline after it, counted from the one that fired: the row to store, the events. */
  private transition(
    row: ConversationRow,
    sla: ShopSla,
    customerName: string,
    now: Date,
  ): { stored: ConversationRow; events: NewSyncEvent[]; closed: boolean } {
    const firedAt = row.nextDeadlineAt!;
    let updated: ConversationRow = row;
    const events: NewSyncEvent[] = [];
    switch (row.nextDeadlineKind) {
      case 'due_soon':
      case 'overdue':
        events.push({
          type: 'conversation.sla',
          conversationId: row.id,
          assigneeId: row.assigneeId,
          customerName,
          step: row.nextDeadlineKind,
          dueAt: firedAt.toISOString(),
        });
        break;
      case 'auto_close':
        updated = {
          ...row,
          status: 'closed',
          closedAt: firedAt,
          closedReason: 'reply_timeout',
          queuedAt: null,
        };
        break;
      case 'snooze_wake':
        updated = { ...row, status: 'open', snoozedUntil: null };
        events.push({
          type: 'conversation.sla',
          conversationId: row.id,
          assigneeId: row.assigneeId,
          customerName,
          step: 'snooze_ended',
          dueAt: firedAt.toISOString(),
        });
        break;
      default:
        break;
    }
    const stored: ConversationRow = { ...updated, ...deadlineOf(updated, sla, firedAt), updatedAt: now };
    if (updated !== row)
      events.push({ type: 'conversation.upserted', conversation: toConversation(stored, customerName) });
    return { stored, events, closed: row.nextDeadlineKind === 'auto_close' };
  }
}

/** Writes a batch of transitions in one statement: the rows are locked already, so only the fields move. */
async function storeTransitions(tx: Tx, rows: ConversationRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((r) => ({
    id: r.id,
    status: r.status,
    closed_at: r.closedAt?.toISOString() ?? null,
    closed_reason: r.closedReason,
    queued_at: r.queuedAt?.toISOString() ?? null,
    snoozed_until: r.snoozedUntil?.toISOString() ?? null,
    next_deadline_at: r.nextDeadlineAt?.toISOString() ?? null,
    next_deadline_kind: r.nextDeadlineKind,
  }));
  await tx.execute(sql`
    update ${conversation} c set status = v.status, closed_at = v.closed_at, closed_reason = v.closed_reason,
      queued_at = v.queued_at, snoozed_until = v.snoozed_until, next_deadline_at = v.next_deadline_at,
      next_deadline_kind = v.next_deadline_kind, updated_at = ${now.toISOString()}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as v(id text, status text, closed_at timestamptz,
      closed_reason text, queued_at timestamptz, snoozed_until timestamptz, next_deadline_at timestamptz,
      next_deadline_kind text)
    where c.id = v.id`);
}
