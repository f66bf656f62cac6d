import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, lt, lte, min, not, or, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { deliveryProblemText, retryDelayMs } from '../../lib/domain/delivery';
import type { DeliveryProblem, FailedDelivery, MessageDelivery } from '../../lib/protocol';
import type { EventHub } from '../inbox/hub';
import type { Store, Tx } from '../store';
import { appendEventsOfMany, type AppendedEvent } from '../store/events';
import { toMessage } from '../store/mappers';
import { conversation, customer, delivery, message, shop } from '../store/schema';
import { outboundBody } from './payload';
import { postDelivery, type PostOutcome } from './post';
import { secretsInForce, standardHeaders } from './signing';

export interface DeliveryOptions {
  /** The first retry waits up to this long, then twice as long each time (full jitter); tests make it short. */
  backoffBaseMs: number;
  backoffCapMs: number;
  /** A delivery still failing this long after it was queued is given up as failed. */
  giveUpAfterMs: number;
  /** The most one post may take, answer included. */
  timeoutMs: number;
  /** How long a claimed delivery is held; past it, a worker that died has let it go. */
  leaseMs: number;
  /** The longest the worker sleeps without looking again (a safety net under NOTIFY and wake-ups). */
  maxSleepMs: number;
  batchSize: number;
  /** The server's public address, which makes attachment links absolute for the receiver. */
  publicUrl: string;
  log?: FastifyBaseLogger;
}

type DeliveryRow = typeof delivery.$inferSelect;

/** What `enqueue` needs of the stored message: the queue's row is keyed by it. */
export interface QueuedMessage {
  id: string;
  workspaceId: string;
  shopId: string;
  conversationId: string;
}

/**
 * The durable outbound queue of the webhook channel (product §10), and this instance's worker on it. Writers
 * call `enqueue` inside their own transaction (nothing is lost in a crash) and `wake` after commit; every
 * instance runs a worker that claims due rows with SKIP LOCKED and a lease, posts them signed, and records
 * the outcome with an event that updates the message's delivery state in every client.
 */
export class DeliveryQueue {
  private readonly servedElsewhere = new Set<string>();
  private stopped = false;
  private running: Promise<void> | null = null;
  private again = false;
  private wakeTimer: ReturnType<typeof setTimeout> | null = null;
  private listener: pg.PoolClient | null = null;

  constructor(
    private readonly store: Store,
    private readonly hub: EventHub,
    private readonly options: DeliveryOptions,
  ) {}

  /** Another channel (the demo marketplace) reaches this workspace's customers when a shop has no URL. */
  reachedByAnotherChannel(workspaceId: string): void {
    this.servedElsewhere.add(workspaceId);
  }

  /**
   * Queues an outbound message, in the caller's transaction, and returns its delivery state for the
   * message's event; null when no delivery is due (a demo shop without a URL, served by the demo page).
   * A shop with no URL at all still gets a row: the worker fails it with the reason, so the chat says so.
   */
  async enqueue(
    tx: Tx,
    m: QueuedMessage,
    kind: 'message' | 'session_ended',
  ): Promise<MessageDelivery | null> {
    const [target] = await tx.select({ url: shop.deliveryUrl }).from(shop).where(eq(shop.id, m.shopId));
    if (!target?.url && this.servedElsewhere.has(m.workspaceId)) return null;
    const now = new Date();
    await tx.insert(delivery).values({
      messageId: m.id,
      workspaceId: m.workspaceId,
      shopId: m.shopId,
      conversationId: m.conversationId,
      kind,
      queuedAt: now,
      nextAttemptAt: now,
    });
    const copy: MessageDelivery = { state: 'sending', attempts: 0, problem: null, at: now.toISOString() };
    await tx.update(message).set({ delivery: copy }).where(eq(message.id, m.id));
    // Other instances' workers hear of it too; this one's is woken in-process after the commit.
    await tx.execute(sql`select pg_notify('sidedesk_delivery', '')`);
    return copy;
  }

  async start(): Promise<void> {
    if (this.store.kind === 'postgres' && this.store.pool) {
      const client = await this.store.pool.connect();
      client.on('notification', () => this.wake());
      client.on('error', (error: Error) => {
        this.options.log?.warn(
          { err: error },
          'the delivery worker lost its NOTIFY session; it polls instead',
        );
        this.listener = null;
      });
      await client.query('listen sidedesk_delivery');
      this.listener = client;
    }
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    await this.settled();
    if (this.listener) {
      await this.listener.query('unlisten sidedesk_delivery').catch(() => {});
      this.listener.release();
      this.listener = null;
    }
  }

