import { z } from 'zod';

/** Entities as they cross a boundary (HTTP, socket, extension storage). Times are ISO-8601 strings. */

export const id = z.string().min(1).max(64);
export const isoTime = z.iso.datetime({ offset: true });

export const role = z.enum(['owner', 'admin', 'manager', 'agent']);
export type Role = z.infer<typeof role>;

export const channel = z.enum(['marketplace', 'webchat', 'email', 'sms']);
export type Channel = z.infer<typeof channel>;

export const conversationStatus = z.enum(['open', 'snoozed', 'closed']);
export const category = z.enum(['pre_sale', 'in_sale', 'after_sale', 'logistics', 'other']);
export type Category = z.infer<typeof category>;
export const priority = z.enum(['low', 'normal', 'high', 'urgent']);
export const closedReason = z.enum(['ended_by_agent', 'reply_timeout', 'customer_left', 'closed_by_agent']);

export const messageDirection = z.enum(['inbound', 'outbound', 'note', 'system']);
export const messageKind = z.enum([
  'text',
  'image',
  'video',
  'file',
  'voucher_card',
  'product_card',
  'order_card',
]);
/** Who wrote an outbound message: a member in Sidedesk, the marketplace's own seller tool, or an automation. */
export const messageAuthor = z.enum(['customer', 'member', 'seller_center', 'automation', 'system']);

export const memberSummary = z.object({
  id,
  nickname: z.string(),
  avatarUrl: z.string().nullable(),
  role,
});
export type MemberSummary = z.infer<typeof memberSummary>;

export const member = memberSummary.extend({
  email: z.string(),
  workspaceId: id,
  capacity: z.number().int(),
  acceptsAutoAssign: z.boolean(),
});

export type Member = z.infer<typeof member>;

export const shop = z.object({
  id,
  name: z.string(),
  marketplace: z.string(),
  country: z.string(),
  timeZone: z.string(),
  currency: z.string(),
  /** The shop's SLA thresholds, so the inbox shows the same buckets the server's clock keeps. */
  sla: z.object({ dueSoonHours: z.number(), overdueHours: z.number(), autoCloseDays: z.number() }).optional(),
  /** The weekly calendar the clock counts in, when the shop counts business hours. */
  businessHours: z
    .object({
      timeZone: z.string(),
      weekly: z.record(z.string(), z.array(z.object({ start: z.string(), end: z.string() }))),
      holidays: z.array(z.string()),
    })
    .nullable()
    .optional(),
});
export type Shop = z.infer<typeof shop>;

export const customer = z.object({
  id,
  displayName: z.string(),
  nickname: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  blocked: z.boolean(),
});
export type Customer = z.infer<typeof customer>;

export const conversation = z.object({
  id,
  shopId: id,
  channel,
  customerId: id,
  customerName: z.string(),
  status: conversationStatus,
  assigneeId: id.nullable(),
  category,
  priority,
  starred: z.boolean(),
  tags: z.array(z.string()),
  subject: z.string().nullable(),
  lastMessagePreview: z.string(),
  lastMessageAt: isoTime,
  awaitingReplySince: isoTime.nullable(),
  firstResponseAt: isoTime.nullable(),
  lastCustomerMessageAt: isoTime.nullable(),
  lastAgentReplyAt: isoTime.nullable(),
  closedAt: isoTime.nullable(),
  closedReason: closedReason.nullable(),
  snoozedUntil: isoTime.nullable(),
  trashedAt: isoTime.nullable(),
  /** The customer's satisfaction rating of the session (1–5) and comment, once given. */
  rating: z.number().int().min(1).max(5).nullable(),
  /** The customer has read the shop's messages up to here; absent from events written before it existed. */
  customerReadUpTo: isoTime.nullable().default(null),
  ratingComment: z.string().nullable(),
  /** The customer is blocked (product §11): the chat is kept but not assigned, notified or counted. */
  customerBlocked: z.boolean().optional(),
  createdAt: isoTime,
});
export type Conversation = z.infer<typeof conversation>;

