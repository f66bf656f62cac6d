import { and, eq } from 'drizzle-orm';
import { mayMoveConversation } from '../../lib/domain/assignment';
import { seesAllConversations } from '../../lib/domain/visibility';
import { timelineText } from '../../lib/domain/timeline';
import type { ConversationPatch, Message, NewSyncEvent, NoteBody, TimelineLine } from '../../lib/protocol';
import { lockAssignmentQueue } from '../assignment/queue';
import type { AssignmentService, Actor } from '../assignment/service';
import { conflict, forbidden, HttpError, notFound } from '../errors';
import { newId } from '../ids';
import type { Db, Tx } from '../store';
import { appendEvents, type AppendedEvent } from '../store/events';
import { previewOf, toConversation, toMessage } from '../store/mappers';
import { conversation, customer, event, member, message, shop } from '../store/schema';
import type { InboxDeps } from './hub';
import { storeDeadline } from '../sla/deadlines';

type ConversationRow = typeof conversation.$inferSelect;

interface LockOptions {
  /** The change may touch a conversation in the trash. */
  inTrash?: boolean;
  /** The change leaves status, assignee and trash alone, so the queue lock is not needed. */
  keepsStatus?: boolean;
}

/** The satisfaction request sent when a member ends a session, in the shop's language. */
export function satisfactionRequestText(country: string): string {
  return country === 'IT'
    ? 'Grazie per averci scritto! Quanto sei soddisfatto del nostro servizio? Dacci un voto da 1 a 5.'
    : 'Thank you for chatting with us! How satisfied are you with our service? Rate us from 1 to 5.';
}

/**
 * The lifecycle of a conversation beyond replies (product §3, §4): end session, trash, restore, delete for
 * good, and the customer's rating. Each is one transaction that appends its events; a change that frees
 * a member's capacity asks the queue to hand out.
 */
export class LifecycleService {
  constructor(
    private readonly db: Db,
    private readonly deps: InboxDeps,
    private readonly assignment: AssignmentService,
  ) {}

  /** Closes the session (ended_by_agent) and asks the customer for a rating. */
  async endSession(actor: Actor, conversationId: string): Promise<void> {
    const { events, request, entity } = await this.db.transaction(async (tx) => {
      const row = await this.lockForChange(tx, actor, conversationId);
      if (row.status === 'closed') throw conflict('This conversation is already closed');
      // Ending a session asks the customer for a rating, and nothing goes out to a blocked one (product §11).
      if (row.customerBlocked)
        throw conflict('This customer is blocked: close the chat instead, which sends them nothing');
      const now = new Date();
      const [shopRow] = await tx.select({ country: shop.country }).from(shop).where(eq(shop.id, row.shopId));
      const [by] = await tx.select({ nickname: member.nickname }).from(member).where(eq(member.id, actor.id));
      const ended: TimelineLine = { code: 'session_ended', args: { by: by?.nickname ?? null } };
      // The line's code and names, worded by each reader; the body keeps the English for search and API clients.
      const line = { ...this.systemLine(row, timelineText(ended), actor.id, now), payload: ended };
      const askedAt = new Date(now.getTime() + 1);
      const ask = {
        ...this.systemLine(row, satisfactionRequestText(shopRow?.country ?? ''), null, askedAt),
        direction: 'outbound' as const,
        author: 'automation' as const,
        payload: { satisfactionRequest: true },
      };
      const [closed] = (await tx
        .update(conversation)
        .set({
          status: 'closed',
          closedAt: now,
          closedReason: 'ended_by_agent',
          queuedAt: null,
          snoozedUntil: null,
          lastMessagePreview: previewOf(ask.body),
          lastMessageAt: askedAt,
          updatedAt: now,
        })
        .where(eq(conversation.id, row.id))
        .returning()) as [ConversationRow];
      await storeDeadline(tx, closed, now, this.deps.deadlines);
      await tx.insert(message).values([line, ask]);
      // The integration hears both, in this order: the session ended, then the rating request.
      const endSent = await this.deps.outbound?.enqueue(tx, line, 'session_ended');
      const asked = await this.deps.outbound?.enqueue(tx, ask, 'message');
      const entity = toConversation(closed, await this.customerName(tx, row.customerId));
      const events = await appendEvents(
        tx,
        actor.workspaceId,
        [
          {
            type: 'conversation.upserted',
            conversation: { ...entity, lastMessagePreview: previewOf(ask.body) },
          },
          { type: 'message.created', message: toMessage({ ...line, delivery: endSent ?? null }) },
          { type: 'message.created', message: toMessage({ ...ask, delivery: asked ?? null }) },
        ],
        closed.assigneeId,
      );
      return { events, request: toMessage({ ...ask, delivery: asked ?? null }), entity };
    });
    this.publish(actor.workspaceId, events);
    this.deps.delivery.deliver(actor.workspaceId, entity, request);
    this.deps.outbound?.wake();
  }