  /** Resolves when no delivery is being posted or recorded by this instance (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Looks for due deliveries now; runs one pass at a time. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.cycle().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async cycle(): Promise<void> {
    try {
      while (!this.stopped && (await this.runBatch()) > 0) {
        // Each delivered message may let the next one of its conversation go.
      }
      await this.planWakeUp();
    } catch (error) {
      this.options.log?.error({ err: error }, 'the delivery worker failed a pass; trying again shortly');
      this.schedule(1_000);
    }
  }

  /** Claims due deliveries (at most one per conversation: the earliest still sending), posts them, records each. */
  private async runBatch(): Promise<number> {
    const now = new Date();
    const token = randomBytes(12).toString('base64url');
    const claimed = await this.store.db.transaction(async (tx) => {
      const due = await tx
        .select({ messageId: delivery.messageId })
        .from(delivery)
        .where(
          and(
            eq(delivery.state, 'sending'),
            lte(delivery.nextAttemptAt, now),
            or(isNull(delivery.leasedUntil), lt(delivery.leasedUntil, now)),
            not(waitsBehindAnother),
          ),
        )
        .orderBy(asc(delivery.nextAttemptAt), asc(delivery.position))
        .limit(this.options.batchSize)
        .for('update', { skipLocked: true });
      if (due.length === 0) return [];
      return tx
        .update(delivery)
        .set({
          leasedUntil: new Date(now.getTime() + this.options.leaseMs),
          leaseToken: token,
          attempts: sql`${delivery.attempts} + 1`,
        })
        .where(
          inArray(
            delivery.messageId,
            due.map((d) => d.messageId),
          ),
        )
        .returning();
    });
    await Promise.all(claimed.map((row) => this.attempt(row, token)));
    return claimed.length;
  }

  private async attempt(row: DeliveryRow, token: string): Promise<void> {
    let outcome: PostOutcome;
    try {
      outcome = await this.post(row);
    } catch (error) {
      this.options.log?.error({ err: error, messageId: row.messageId }, 'building a delivery failed');
      outcome = {
        ok: false,
        retry: true,
        problem: { code: 'network', status: null, detail: 'Sidedesk could not prepare the delivery' },
      };
    }
    await this.record(row, token, outcome);
  }

  private async post(row: DeliveryRow): Promise<PostOutcome> {
    const [target] = await this.store.db
      .select({
        url: shop.deliveryUrl,
        webhookSecret: shop.webhookSecret,
        previousWebhookSecret: shop.previousWebhookSecret,
        previousWebhookSecretUntil: shop.previousWebhookSecretUntil,
      })
      .from(shop)
      .where(eq(shop.id, row.shopId));
    if (!target?.url) return { ok: false, retry: false, problem: problemOf('no_delivery_url') };
    const now = new Date();
    const secrets = secretsInForce(target, now);
    if (secrets.length === 0) return { ok: false, retry: false, problem: problemOf('no_secret') };
    const body = await outboundBody(this.store.db, row, this.options.publicUrl);
    if (body === null) return { ok: true, status: 0 }; // the message is gone (deleted for good): nothing to send
    return postDelivery(
      target.url,
      standardHeaders(secrets, row.messageId, now, body),
      body,
      this.options.timeoutMs,
    );
  }

  /** Stores an attempt's outcome (if this worker still holds the lease) and tells the clients. */
  private async record(row: DeliveryRow, token: string, outcome: PostOutcome): Promise<void> {
    const now = new Date();
    let state: MessageDelivery['state'] = 'delivered';
    let nextAttemptAt = row.nextAttemptAt;
    let problem: DeliveryProblem | null = null;
    if (!outcome.ok) {
      problem = outcome.problem;
      state = 'failed';
      if (outcome.retry) {
        const next =
          now.getTime() + retryDelayMs(row.attempts, this.options.backoffBaseMs, this.options.backoffCapMs);
        if (next - row.queuedAt.getTime() <= this.options.giveUpAfterMs) {
          state = 'sending';
          nextAttemptAt = new Date(next);
        }
      }
    }
    const published = await this.store.db.transaction(async (tx) => {
      const [updated] = await tx
        .update(delivery)
        .set({
          state,
          nextAttemptAt,
          leasedUntil: null,
          leaseToken: null,
          lastError: problem ? deliveryProblemText(problem) : null,
          deliveredAt: state === 'delivered' ? now : null,
          failedAt: state === 'failed' ? now : null,
        })
        .where(and(eq(delivery.messageId, row.messageId), eq(delivery.leaseToken, token)))
        .returning({ messageId: delivery.messageId });
      if (!updated) return null; // the lease ran out and another worker took it over
      const copy: MessageDelivery = { state, attempts: row.attempts, problem, at: now.toISOString() };
      return this.announce(tx, row.workspaceId, [row.messageId], copy);
    });
    if (published) this.hub.publish(row.workspaceId, published);
    if (state === 'failed') {
      this.options.log?.warn(
        { messageId: row.messageId, reason: problem && deliveryProblemText(problem) },
        'an outbound delivery failed',
      );
    }
  }

