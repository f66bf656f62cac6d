import { attachmentPreview } from './reply';
import { categorize, DEFAULT_CATEGORY_RULES } from '../../lib/domain/categories';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { matchesThread, routeInbound } from '../../lib/domain/channels';
import type { Conversation, InboundMessage, Message, NewSyncEvent } from '../../lib/protocol';
import { HttpError, notFound } from '../errors';
import { withRetries } from '../store/retry';
import { autoAssign, lockAssignmentQueue } from '../assignment/queue';
import { storeDeadline } from '../sla/deadlines';
import { newId } from '../ids';
import type { Db, Tx } from '../store';
import { appendEvents, type AppendedEvent } from '../store/events';
import { previewOf, toConversation, toMessage } from '../store/mappers';
import { conversation, customer, customerHandle, member, message, shop } from '../store/schema';
import { releasedByBlock } from './blocking';
import { timelineMessage } from '../store/timeline';
import type { InboxDeps } from './hub';
import { loadConversation } from './conversations';

export interface IngestResult {
  conversation: Conversation;
  message: Message;
  /** The channel delivered this message before: nothing was written. */
  duplicate: boolean;
}

/**
 * The one way a customer's message enters Sidedesk, whatever the channel (DESIGN "How a message travels"):
 * one transaction stores it, routes it to a conversation by the channel's rule, starts the reply clock and
 * appends the events; they are published once committed.
 */
export async function ingestInbound(
  db: Db,
  deps: InboxDeps,
  workspaceId: string,
  input: InboundMessage,
  /** A file the customer uploaded through the channel, sent with this message. */
  file?: { attachmentId: string; customerId: string },
): Promise<IngestResult> {
  // Two first messages of one customer racing to open the same conversation: the loser retries and appends.
  const { result, events } = await withRetries(() =>
    db.transaction((tx) => ingestInTransaction(tx, deps, workspaceId, input, file)),
  );
  deps.hub.publish(workspaceId, events);
  return result;
}

async function ingestInTransaction(
  tx: Tx,
  deps: InboxDeps,
  workspaceId: string,
  input: InboundMessage,
  file?: { attachmentId: string; customerId: string },
): Promise<{ result: IngestResult; events: AppendedEvent[] }> {
  const [shopRow] = await tx
    .select({ id: shop.id, settings: shop.settings, archivedAt: shop.archivedAt })
    .from(shop)
    .where(and(eq(shop.id, input.shopId), eq(shop.workspaceId, workspaceId)));
  if (!shopRow) throw notFound(`Shop ${input.shopId}`);
  if (shopRow.archivedAt)
    throw new HttpError(409, 'shop_archived', `Shop ${input.shopId} is archived and takes no messages`);

  const externalId = `${input.channel}:${input.externalId}`;
  const [existing] = await tx
    .select()
    .from(message)
    .where(and(eq(message.shopId, input.shopId), eq(message.externalId, externalId)));
  if (existing) {
    const found = await loadConversation(tx, workspaceId, existing.conversationId);
    if (!found) throw notFound(`Conversation ${existing.conversationId}`);
    return {
      result: { conversation: found.entity, message: toMessage(existing), duplicate: true },
      events: [],
    };
  }

  const customerRow = await findOrCreateCustomer(tx, workspaceId, input);
  const sentAt = input.sentAt ? new Date(input.sentAt) : new Date();

  const where: SQL[] = [
    eq(conversation.shopId, input.shopId),
    eq(conversation.customerId, customerRow.id),
    eq(conversation.channel, input.channel),
  ];
  if (matchesThread(input.channel)) where.push(eq(conversation.threadKey, input.threadKey ?? ''));
  const candidates = await tx
    .select({ id: conversation.id, status: conversation.status, threadKey: conversation.threadKey })
    .from(conversation)
    .where(and(...where))
    .orderBy(desc(conversation.createdAt))
    .limit(5)
    .for('update');
  const route = routeInbound(input.channel, candidates);

  const preview = previewOf(input.body);
  let row: typeof conversation.$inferSelect;
  let leftTrash = false;
  if (route.kind === 'new') {
    [row] = (await tx
      .insert(conversation)
      .values({
        id: newId('cv'),
        workspaceId,
        shopId: input.shopId,
        channel: input.channel,
        customerId: customerRow.id,
        threadKey: matchesThread(input.channel) ? (input.threadKey ?? '') : null,
        lastMessagePreview: preview,
        lastMessageAt: sentAt,
        lastCustomerMessageAt: sentAt,
        awaitingReplySince: sentAt,
        category: categorize(input.body, shopRow.settings.categoryRules ?? DEFAULT_CATEGORY_RULES),
        customerBlocked: customerRow.blocked,
        createdAt: sentAt,
        updatedAt: new Date(),
      })
      .returning()) as [typeof conversation.$inferSelect];
  } else {
    const found = await loadConversation(tx, workspaceId, route.conversationId, { lock: true });
    if (!found) throw notFound(`Conversation ${route.conversationId}`);
    const reopen = route.kind === 'reopen';
    // Nothing a customer writes is hidden (product §3): the message takes its conversation out of the trash.
    // A blocked customer's message is kept where the chat is (product §11): it brings nothing back.
    leftTrash = found.row.trashedAt !== null && !customerRow.blocked;
    // Reopening or leaving the trash moves the assignee's load (a trigger), which is the queue's to guard.
    if (reopen || leftTrash) await lockAssignmentQueue(tx, workspaceId);
    [row] = (await tx
      .update(conversation)
      .set({
        lastMessagePreview: preview,
        lastMessageAt: sentAt,
        lastCustomerMessageAt: sentAt,
        awaitingReplySince: found.row.awaitingReplySince ?? sentAt,
        updatedAt: new Date(),
        ...(reopen ? { status: 'open', closedAt: null, closedReason: null, snoozedUntil: null } : {}),
        ...(leftTrash ? { trashedAt: null } : {}),
      })
      .where(eq(conversation.id, route.conversationId))
      .returning()) as [typeof conversation.$inferSelect];
  }

  // Before the queue lock: the deadline depends on the waiting, not on who gets the chat.
  await storeDeadline(tx, row, new Date(), deps.deadlines, shopRow.settings);

  const messageId = newId('msg');
  let [messageRow] = (await tx
    .insert(message)
    .values({
      id: messageId,
      workspaceId,
      conversationId: row.id,
      shopId: input.shopId,
      direction: 'inbound',
      kind: 'text',
      author: 'customer',
      body: input.body,
      externalId,
      createdAt: sentAt,
    })
    .returning()) as [typeof message.$inferSelect];
  if (file) {
    if (!deps.attachments || file.customerId !== customerRow.id)
      throw notFound(`Attachment ${file.attachmentId}`);
    const claimed = await deps.attachments.claim(
      tx,
      workspaceId,
      { customerId: file.customerId },
      file.attachmentId,
      messageId,
    );
    [messageRow] = (await tx
      .update(message)
      .set({ kind: claimed.kind, payload: { attachment: claimed } })
      .where(eq(message.id, messageId))
      .returning()) as [typeof message.$inferSelect];
    if (!input.body) {
      [row] = (await tx
        .update(conversation)
        .set({ lastMessagePreview: previewOf(attachmentPreview(messageRow)) })
        .where(eq(conversation.id, row.id))
        .returning()) as [typeof conversation.$inferSelect];
    }
  }

  // The timeline says why the chat came back, right after the message that brought it.
  const trashLine = leftTrash ? outOfTrashLine(row, new Date(sentAt.getTime() + 1)) : null;
  if (trashLine) await tx.insert(message).values(trashLine);

  // A conversation without an assignee (new, or reopened after its member let go) is the queue's to decide.
  let assignmentEvents: NewSyncEvent[] = [];
  if (row.customerBlocked) {
    // A blocked customer's chat is nobody's (product §11): reopened, it does not go back to its member.
    if (row.assigneeId !== null && row.status === 'open')
      ({ row, events: assignmentEvents } = await keptFromMember(tx, row, customerRow.displayName));
  } else if (row.assigneeId === null && row.status === 'open') {
    await lockAssignmentQueue(tx, workspaceId);
    const outcome = await autoAssign(tx, row, {
      now: new Date(),
      customerName: customerRow.displayName,
      shopSettings: shopRow.settings,
    });
    row = outcome.row;
    assignmentEvents = outcome.events;
  }

  const conversationEntity = toConversation(row, customerRow.displayName);
  const messageEntity = toMessage(messageRow);
  const [upserted, line] = assignmentEvents;
  const events = await appendEvents(
    tx,
    workspaceId,
    [
      upserted ?? { type: 'conversation.upserted', conversation: conversationEntity },
      { type: 'message.created', message: messageEntity },
      ...(trashLine ? [{ type: 'message.created' as const, message: toMessage(trashLine) }] : []),
      ...(line ? [line] : []),
    ],
    row.assigneeId,
  );
  return { result: { conversation: conversationEntity, message: messageEntity, duplicate: false }, events };
}

