import { and, eq } from 'drizzle-orm';
import { canSeeConversation, type Viewer } from '../../lib/domain/visibility';
import type { Card, CardRef, ReplyBody, ReplyResult } from '../../lib/protocol';
import { voucherProblem } from '../../lib/domain/vouchers';
import { conflict, forbidden, notFound } from '../errors';
import { withRetries } from '../store/retry';
import { replyClockAfterOutbound } from '../../lib/domain/sla';
import { storeDeadline } from '../sla/deadlines';
import { newId } from '../ids';
import type { Db, Tx } from '../store';
import { appendEvents, type AppendedEvent } from '../store/events';
import { previewOf, toConversation, toMessage } from '../store/mappers';
import { conversation, message } from '../store/schema';
import type { InboxDeps } from './hub';
import { loadConversation } from './conversations';

export interface Replier extends Viewer {
  workspaceId: string;
}

/**
 * A member's reply. The client id makes it idempotent: a retry of a reply that was stored returns the stored
 * copy and sends nothing twice. The channel gets it only after it is committed.
 */
export async function sendReply(
  db: Db,
  deps: InboxDeps,
  replier: Replier,
  conversationId: string,
  input: ReplyBody,
): Promise<ReplyResult> {
  // The card's current copy comes from the marketplace before the transaction, which holds no lock while a
  // connector answers; it is checked inside, once a retry of a stored reply has been ruled out.
  const card = input.card
    ? await currentCard(db, deps, replier.workspaceId, conversationId, input.card)
    : null;
  // The same client id racing in on two connections: the second attempt finds the first one's copy.
  const outcome = await withRetries(() =>
    db.transaction((tx) => replyInTransaction(tx, deps, replier, conversationId, input, card)),
  );
  if (outcome.events.length > 0) {
    deps.hub.publish(replier.workspaceId, outcome.events);
    deps.delivery.deliver(replier.workspaceId, outcome.result.conversation, outcome.result.message);
    deps.outbound?.wake();
  }
  return outcome.result;
}

async function replyInTransaction(
  tx: Tx,
  deps: InboxDeps,
  replier: Replier,
  conversationId: string,
  input: ReplyBody,
  card: Card | null,
): Promise<{ result: ReplyResult; events: AppendedEvent[] }> {
  const [stored] = await tx
    .select()
    .from(message)
    .where(and(eq(message.workspaceId, replier.workspaceId), eq(message.clientId, input.clientId)));
  if (stored) {
    if (stored.conversationId !== conversationId) {
      throw conflict(`Client id ${input.clientId} was already used for a message in another conversation`);
    }
    const found = await loadConversation(tx, replier.workspaceId, conversationId);
    if (!found) throw notFound(`Conversation ${conversationId}`);
    return { result: { message: toMessage(stored), conversation: found.entity }, events: [] };
  }

  const found = await loadConversation(tx, replier.workspaceId, conversationId, { lock: true });
  if (!found) throw notFound(`Conversation ${conversationId}`);
  if (!canSeeConversation(replier, found.entity)) {
    throw forbidden('This conversation is assigned to another member; ask a manager to transfer it to you');
  }
  if (found.row.trashedAt) throw conflict('This conversation is in the trash; restore it before replying');
  // Nothing goes out to a blocked customer (product §11): the reply is refused before anything is stored.
  if (found.row.customerBlocked) throw conflict('This customer is blocked; unblock them before replying');
  if (found.row.status === 'closed') {
    throw conflict('This conversation is closed and accepts no reply; the customer can start a new one');
  }

  const now = new Date();
  if (input.card) checkCard(input.card, card, found.row, now);
  const messageId = newId('msg');
  let [messageRow] = (await tx
    .insert(message)
    .values({
      id: messageId,
      workspaceId: replier.workspaceId,
      conversationId,
      shopId: found.row.shopId,
      direction: 'outbound',
      kind: card ? (`${card.type}_card` as const) : 'text',
      author: 'member',
      authorMemberId: replier.id,
      body: input.body,
      clientId: input.clientId,
      payload: card ? { card } : null,
      createdAt: now,
    })
    .returning()) as [typeof message.$inferSelect];
  if (input.attachmentId) {
    if (!deps.attachments) throw conflict('This server takes no files');
    // The file becomes this message's: its kind, and its details for every client and the channel.
    const file = await deps.attachments.claim(
      tx,
      replier.workspaceId,
      { memberId: replier.id },
      input.attachmentId,
      messageId,
    );
    [messageRow] = (await tx
      .update(message)
      .set({ kind: file.kind, payload: { attachment: file } })
      .where(eq(message.id, messageId))
      .returning()) as [typeof message.$inferSelect];
  }
  // Queued for the shop's delivery URL in this same transaction, so a crash loses no reply.
  const delivery = await deps.outbound?.enqueue(tx, messageRow, 'message');
  if (delivery) messageRow = { ...messageRow, delivery };
  const preview =
    input.body || (input.attachmentId ? attachmentPreview(messageRow) : card ? cardPreview(card) : '');
  const [row] = (await tx
    .update(conversation)
    .set({
      ...replyClockAfterOutbound(found.row, 'member', false, now),
      lastMessagePreview: previewOf(preview),
      lastMessageAt: now,
      updatedAt: now,
    })
    .where(eq(conversation.id, conversationId))
    .returning()) as [typeof conversation.$inferSelect];

  await storeDeadline(tx, row, now, deps.deadlines);
  const result = {
    message: toMessage(messageRow),
    conversation: toConversation(row, found.entity.customerName),
  };
  const events = await appendEvents(
    tx,
    replier.workspaceId,
    [
      { type: 'conversation.upserted', conversation: result.conversation },
      { type: 'message.created', message: result.message },
    ],
    row.assigneeId,
  );
  return { result, events };
}