/** Why an outbound message has not reached the shop's delivery URL (yet); each code is worded by the reader. */
export const deliveryProblem = z.object({
  code: z.enum([
    /** The shop has no delivery URL and no other channel reaches its customers. */
    'no_delivery_url',
    /** The shop has a delivery URL but no webhook secret to sign with. */
    'no_secret',
    /** The URL is not http(s), or points at an address Sidedesk never posts to (link-local, cloud metadata). */
    'refused_address',
    /** The receiver answered with a status that is not a success (`status`, and its answer in `detail`). */
    'http_status',
    'timeout',
    /** The receiver could not be reached (DNS, connection refused or reset); `detail` says which. */
    'network',
  ]),
  status: z.number().int().nullable(),
  detail: z.string().nullable(),
});
export type DeliveryProblem = z.infer<typeof deliveryProblem>;

/** How far an outbound message got: being sent (and retried), delivered, or failed for good. */
export const messageDelivery = z.object({
  state: z.enum(['sending', 'delivered', 'failed']),
  attempts: z.number().int().min(0),
  /** The last attempt's problem; null when none failed. */
  problem: deliveryProblem.nullable(),
  at: isoTime,
});
export type MessageDelivery = z.infer<typeof messageDelivery>;

export const message = z.object({
  id,
  conversationId: id,
  direction: messageDirection,
  kind: messageKind,
  author: messageAuthor,
  authorMemberId: id.nullable(),
  body: z.string(),
  /** The client-generated id of an outbound message from Sidedesk (makes retries idempotent). */
  clientId: z.string().nullable(),
  /** Card, attachment, satisfaction-request or assignment details. */
  payload: z.record(z.string(), z.unknown()).nullable().optional(),
  /** Outbound to a shop's delivery URL: how far it got (absent for messages no integration carries). */
  delivery: messageDelivery.nullable().optional(),
  createdAt: isoTime,
});
export type Message = z.infer<typeof message>;

/** A member's read mark on a conversation: customer messages up to readUpTo have been seen. */
export const readMark = z.object({ conversationId: id, memberId: id, readUpTo: isoTime });
export type ReadMark = z.infer<typeof readMark>;

/** Why a conversation changed hands. */
export const assignmentReason = z.enum(['auto', 'manual', 'transfer', 'returned_to_queue', 'closed']);
export type AssignmentReason = z.infer<typeof assignmentReason>;

export const assignmentChange = z.object({
  fromMemberId: id.nullable(),
  /** It waited in the Unassigned queue, where every member could see it. */
  fromQueue: z.boolean(),
  toMemberId: id.nullable(),
  reason: assignmentReason,
  /** The member who did it; null for the queue itself. */
  byMemberId: id.nullable(),
  note: z.string().nullable(),
});
export type AssignmentChange = z.infer<typeof assignmentChange>;

/** A member as the team lists show them: for "Assign to…", transfers and the supervisor's view. */
export const teamMember = memberSummary.extend({
  capacity: z.number().int(),
  acceptsAutoAssign: z.boolean(),
  available: z.boolean(),
  /** Open conversations assigned. */
  load: z.number().int(),
  shopIds: z.array(id),
  /** Outside their own working hours now (product §11): the queue gives them no new chats. */
  outsideHours: z.boolean().optional(),
});
export type TeamMember = z.infer<typeof teamMember>;

/**
 * What an inbox list shows: a view, narrowed by any of these (each list: any of its values), sorted by the
 * latest message or by the longest wait. Dates are inclusive days of the last message, in the member's zone.
 */
export const inboxFilter = z.object({
  view: z.enum(['mine', 'unassigned', 'all', 'trash', 'agent']),
  /** For the per-agent view. */
  agentId: id.optional(),
  shopIds: z.array(id).max(50).optional(),
  channels: z.array(channel).optional(),
  categories: z.array(category).optional(),
  tags: z.array(z.string().max(40)).max(20).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  sort: z.enum(['latest', 'waiting']).default('latest'),
});
export type InboxFilter = z.infer<typeof inboxFilter>;

/** A file sent in a chat; `url` and `thumbnailUrl` are capability links on the server that need no session. */
export const attachment = z.object({
  id,
  kind: z.enum(['image', 'video', 'file']),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int().min(0),
  url: z.string(),
  thumbnailUrl: z.string().nullable(),
});
export type Attachment = z.infer<typeof attachment>;