const backFromTrash = { code: 'back_from_trash', args: {} } as const;

/** The system line of a conversation a customer's message took out of the trash. */
const outOfTrashLine = (row: typeof conversation.$inferSelect, at: Date) =>
  timelineMessage(row, backFromTrash, null, at);

async function findOrCreateCustomer(tx: Tx, workspaceId: string, input: InboundMessage) {
  const [known] = await tx
    .select({ id: customer.id, displayName: customer.displayName, blocked: customer.blocked })
    .from(customerHandle)
    .innerJoin(customer, eq(customer.id, customerHandle.customerId))
    .where(
      and(
        eq(customerHandle.workspaceId, workspaceId),
        eq(customerHandle.channel, input.channel),
        eq(customerHandle.handle, input.customerHandle),
      ),
    );
  if (known) return known;
  const id = newId('cu');
  await tx.insert(customer).values({
    id,
    workspaceId,
    displayName: input.customerName,
    email: input.channel === 'email' ? input.customerHandle : null,
    phone: input.channel === 'sms' ? input.customerHandle : null,
  });
  await tx
    .insert(customerHandle)
    .values({ workspaceId, channel: input.channel, handle: input.customerHandle, customerId: id });
  return { id, displayName: input.customerName, blocked: false };
}

/** A blocked customer's chat that their message reopened leaves its member, with a line that says why. */
async function keptFromMember(tx: Tx, row: typeof conversation.$inferSelect, customerName: string) {
  const now = new Date();
  const [from] = await tx
    .select({ nickname: member.nickname })
    .from(member)
    .where(eq(member.id, row.assigneeId!));
  const [released] = (await tx
    .update(conversation)
    .set({ assigneeId: null, queuedAt: null, updatedAt: now })
    .where(eq(conversation.id, row.id))
    .returning()) as [typeof conversation.$inferSelect];
  const line = timelineMessage(
    released,
    { code: 'blocked_not_returned', args: { from: from?.nickname ?? null } },
    null,
    new Date(now.getTime() + 2),
  );
  await tx.insert(message).values(line);
  const events: NewSyncEvent[] = [
    {
      type: 'conversation.upserted',
      conversation: toConversation(released, customerName),
      assignment: releasedByBlock(row, null),
    },
    { type: 'message.created', message: toMessage(line) },
  ];
  return { row: released, events };
}