  /** Category, tags and priority: how the team sorts its work; none of them moves the queue or the clock. */
  async organize(actor: Actor, conversationId: string, patch: ConversationPatch): Promise<void> {
    await this.change(actor, conversationId, { inTrash: true, keepsStatus: true }, (row, now) => {
      const set: Partial<ConversationRow> = {};
      if (patch.category !== undefined && patch.category !== row.category) set.category = patch.category;
      if (patch.priority !== undefined && patch.priority !== row.priority) set.priority = patch.priority;
      if (patch.tags !== undefined) {
        const tags = uniqueTags(patch.tags);
        if (tags.join('\n') !== row.tags.join('\n')) set.tags = tags;
      }
      return Object.keys(set).length === 0 ? null : { ...set, updatedAt: now };
    });
  }

  /** Adds and removes tags against what the conversation has now (a bulk action's unit). */
  async retag(actor: Actor, conversationId: string, add: string[], remove: string[]): Promise<void> {
    await this.change(actor, conversationId, { inTrash: true, keepsStatus: true }, (row, now) => {
      const gone = new Set(remove.map((t) => t.trim().toLowerCase()));
      const tags = uniqueTags([...row.tags.filter((t) => !gone.has(t.toLowerCase())), ...add]);
      return tags.join('\n') === row.tags.join('\n') ? null : { tags, updatedAt: now };
    });
  }

  /**
   * An internal note: the team sees it in the timeline, the customer never does, and it moves neither the
   * reply clock nor the list's preview. The client id makes a retry return the stored note.
   */
  async addNote(actor: Actor, conversationId: string, input: NoteBody): Promise<Message> {
    const { note, events } = await this.db.transaction(async (tx) => {
      const [stored] = await tx
        .select()
        .from(message)
        .where(and(eq(message.workspaceId, actor.workspaceId), eq(message.clientId, input.clientId)));
      if (stored) {
        if (stored.conversationId !== conversationId)
          throw conflict(`Client id ${input.clientId} was already used in another conversation`);
        return { note: toMessage(stored), events: [] };
      }
      const [row] = await tx
        .select()
        .from(conversation)
        .where(and(eq(conversation.id, conversationId), eq(conversation.workspaceId, actor.workspaceId)));
      if (!row) throw notFound(`Conversation ${conversationId}`);
      if (!mayMoveConversation(actor, row))
        throw forbidden('This conversation is assigned to another member');
      const [inserted] = (await tx
        .insert(message)
        .values({
          id: newId('msg'),
          workspaceId: actor.workspaceId,
          conversationId,
          shopId: row.shopId,
          direction: 'note',
          kind: 'text',
          author: 'member',
          authorMemberId: actor.id,
          body: input.body,
          clientId: input.clientId,
          createdAt: new Date(),
        })
        .returning()) as [typeof message.$inferSelect];
      const note = toMessage(inserted);
      const events = await appendEvents(
        tx,
        actor.workspaceId,
        [{ type: 'message.created', message: note }],
        row.assigneeId,
      );
      return { note, events };
    });
    this.deps.hub.publish(actor.workspaceId, events);
    return note;
  }

  /** Hides an open conversation until a time; the clock brings it back and tells the assignee. */
  async snooze(actor: Actor, conversationId: string, until: Date): Promise<void> {
    if (until.getTime() <= Date.now())
      throw new HttpError(400, 'invalid_input', 'body.until: must be in the future', 'body.until');
    await this.setSnooze(actor, conversationId, until);
  }

  async unsnooze(actor: Actor, conversationId: string): Promise<void> {
    await this.setSnooze(actor, conversationId, null);
  }

