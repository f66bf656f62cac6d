import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { assignmentLine, pickAssignee, type AssignmentCandidate } from '../../lib/domain/assignment';
import { isWorkingAt } from '../../lib/domain/working-hours';
import type { AssignmentChange, AssignmentReason, NewSyncEvent } from '../../lib/protocol';
import type { Executor, Tx } from '../store';
import { toConversation, toMessage } from '../store/mappers';
import { timelineMessage } from '../store/timeline';
import {
  conversation,
  customer,
  member,
  memberShop,
  message,
  workspace,
  type ShopSettings,
} from '../store/schema';

/**
 * The assignment queue's decisions (product §5). Each runs inside a transaction that first takes the
 * workspace's queue lock, so loads, capacities and availability read here cannot change underneath.
 */

type ConversationRow = typeof conversation.$inferSelect;

/**
 * Serializes every decision about who works on what in one workspace (the row also carries the event seq).
 * NO KEY UPDATE, like the seq bump: a plain FOR UPDATE would also wait for every transaction that merely
 * inserted a row referencing the workspace, and two such writers would deadlock.
 */
export async function lockAssignmentQueue(tx: Tx, workspaceId: string): Promise<void> {
  await tx
    .select({ id: workspace.id })
    .from(workspace)
    .where(eq(workspace.id, workspaceId))
    .for('no key update');
}

interface Candidate extends AssignmentCandidate {
  shopIds: string[];
}

/** Members who may get work by auto-assignment: available, not removed, with their open load. */
export async function availableCandidates(tx: Executor, workspaceId: string): Promise<Candidate[]> {
  const rows = await tx
    .select({
      id: member.id,
      capacity: member.capacity,
      lastAssignedAt: member.lastAssignedAt,
      load: member.openLoad,
      workingHours: member.workingHours,
      shopId: memberShop.shopId,
    })
    .from(member)
    .innerJoin(memberShop, eq(memberShop.memberId, member.id))
    .where(and(eq(member.workspaceId, workspaceId), eq(member.available, true), isNull(member.removedAt)));
  const byId = new Map<string, Candidate>();
  const now = new Date();
  // Outside their own working hours a member gets no work from the queue (product §11).
  for (const { shopId, workingHours, ...r } of rows) {
    if (!isWorkingAt(workingHours, now)) continue;
    const c = byId.get(r.id) ?? { ...r, shopIds: [] };
    c.shopIds.push(shopId);
    byId.set(r.id, c);
  }
  return [...byId.values()];
}

/** Everyone who may serve a shop, available or not, with their load: one query for the whole decision. */
async function shopMembers(tx: Executor, shopId: string) {
  return tx
    .select({
      id: member.id,
      nickname: member.nickname,
      capacity: member.capacity,
      lastAssignedAt: member.lastAssignedAt,
      available: member.available,
      load: member.openLoad,
      workingHours: member.workingHours,
    })
    .from(memberShop)
    .innerJoin(member, eq(member.id, memberShop.memberId))
    .where(and(eq(memberShop.shopId, shopId), isNull(member.removedAt)));
}

/** The member who served this customer in this shop last. */
async function lastServedBy(tx: Executor, row: ConversationRow): Promise<string | null> {
  const [previous] = await tx
    .select({ assigneeId: conversation.assigneeId })
    .from(conversation)
    .where(
      and(
        eq(conversation.shopId, row.shopId),
        eq(conversation.customerId, row.customerId),
        ne(conversation.id, row.id),
        sql`${conversation.assigneeId} is not null`,
      ),
    )
    .orderBy(sql`${conversation.createdAt} desc`)
    .limit(1);
  return previous?.assigneeId ?? null;
}

export interface AssignmentOutcome {
  row: ConversationRow;
  events: NewSyncEvent[];
}

/**
 * A conversation that needs an assignee (new, or reopened without one): the shop's sole member, else the
 * customer's last member when the shop prefers it and they have room, else the best candidate; nobody
 * with room puts it in the Unassigned queue. The caller holds the queue lock.
 */
export async function autoAssign(
  tx: Tx,
  row: ConversationRow,
  context: { now: Date; customerName: string; shopSettings: ShopSettings },
): Promise<AssignmentOutcome> {
  const { now } = context;
  const members = await shopMembers(tx, row.shopId);
  const nicknames = new Map(members.map((m) => [m.id, m.nickname]));
  const assignTo = (id: string) =>
    changeAssignee(
      tx,
      row,
      { toMemberId: id, reason: 'auto', byMemberId: null, note: null, now },
      { customerName: context.customerName, nicknames },
    );
  if (members.length === 1) return assignTo(members[0]!.id);
  const candidates = members.filter((m) => m.available && isWorkingAt(m.workingHours, now));
  const preferred = context.shopSettings.preferLastServed ? await lastServedBy(tx, row) : null;
  const previous = preferred ? candidates.find((c) => c.id === preferred && c.load < c.capacity) : undefined;
  const chosen = previous ?? pickAssignee(candidates);
  if (chosen) return assignTo(chosen.id);
  const [queued] = (await tx
    .update(conversation)
    .set({ queuedAt: row.queuedAt ?? now, updatedAt: now })
    .where(eq(conversation.id, row.id))
    .returning()) as [ConversationRow];
  return { row: queued, events: [] };
}