  /** Writes the messages' new delivery state and appends their events (each to its conversation's audience). */
  private async announce(
    tx: Tx,
    workspaceId: string,
    messageIds: string[],
    copy: MessageDelivery,
  ): Promise<AppendedEvent[]> {
    if (messageIds.length === 0) return [];
    // The conversations first, shared: a transfer under way commits before we read who may see the event
    // (the lock order of every writer: conversation rows, then the workspace's log).
    const conversations = await tx
      .select({ id: conversation.id, assigneeId: conversation.assigneeId })
      .from(conversation)
      .where(
        inArray(
          conversation.id,
          tx.select({ id: message.conversationId }).from(message).where(inArray(message.id, messageIds)),
        ),
      )
      .orderBy(asc(conversation.id))
      .for('share');
    const assignees = new Map(conversations.map((c) => [c.id, c.assigneeId] as const));
    const rows = await tx
      .update(message)
      .set({ delivery: copy })
      .where(inArray(message.id, messageIds))
      .returning();
    // A later copy of the same message: clients replace the one they hold (the sync contract's rule).
    return appendEventsOfMany(
      tx,
      workspaceId,
      rows.map((r) => ({
        event: { type: 'message.created', message: toMessage(r) },
        assigneeId: assignees.get(r.conversationId) ?? null,
      })),
    );
  }

  private async planWakeUp(): Promise<void> {
    const [row] = await this.store.db
      .select({
        next: min(
          sql<Date>`greatest(${delivery.nextAttemptAt}, coalesce(${delivery.leasedUntil}, ${delivery.nextAttemptAt}))`,
        ),
      })
      .from(delivery)
      .where(and(eq(delivery.state, 'sending'), not(waitsBehindAnother)));
    const next = row?.next ? new Date(row.next).getTime() : Number.POSITIVE_INFINITY;
    this.schedule(Math.max(0, Math.min(next - Date.now(), this.options.maxSleepMs)));
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = setTimeout(() => this.wake(), ms);
    this.wakeTimer.unref();
  }

  /**
   * Sends failed deliveries again (all of the workspace's when `messageIds` is null): each starts a new 24 h
   * window, and keeps its place behind the earlier messages of its conversation still being sent.
   */
  async retry(workspaceId: string, messageIds: string[] | null): Promise<number> {
    const now = new Date();
    const events = await this.store.db.transaction(async (tx) => {
      const retried = await tx
        .update(delivery)
        .set({
          state: 'sending',
          attempts: 0,
          queuedAt: now,
          nextAttemptAt: now,
          failedAt: null,
          leasedUntil: null,
          leaseToken: null,
        })
        .where(
          and(
            eq(delivery.workspaceId, workspaceId),
            eq(delivery.state, 'failed'),
            messageIds ? inArray(delivery.messageId, messageIds) : undefined,
          ),
        )
        .returning({ messageId: delivery.messageId });
      const copy: MessageDelivery = { state: 'sending', attempts: 0, problem: null, at: now.toISOString() };
      return this.announce(
        tx,
        workspaceId,
        retried.map((r) => r.messageId),
        copy,
      );
    });
    this.hub.publish(workspaceId, events);
    this.wake();
    return events.length;
  }

  /** The workspace's failed deliveries, the latest failure first. */
  async failed(workspaceId: string, limit = 200): Promise<FailedDelivery[]> {
    const rows = await this.store.db
      .select({
        messageId: delivery.messageId,
        conversationId: delivery.conversationId,
        shopId: delivery.shopId,
        shopName: shop.name,
        customerName: customer.displayName,
        kind: delivery.kind,
        body: message.body,
        copy: message.delivery,
        lastError: delivery.lastError,
        attempts: delivery.attempts,
        failedAt: delivery.failedAt,
        createdAt: delivery.createdAt,
      })
      .from(delivery)
      .innerJoin(message, eq(message.id, delivery.messageId))
      .innerJoin(shop, eq(shop.id, delivery.shopId))
      .innerJoin(conversation, eq(conversation.id, delivery.conversationId))
      .innerJoin(customer, eq(customer.id, conversation.customerId))
      .where(and(eq(delivery.workspaceId, workspaceId), eq(delivery.state, 'failed')))
      .orderBy(desc(delivery.failedAt), desc(delivery.position))
      .limit(limit);
    return rows.map((r) => ({
      messageId: r.messageId,
      conversationId: r.conversationId,
      shopId: r.shopId,
      shopName: r.shopName,
      customerName: r.customerName,
      kind: r.kind,
      excerpt: r.body.length > 140 ? `${r.body.slice(0, 139)}…` : r.body,
      problem: r.copy?.problem ?? null,
      reason: r.lastError ?? '',
      attempts: r.attempts,
      failedAt: (r.failedAt ?? r.createdAt).toISOString(),
      createdAt: r.createdAt.toISOString(),
    }));
  }
}

/** A delivery waits while an earlier one of its conversation is still being sent: order within a chat. */
const waitsBehindAnother = sql`exists (select 1 from ${delivery} as earlier where earlier.conversation_id = ${delivery.conversationId} and earlier.state = 'sending' and earlier.position < ${delivery.position})`;

function problemOf(code: DeliveryProblem['code']): DeliveryProblem {
  return { code, status: null, detail: null };
}