  private async setSnooze(actor: Actor, conversationId: string, until: Date | null): Promise<void> {
    await this.change(actor, conversationId, {}, (row, now) => {
      if (row.status === 'closed') throw conflict('This conversation is closed; it cannot be snoozed');
      if (until === null && row.status !== 'snoozed') return null;
      return { status: until ? 'snoozed' : 'open', snoozedUntil: until, updatedAt: now };
    });
  }

  /** Marks a conversation for follow-up (the Starred bucket), or clears the mark; also in the trash. */
  async setStarred(actor: Actor, conversationId: string, starred: boolean): Promise<void> {
    await this.change(actor, conversationId, { inTrash: true, keepsStatus: true }, (row, now) =>
      row.starred === starred ? null : { starred, updatedAt: now },
    );
  }

  async trash(actor: Actor, conversationId: string): Promise<void> {
    await this.setTrashed(actor, conversationId, true);
  }

  async restore(actor: Actor, conversationId: string): Promise<void> {
    await this.setTrashed(actor, conversationId, false);
  }

  private async setTrashed(actor: Actor, conversationId: string, trashed: boolean): Promise<void> {
    await this.change(actor, conversationId, { inTrash: !trashed }, (row, now) =>
      (row.trashedAt !== null) === trashed ? null : { trashedAt: trashed ? now : null, updatedAt: now },
    );
  }

  /**
   * One state change of a conversation: lock and check it, apply what `decide` returns (null: nothing to
   * do), store its next deadline, and append and publish the new state.
   */
  private async change(
    actor: Actor,
    conversationId: string,
    options: LockOptions,
    decide: (row: ConversationRow, now: Date) => Partial<ConversationRow> | null,
  ): Promise<void> {
    const events = await this.db.transaction(async (tx) => {
      const row = await this.lockForChange(tx, actor, conversationId, options);
      const now = new Date();
      const set = decide(row, now);
      if (!set) return [];
      const [updated] = (await tx
        .update(conversation)
        .set(set)
        .where(eq(conversation.id, row.id))
        .returning()) as [ConversationRow];
      await storeDeadline(tx, updated, now, this.deps.deadlines);
      const entity = toConversation(updated, await this.customerName(tx, row.customerId));
      return appendEvents(
        tx,
        actor.workspaceId,
        [{ type: 'conversation.upserted', conversation: entity }],
        updated.assigneeId,
      );
    });
    this.publish(actor.workspaceId, events);
  }

  /**
   * Deletes a conversation from the trash for good: its messages, read marks and every event that carried
   * its content are gone; the log keeps one event saying it was deleted, so clients drop it too.
   */
  async deletePermanently(actor: Actor, conversationId: string): Promise<void> {
    if (!seesAllConversations(actor.role))
      throw forbidden('Only managers and above delete conversations for good');
    const { events, files } = await this.db.transaction(async (tx) => {
      const row = await this.lockForChange(tx, actor, conversationId, { inTrash: true });
      if (row.trashedAt === null)
        throw conflict('Move the conversation to the trash before deleting it for good');
      const messageIds = (
        await tx.select({ id: message.id }).from(message).where(eq(message.conversationId, row.id))
      ).map((m) => m.id);
      const files = (await this.deps.attachments?.keysOfMessages(tx, messageIds)) ?? [];
      await tx
        .delete(event)
        .where(and(eq(event.workspaceId, actor.workspaceId), eq(event.conversationId, row.id)));
      await tx.delete(conversation).where(eq(conversation.id, row.id));
      const deleted: NewSyncEvent = { type: 'conversation.deleted', conversationId: row.id };
      return { events: await appendEvents(tx, actor.workspaceId, [deleted], null), files };
    });
    // The rows are gone (attachments with their messages); the files follow once that is committed.
    await this.deps.attachments?.removeFiles(files);
    this.publish(actor.workspaceId, events);
  }