export interface ChangeRequest {
  toMemberId: string | null;
  reason: AssignmentReason;
  byMemberId: string | null;
  note: string | null;
  now: Date;
  /** The assignee was removed from the workspace: the line says so. */
  memberRemoved?: boolean;
}

/**
 * Moves a conversation to a member or back to the queue, and writes the system line of the timeline.
 * Returns the events for the caller to append: the conversation with its assignment change, and the line.
 */
export async function changeAssignee(
  tx: Tx,
  row: ConversationRow,
  change: ChangeRequest,
  known: { customerName?: string; nicknames?: Map<string, string> } = {},
): Promise<AssignmentOutcome> {
  const { toMemberId, now } = change;
  const ids = [row.assigneeId, toMemberId, change.byMemberId].filter((x): x is string => x !== null);
  const nicknames = new Map(known.nicknames);
  const unknown = ids.filter((id) => !nicknames.has(id));
  if (unknown.length > 0) {
    const found = await tx
      .select({ id: member.id, nickname: member.nickname })
      .from(member)
      .where(inArray(member.id, unknown));
    for (const m of found) nicknames.set(m.id, m.nickname);
  }
  const nameOf = (memberId: string | null) => (memberId ? (nicknames.get(memberId) ?? null) : null);
  const assignment: AssignmentChange = {
    fromMemberId: row.assigneeId,
    fromQueue: row.assigneeId === null && row.queuedAt !== null,
    toMemberId,
    reason: change.reason,
    byMemberId: change.byMemberId,
    note: change.note,
  };
  const timeline = assignmentLine(
    assignment,
    { from: nameOf(row.assigneeId), to: nameOf(toMemberId), by: nameOf(change.byMemberId) },
    { memberRemoved: change.memberRemoved },
  );
  // The change for the figures and the clients, and the line's code and names, worded by each reader.
  const line = timelineMessage(row, timeline, change.byMemberId, now, { ...assignment });
  const updated: ConversationRow = {
    ...row,
    assigneeId: toMemberId,
    queuedAt: toMemberId ? null : now,
    updatedAt: now,
  };
  // The caller holds this row, so its new state is known: one statement writes the conversation, the
  // member's last assignment and the timeline line, under the queue lock.
  const conversationUpdate = tx
    .update(conversation)
    .set({ assigneeId: updated.assigneeId, queuedAt: updated.queuedAt, updatedAt: now })
    .where(eq(conversation.id, row.id));
  const memberUpdate = toMemberId
    ? sql`, assigned_member as (${tx.update(member).set({ lastAssignedAt: now }).where(eq(member.id, toMemberId)).getSQL()})`
    : sql``;
  await tx.execute(
    sql`with moved as (${conversationUpdate.getSQL()})${memberUpdate} ${tx.insert(message).values(line).getSQL()}`,
  );
  const customerName =
    known.customerName ??
    (await tx.select({ name: customer.displayName }).from(customer).where(eq(customer.id, row.customerId)))[0]
      ?.name ??
    '';
  return {
    row: updated,
    events: [
      { type: 'conversation.upserted', conversation: toConversation(updated, customerName), assignment },
      { type: 'message.created', message: toMessage(line) },
    ],
  };
}

/** The oldest queued conversation some candidate with room may serve, taken for this transaction. */
export async function oldestQueuedFor(
  tx: Tx,
  workspaceId: string,
  shopIds: string[],
): Promise<ConversationRow | null> {
  if (shopIds.length === 0) return null;
  const [row] = await tx
    .select()
    .from(conversation)
    .where(
      and(
        eq(conversation.workspaceId, workspaceId),
        isNull(conversation.assigneeId),
        eq(conversation.status, 'open'),
        isNull(conversation.trashedAt),
        // A blocked customer's chats are never handed out (product §11).
        eq(conversation.customerBlocked, false),
        inArray(conversation.shopId, shopIds),
      ),
    )
    .orderBy(asc(conversation.queuedAt), asc(conversation.createdAt))
    .limit(1)
    .for('update', { skipLocked: true });
  return row ?? null;
}
