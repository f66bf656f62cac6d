import { z } from 'zod';
import { assignmentChange, conversation, id, isoTime, message, readMark } from './entities';

/**
 * The event log is the sync contract: every change to a conversation or message appends one of these
 * with a per-workspace, strictly increasing `seq`. Clients apply them in order and remember the last seq.
 */
export const syncEvent = z.discriminatedUnion('type', [
  z.object({
    seq: z.number().int().positive(),
    at: isoTime,
    type: z.literal('conversation.upserted'),
    conversation,
    /** Set when the assignee changed: who had it, who has it, and why. */
    assignment: assignmentChange.optional(),
    /**
     * The conversation's messages before this event, oldest first, for a member this change lets see it
     * for the first time (see `gainsSight`). Only the catch-up (`GET /api/sync`) carries it; a pushed event
     * that should is fetched again.
     */
    history: z.array(message).optional(),
  }),
  z.object({ seq: z.number().int().positive(), at: isoTime, type: z.literal('message.created'), message }),
  z.object({
    seq: z.number().int().positive(),
    at: isoTime,
    type: z.literal('conversation.read'),
    readMark,
  }),
  z.object({
    seq: z.number().int().positive(),
    at: isoTime,
    type: z.literal('conversation.deleted'),
    conversationId: id,
  }),
  /** The clock reached a notice for the assignee: due soon, overdue, or the end of a snooze. */
  z.object({
    seq: z.number().int().positive(),
    at: isoTime,
    type: z.literal('conversation.sla'),
    conversationId: id,
    assigneeId: id.nullable(),
    customerName: z.string(),
    /** Due soon or overdue; or a snoozed chat woke up and is back in the inbox. */
    step: z.enum(['due_soon', 'overdue', 'snooze_ended']),
    /** The deadline that fired. */
    dueAt: isoTime,
  }),
]);
export type SyncEvent = z.infer<typeof syncEvent>;
export type SyncEventType = SyncEvent['type'];

/** An event before the log has given it a seq. */
export type NewSyncEvent = SyncEvent extends infer E
  ? E extends SyncEvent
    ? Omit<E, 'seq' | 'at'>
    : never
  : never;