  /** The customer's answer to the satisfaction request of an ended session. */
  async recordRating(
    workspaceId: string,
    conversationId: string,
    rating: number,
    comment: string | null,
  ): Promise<void> {
    const events = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(conversation)
        .where(and(eq(conversation.id, conversationId), eq(conversation.workspaceId, workspaceId)))
        .for('update');
      if (!row) throw notFound(`Conversation ${conversationId}`);
      if (row.closedReason !== 'ended_by_agent') throw conflict('This session has not asked for a rating');
      const [rated] = (await tx
        .update(conversation)
        .set({ rating, ratingComment: comment?.trim() || null, updatedAt: new Date() })
        .where(eq(conversation.id, row.id))
        .returning()) as [ConversationRow];
      const entity = toConversation(rated, await this.customerName(tx, row.customerId));
      return appendEvents(
        tx,
        workspaceId,
        [{ type: 'conversation.upserted', conversation: entity }],
        rated.assigneeId,
      );
    });
    this.deps.hub.publish(workspaceId, events);
  }

  /**
   * The customer left the chat on their channel (the webhook says so): an open or snoozed chat closes with
   * reason `customer_left` and a system line, freeing its member's capacity. Already closed: nothing to do.
   */
  async customerLeft(workspaceId: string, conversationId: string): Promise<boolean> {
    const events = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(conversation)
        .where(and(eq(conversation.id, conversationId), eq(conversation.workspaceId, workspaceId)))
        .for('update');
      if (!row) throw notFound(`Conversation ${conversationId}`);
      if (row.status === 'closed') return [];
      await lockAssignmentQueue(tx, workspaceId);
      const now = new Date();
      const left: TimelineLine = { code: 'customer_left', args: {} };
      const line = { ...this.systemLine(row, timelineText(left), null, now), payload: left };
      const [closed] = (await tx
        .update(conversation)
        .set({
          status: 'closed',
          closedAt: now,
          closedReason: 'customer_left',
          queuedAt: null,
          snoozedUntil: null,
          updatedAt: now,
        })
        .where(eq(conversation.id, row.id))
        .returning()) as [ConversationRow];
      await storeDeadline(tx, closed, now, this.deps.deadlines);
      await tx.insert(message).values(line);
      const entity = toConversation(closed, await this.customerName(tx, row.customerId));
      return appendEvents(
        tx,
        workspaceId,
        [
          { type: 'conversation.upserted', conversation: entity },
          { type: 'message.created', message: toMessage(line) },
        ],
        closed.assigneeId,
      );
    });
    this.publish(workspaceId, events);
    return events.length > 0;
  }

  /** The conversation, locked, after the checks every lifecycle change shares; then the queue lock. */
  private async lockForChange(tx: Tx, actor: Actor, conversationId: string, options: LockOptions = {}) {
    const [row] = await tx
      .select()
      .from(conversation)
      .where(and(eq(conversation.id, conversationId), eq(conversation.workspaceId, actor.workspaceId)))
      .for('update');
    if (!row) throw notFound(`Conversation ${conversationId}`);
    if (!mayMoveConversation(actor, row)) throw forbidden('This conversation is assigned to another member');
    if (row.trashedAt !== null && !options.inTrash)
      throw conflict('This conversation is in the trash; restore it first');
    // Status and trash changes move the assignee's load (a trigger), which is the queue's to guard.
    if (!options.keepsStatus) await lockAssignmentQueue(tx, actor.workspaceId);
    return row;
  }

  private systemLine(row: ConversationRow, body: string, byMemberId: string | null, at: Date) {
    return {
      id: newId('msg'),
      workspaceId: row.workspaceId,
      conversationId: row.id,
      shopId: row.shopId,
      direction: 'system' as 'system' | 'outbound',
      kind: 'text' as const,
      author: 'system' as 'system' | 'automation',
      authorMemberId: byMemberId,
      body,
      payload: null as Record<string, unknown> | null,
      clientId: null,
      externalId: null,
      createdAt: at,
    };
  }

  private async customerName(tx: Tx, customerId: string): Promise<string> {
    const [row] = await tx
      .select({ name: customer.displayName })
      .from(customer)
      .where(eq(customer.id, customerId));
    return row?.name ?? '';
  }

  private publish(workspaceId: string, events: AppendedEvent[]): void {
    this.deps.hub.publish(workspaceId, events);
    if (events.length > 0) this.assignment.requestHandOut(workspaceId);
  }
}

/** Tags as the team typed them, trimmed, each once whatever its case, in their first order. */
function uniqueTags(tags: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    if (tag && !seen.has(tag.toLowerCase())) {
      seen.add(tag.toLowerCase());
      out.push(tag);
    }
  }
  return out;
}
