import { and, asc, desc, eq, inArray, max, sql } from 'drizzle-orm';
import { roleAtLeast } from '../../lib/domain/roles';
import type {
  AssignmentChange,
  BlockedCustomer,
  BlockResult,
  CustomerBlock,
  NewSyncEvent,
  TimelineLine,
} from '../../lib/protocol';
import { lockAssignmentQueue } from '../assignment/queue';
import type { Actor } from '../assignment/service';
import { forbidden, notFound } from '../errors';
import type { Db, Tx } from '../store';
import { appendEventsOfMany } from '../store/events';
import { toConversation, toMessage } from '../store/mappers';
import { timelineMessage } from '../store/timeline';
import { conversation, customer, customerHandle, member, message, shop } from '../store/schema';
import { storeDeadline } from '../sla/deadlines';
import type { InboxDeps } from './hub';

type ConversationRow = typeof conversation.$inferSelect;
type MessageRow = typeof message.$inferSelect;

/** Managers and above block and unblock customers and see who is blocked (product §11). */
export function mayBlockCustomers(actor: Pick<Actor, 'role'>): boolean {
  return roleAtLeast(actor.role, 'manager');
}

export function releasedByBlock(row: ConversationRow, byMemberId: string | null): AssignmentChange {
  return {
    fromMemberId: row.assigneeId,
    fromQueue: false,
    toMemberId: null,
    reason: 'returned_to_queue',
    byMemberId,
    note: null,
  };
}

/**
 * Blocking and unblocking a customer (product §11). One transaction changes the customer and every one of
 * their conversations, and appends a `conversation.upserted` for each, so every member's cache agrees.
 */
export class BlockingService {
  constructor(
    private readonly db: Db,
    private readonly deps: InboxDeps,
    private readonly handOut: (workspaceId: string) => void,
  ) {}

  async block(actor: Actor, customerId: string, reason: string | null): Promise<BlockResult> {
    return this.setBlocked(actor, customerId, true, reason?.trim() || null);
  }

  async unblock(actor: Actor, customerId: string): Promise<BlockResult> {
    return this.setBlocked(actor, customerId, false, null);
  }

  private async setBlocked(
    actor: Actor,
    customerId: string,
    blocked: boolean,
    reason: string | null,
  ): Promise<BlockResult> {
    if (!mayBlockCustomers(actor)) throw forbidden('Only managers and above block or unblock customers');
    const { result, events } = await this.db.transaction(async (tx) => {
      const [found] = await tx
        .select()
        .from(customer)
        .where(and(eq(customer.id, customerId), eq(customer.workspaceId, actor.workspaceId)))
        .for('update');
      if (!found) throw notFound(`Customer ${customerId}`);
      // Conversation rows before the queue lock, the order every writer keeps.
      const rows = await tx
        .select()
        .from(conversation)
        .where(and(eq(conversation.workspaceId, actor.workspaceId), eq(conversation.customerId, customerId)))
        .orderBy(asc(conversation.createdAt), asc(conversation.id))
        .for('update');
      if (found.blocked === blocked) {
        // Already so: nothing is written, and the answer says how it stands.
        return { result: { ...(await this.blockOf(tx, found)), conversations: rows.length }, events: [] };
      }
      await lockAssignmentQueue(tx, actor.workspaceId);
      const now = new Date();
      const [updated] = await tx
        .update(customer)
        .set(
          blocked
            ? { blocked, blockedAt: now, blockedById: actor.id, blockedReason: reason }
            : { blocked, blockedAt: null, blockedById: null, blockedReason: null },
        )
        .where(eq(customer.id, customerId))
        .returning();
      const nicknames = await this.nicknames(tx, [actor.id, ...rows.map((r) => r.assigneeId)]);
      const entries: { event: NewSyncEvent; assigneeId: string | null }[] = [];
      const lines: MessageRow[] = [];
      for (const row of rows) {
        const ongoing = row.status !== 'closed';
        // An ongoing chat leaves its member's hands and the queue; a closed one keeps its member as history.
        const releases = blocked && ongoing && row.assigneeId !== null;
        const rejoinsQueue = !blocked && row.status === 'open' && row.assigneeId === null && !row.trashedAt;
        const [changed] = (await tx
          .update(conversation)
          .set({
            customerBlocked: blocked,
            ...(releases ? { assigneeId: null } : {}),
            ...(blocked && ongoing ? { queuedAt: null } : {}),
            ...(rejoinsQueue ? { queuedAt: now } : {}),
            updatedAt: now,
          })
          .where(eq(conversation.id, row.id))
          .returning()) as [ConversationRow];
        // The clock stops while blocked, and counts again from now once unblocked.
        await storeDeadline(tx, changed, now, this.deps.deadlines);
        const entity = toConversation(changed, found.displayName);
        entries.push({
          event: {
            type: 'conversation.upserted',
            conversation: entity,
            ...(releases ? { assignment: releasedByBlock(row, actor.id) } : {}),
          },
          assigneeId: changed.assigneeId,
        });
        if (!ongoing) continue;
        const by = nicknames.get(actor.id) ?? null;
        const line: TimelineLine = blocked
          ? {
              code: 'customer_blocked',
              args: { by, from: row.assigneeId ? (nicknames.get(row.assigneeId) ?? null) : null },
            }
          : { code: 'customer_unblocked', args: { by } };
        const stored = timelineMessage(changed, line, actor.id, now);
        lines.push(stored);
        entries.push({
          event: { type: 'message.created', message: toMessage(stored) },
          assigneeId: changed.assigneeId,
        });
      }
      if (lines.length > 0) await tx.insert(message).values(lines);
      const events = await appendEventsOfMany(tx, actor.workspaceId, entries);
      return { result: { ...(await this.blockOf(tx, updated!)), conversations: rows.length }, events };
    });
    this.deps.hub.publish(actor.workspaceId, events);
    // Unblocked chats rejoin the queue, and a block frees the capacity of the members it took chats from.
    if (events.length > 0) this.handOut(actor.workspaceId);
    return result;
  }