/** The list's preview of a message that is only a file: its name, marked as a file. */
export function attachmentPreview(row: { payload: unknown }): string {
  const name = (row.payload as { attachment?: { name?: string } } | null)?.attachment?.name ?? '';
  return `📎 ${name}`;
}

/** The list's preview of a card sent without a caption. */
export function cardPreview(card: Card): string {
  if (card.type === 'voucher') return `🎟 ${card.voucher.code} · ${card.voucher.title}`;
  if (card.type === 'product') return `🛍 ${card.product.title}`;
  return `📦 ${card.order.number}`;
}

async function currentCard(
  db: Db,
  deps: InboxDeps,
  workspaceId: string,
  conversationId: string,
  ref: CardRef,
): Promise<Card | null> {
  const found = await loadConversation(db, workspaceId, conversationId);
  if (!found || !deps.connectors) return null;
  return deps.connectors.of(workspaceId).card({ workspaceId, shopId: found.row.shopId }, ref);
}

/** A card goes out only while it is true: a voucher the customer can still claim, a product on sale, their own order. */
function checkCard(ref: CardRef, card: Card | null, row: typeof conversation.$inferSelect, now: Date): void {
  const what = { voucher: 'Voucher', product: 'Product', order: 'Order' }[ref.type];
  if (!card) throw notFound(`${what} ${ref.id} in this conversation's shop`);
  if (card.type === 'voucher') {
    const problem = voucherProblem(card.voucher, now);
    const code = card.voucher.code;
    if (problem === 'expired') throw conflict(`Voucher ${code} has expired and can't be sent`);
    if (problem === 'used_up') throw conflict(`Voucher ${code} is used up: none are left to claim`);
    if (problem === 'not_started') {
      throw conflict(
        `Voucher ${code} can't be sent before it starts on ${card.voucher.startsAt.slice(0, 10)}`,
      );
    }
  } else if (card.type === 'product' && card.product.status !== 'live') {
    throw conflict(`Product ${card.product.sku} is not on sale, so it can't be sent`);
  } else if (card.type === 'order' && card.order.customerId !== row.customerId) {
    throw conflict(`Order ${card.order.number} belongs to another customer`);
  }
}