  /** The blocked customers of a workspace, most recently blocked first. */
  async list(actor: Actor): Promise<BlockedCustomer[]> {
    if (!mayBlockCustomers(actor)) throw forbidden('Only managers and above see the blocked customers');
    const customers = await this.db
      .select()
      .from(customer)
      .where(and(eq(customer.workspaceId, actor.workspaceId), eq(customer.blocked, true)))
      .orderBy(desc(customer.blockedAt), asc(customer.id));
    if (customers.length === 0) return [];
    const ids = customers.map((c) => c.id);
    const [handles, shops, counts, nicknames] = await Promise.all([
      this.db
        .select()
        .from(customerHandle)
        .where(inArray(customerHandle.customerId, ids))
        .orderBy(asc(customerHandle.channel), asc(customerHandle.handle)),
      this.db
        .selectDistinct({ customerId: conversation.customerId, id: shop.id, name: shop.name })
        .from(conversation)
        .innerJoin(shop, eq(shop.id, conversation.shopId))
        .where(inArray(conversation.customerId, ids))
        .orderBy(asc(shop.name)),
      this.db
        .select({
          customerId: conversation.customerId,
          conversations: sql<number>`count(*)::int`,
          lastMessageAt: max(conversation.lastCustomerMessageAt),
        })
        .from(conversation)
        .where(inArray(conversation.customerId, ids))
        .groupBy(conversation.customerId),
      this.nicknames(
        this.db,
        customers.map((c) => c.blockedById),
      ),
    ]);
    return customers.map((c) => {
      const count = counts.find((n) => n.customerId === c.id);
      const last = count?.lastMessageAt as Date | string | null | undefined;
      return {
        ...blockOf(c, nicknames),
        displayName: c.displayName,
        handles: handles
          .filter((h) => h.customerId === c.id)
          .map((h) => ({ channel: h.channel, handle: h.handle })),
        shops: shops.filter((s) => s.customerId === c.id).map((s) => ({ id: s.id, name: s.name })),
        conversations: count?.conversations ?? 0,
        lastMessageAt: last ? new Date(last).toISOString() : null,
      };
    });
  }

  private async blockOf(tx: Tx, row: typeof customer.$inferSelect): Promise<CustomerBlock> {
    return blockOf(row, await this.nicknames(tx, [row.blockedById]));
  }

  private async nicknames(db: Db | Tx, ids: (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    if (wanted.length === 0) return new Map();
    const rows = await db
      .select({ id: member.id, nickname: member.nickname })
      .from(member)
      .where(inArray(member.id, wanted));
    return new Map(rows.map((r) => [r.id, r.nickname]));
  }
}

function blockOf(row: typeof customer.$inferSelect, nicknames: Map<string, string>): CustomerBlock {
  const by = row.blockedById;
  return {
    customerId: row.id,
    blocked: row.blocked,
    blockedAt: row.blockedAt?.toISOString() ?? null,
    blockedBy: by && nicknames.has(by) ? { id: by, nickname: nicknames.get(by)! } : null,
    reason: row.blockedReason,
  };
}
