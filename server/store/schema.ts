import type { CategoryRule } from '../../lib/domain/categories';
import type { MessageDelivery, NotificationSettings, SavedView, WorkingHours } from '../../lib/protocol';
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** The whole store (product §2). Every row carries its workspace so every query can be scoped to one. */

const time = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => time('created_at').notNull().defaultNow();

export const workspace = pgTable('workspace', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** The last seq given to this workspace's event log; bumped under a row lock so seqs commit in order. */
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
  createdAt: createdAt(),
});

export interface ShopSettings {
  dueSoonHours?: number;
  overdueHours?: number;
  autoCloseDays?: number;
  /** Keyword rules that give a new conversation its category, first match wins (defaults when unset). */
  categoryRules?: CategoryRule[];
  /** An automated message stops the reply clock as a person's reply does (off by default, product §6). */
  automatedRepliesStopClock?: boolean;
  businessHours?: unknown;
  greeting?: string;
  officeHoursReply?: string;
  /** A returning customer goes to the member who served them last, when that member has room. */
  preferLastServed?: boolean;
  /** Return a member's unreplied chats to the queue after this many minutes unavailable (off when unset). */
  returnUnrepliedAfterMinutes?: number | null;
}

export const shop = pgTable(
  'shop',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspace.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    marketplace: text('marketplace').notNull(),
    country: text('country').notNull(),
    timeZone: text('time_zone').notNull(),
    currency: text('currency').notNull(),
    settings: jsonb('settings').$type<ShopSettings>().notNull().default({}),
    /** Signs the marketplace webhook's deliveries (HMAC-SHA256); null: the webhook is off for this shop. */
    webhookSecret: text('webhook_secret'),
    /** The secret before the last rotation, still accepted (and still signing) until `previousWebhookSecretUntil`. */
    previousWebhookSecret: text('previous_webhook_secret'),
    previousWebhookSecretUntil: time('previous_webhook_secret_until'),
    /** Where outbound messages of the webhook channel are delivered (Standard Webhooks); null: not delivered. */
    deliveryUrl: text('delivery_url'),
    /** An archived shop takes no new conversations and leaves the lists; its history stays. */
    archivedAt: time('archived_at'),
    createdAt: createdAt(),
  },
  (t) => [index('shop_workspace_idx').on(t.workspaceId)],
);

export const member = pgTable(
  'member',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspace.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    nickname: text('nickname').notNull(),
    avatarUrl: text('avatar_url'),
    role: text('role', { enum: ['owner', 'admin', 'manager', 'agent'] }).notNull(),
    capacity: integer('capacity').notNull().default(10),
    /** The most a member may set their own capacity to; set by admins (null: no limit of its own). */
    capacityLimit: integer('capacity_limit'),
    acceptsAutoAssign: boolean('accepts_auto_assign').notNull().default(false),
    /** The member's notification choices; empty until they (or their browser's old local choice) saved some. */
    notificationPrefs: jsonb('notification_prefs')
      .$type<NotificationSettings | Record<string, never>>()
      .notNull()
      .default({}),
    /** English or Italian: the language of their emails and of texts the server writes for them. */
    language: text('language', { enum: ['en', 'it'] })
      .notNull()
      .default('en'),
    /** The member's saved custom views of the inbox, in their order. */
    savedViews: jsonb('saved_views').$type<SavedView[]>().notNull().default([]),
    /** The member's own week; outside it the queue hands them nothing (null: always). */
    workingHours: jsonb('working_hours').$type<WorkingHours>(),
    /** When the member was last handed a conversation; ties in the queue go to the longest idle. */
    lastAssignedAt: time('last_assigned_at'),
    /** Auto-assignment may hand this member work: toggle on, a socket, a chat window open (or in grace). */
    available: boolean('available').notNull().default(false),
    /** Since when the member has not been available; returning unreplied chats counts from here. */
    unavailableSince: time('unavailable_since'),
    /** When the member's last socket went away; after the grace period they stop being available. */
    presenceLostAt: time('presence_lost_at'),
    /** Open conversations assigned, kept by a trigger on conversation (migration 0003) for the queue. */
    openLoad: integer('open_load').notNull().default(0),
    removedAt: time('removed_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('member_email_idx').on(sql`lower(${t.email})`),
    index('member_workspace_idx').on(t.workspaceId),
  ],
);

/** Which members may serve which shop. */
export const memberShop = pgTable(
  'member_shop',
  {
    memberId: text('member_id')
      .notNull()
      .references(() => member.id, { onDelete: 'cascade' }),
    shopId: text('shop_id')
      .notNull()
      .references(() => shop.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.shopId] }), index('member_shop_shop_idx').on(t.shopId)],
);

/** One live presence socket of a member, on the instance that holds it; any instance can read them all. */
export const memberPresence = pgTable(
  'member_presence',
  {
    socketId: text('socket_id').primaryKey(),
    memberId: text('member_id')
      .notNull()
      .references(() => member.id, { onDelete: 'cascade' }),
    workspaceId: text('workspace_id').notNull(),
    instanceId: text('instance_id').notNull(),
    /** Chat windows open in that browser; null while its worker, just started, has not heard from them. */
    openWindows: integer('open_windows'),
    /** Refreshed by heartbeats; a row not refreshed for long belongs to an instance that died. */
    seenAt: time('seen_at').notNull().defaultNow(),
  },
  (t) => [index('member_presence_member_idx').on(t.memberId), index('member_presence_seen_idx').on(t.seenAt)],
);

export const authSession = pgTable(
  'auth_session',
  {
    /** sha256 of the opaque token; the token itself is never stored. */
    tokenHash: text('token_hash').primaryKey(),
    memberId: text('member_id')
      .notNull()
      .references(() => member.id, { onDelete: 'cascade' }),
    workspaceId: text('workspace_id').notNull(),
    expiresAt: time('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('auth_session_member_idx').on(t.memberId)],
);

export const customer = pgTable(
  'customer',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspace.id, { onDelete: 'cascade' }),
    displayName: text('display_name').notNull(),
    email: text('email'),
    phone: text('phone'),
    blocked: boolean('blocked').notNull().default(false),
    /** Who blocked the customer, when and why (product §11); null while not blocked. */
    blockedAt: time('blocked_at'),
    blockedById: text('blocked_by_id').references(() => member.id, { onDelete: 'set null' }),
    blockedReason: text('blocked_reason'),
    createdAt: createdAt(),
  },
  (t) => [
    index('customer_workspace_idx').on(t.workspaceId),
    index('customer_blocked_idx')
      .on(t.workspaceId, t.blockedAt)
      .where(sql`${t.blocked}`),
  ],
);

/** A customer's identity on one channel: marketplace nickname, email address, phone number, visitor id. */
export const customerHandle = pgTable(
  'customer_handle',
  {
    workspaceId: text('workspace_id').notNull(),
    channel: text('channel', { enum: ['marketplace', 'webchat', 'email', 'sms'] }).notNull(),
    handle: text('handle').notNull(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customer.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.channel, t.handle] }),
    index('customer_handle_customer_idx').on(t.customerId),
  ],
);

export const conversation = pgTable(
  'conversation',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspace.id, { onDelete: 'cascade' }),
    shopId: text('shop_id')
      .notNull()
      .references(() => shop.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: ['marketplace', 'webchat', 'email', 'sms'] }).notNull(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customer.id, { onDelete: 'cascade' }),
    /** Email thread or web-chat session id, for the channels whose conversations follow one. */
    threadKey: text('thread_key'),
    status: text('status', { enum: ['open', 'snoozed', 'closed'] })
      .notNull()
      .default('open'),
    assigneeId: text('assignee_id').references(() => member.id, { onDelete: 'set null' }),
    category: text('category', { enum: ['pre_sale', 'in_sale', 'after_sale', 'logistics', 'other'] })
      .notNull()
      .default('other'),
    priority: text('priority', { enum: ['low', 'normal', 'high', 'urgent'] })
      .notNull()
      .default('normal'),
    starred: boolean('starred').notNull().default(false),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    subject: text('subject'),
    lastMessagePreview: text('last_message_preview').notNull().default(''),
    lastMessageAt: time('last_message_at').notNull(),
    awaitingReplySince: time('awaiting_reply_since'),
    firstResponseAt: time('first_response_at'),
    lastCustomerMessageAt: time('last_customer_message_at'),
    lastAgentReplyAt: time('last_agent_reply_at'),
    closedAt: time('closed_at'),
    closedReason: text('closed_reason'),
    snoozedUntil: time('snoozed_until'),
    trashedAt: time('trashed_at'),
    /** When the conversation entered the Unassigned queue; the queue hands out the oldest first. */
    queuedAt: time('queued_at'),
    /** The customer has read the shop's messages up to here (the channel's read receipt). */
    customerReadUpTo: time('customer_read_up_to'),
    rating: integer('rating'),
    ratingComment: text('rating_comment'),
    /**
     * A copy of the customer's block (product §11), kept by the block and unblock themselves, so the queue, the
     * clock and the figures read it from the row they already read.
     */
    customerBlocked: boolean('customer_blocked').notNull().default(false),
    nextDeadlineAt: time('next_deadline_at'),
    nextDeadlineKind: text('next_deadline_kind', {
      enum: ['due_soon', 'overdue', 'auto_close', 'snooze_wake'],
    }),
    createdAt: createdAt(),
    updatedAt: time('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('conversation_workspace_latest_idx').on(t.workspaceId, t.lastMessageAt),
    index('conversation_customer_idx').on(t.customerId, t.createdAt),
    index('conversation_assignee_idx').on(t.assigneeId, t.status),
    // Marketplace chat: at most one ongoing conversation per customer and shop.
    uniqueIndex('conversation_ongoing_marketplace_idx')
      .on(t.shopId, t.customerId)
      .where(sql`${t.channel} = 'marketplace' and ${t.status} <> 'closed'`),
    index('conversation_thread_idx').on(t.shopId, t.channel, t.threadKey),
    // The unassigned queue, oldest first.
    index('conversation_unassigned_idx')
      .on(t.workspaceId, t.queuedAt)
      .where(sql`${t.assigneeId} is null and ${t.status} = 'open' and ${t.trashedAt} is null`),
    // The SLA clock sleeps until the earliest of these.
    index('conversation_deadline_idx')
      .on(t.nextDeadlineAt)
      .where(sql`${t.status} <> 'closed' and ${t.nextDeadlineAt} is not null`),
    // Service data reads a range of days by when conversations started and when they closed.
    index('conversation_workspace_created_idx').on(t.workspaceId, t.createdAt),
    index('conversation_workspace_closed_idx')
      .on(t.workspaceId, t.closedAt)
      .where(sql`${t.closedAt} is not null`),
    // Each member's open chats, for the supervisor's table, without reading their closed ones.
    index('conversation_open_assignee_idx')
      .on(t.workspaceId, t.assigneeId)
      .where(sql`${t.status} <> 'closed' and ${t.trashedAt} is null`),
  ],
);

export const conversationRead = pgTable(
  'conversation_read',
  {
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversation.id, { onDelete: 'cascade' }),
    memberId: text('member_id')
      .notNull()
      .references(() => member.id, { onDelete: 'cascade' }),
    readUpTo: time('read_up_to').notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.memberId] })],
);

/** The text-search document of a message; queries repeat it so the index serves them. */
export const MESSAGE_SEARCH_VECTOR =
  "(to_tsvector('simple'::regconfig, body) || to_tsvector('english'::regconfig, body) || to_tsvector('italian'::regconfig, body))";

export const message = pgTable(
  'message',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id').notNull(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversation.id, { onDelete: 'cascade' }),
    direction: text('direction', { enum: ['inbound', 'outbound', 'note', 'system'] }).notNull(),
    kind: text('kind', {
      enum: ['text', 'image', 'video', 'file', 'voucher_card', 'product_card', 'order_card'],
    })
      .notNull()
      .default('text'),
    author: text('author', {
      enum: ['customer', 'member', 'seller_center', 'automation', 'system'],
    }).notNull(),
    authorMemberId: text('author_member_id').references(() => member.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    /** Card, attachment or system-message details. */
    payload: jsonb('payload'),
    /** Sidedesk's client id of an outbound message: a retry with the same id returns the stored copy. */
    clientId: text('client_id'),
    /** `channel:id` of an inbound message on its channel: a second delivery is stored once. */
    externalId: text('external_id'),
    shopId: text('shop_id').notNull(),
    /** How far an outbound message got to the customer's channel, as the chat shows it (`delivery` holds the queue). */
    delivery: jsonb('delivery').$type<MessageDelivery>(),
    createdAt: createdAt(),
  },
  (t) => [
    index('message_conversation_idx').on(t.conversationId, t.createdAt),
    uniqueIndex('message_client_id_idx')
      .on(t.workspaceId, t.clientId)
      .where(sql`${t.clientId} is not null`),
    uniqueIndex('message_external_id_idx')
      .on(t.shopId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    // Search (product §3): words in any of the three configurations, so Italian and English stems both match.
    index('message_search_idx').using('gin', sql.raw(MESSAGE_SEARCH_VECTOR)),
  ],
);

/**
 * Sessions (product §8): one row per member, chat and day of the shop's calendar on which the chat was assigned
 * to the member. A rollup of the timeline's assignment lines, kept by triggers (migration 0011): a line's
 * insert adds its session, a line's delete or a shop's new time zone recounts from the lines, and the chat's
 * tags and trash are copied in so that the figures never meet the conversation table. `member_session_recount`
 * (a view) is the same rollup counted from scratch; a test holds the two equal.
 */
export const memberSession = pgTable(
  'member_session',
  {
    memberId: text('member_id').notNull(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversation.id, { onDelete: 'cascade' }),
    /** The shop's calendar day of the assignment. */
    day: date('day', { mode: 'string' }).notNull(),
    workspaceId: text('workspace_id').notNull(),
    shopId: text('shop_id').notNull(),
    channel: text('channel').notNull(),
    tags: text('tags').array().notNull(),
    trashedAt: time('trashed_at'),
    /** The day's first assignment line to the member. */
    assignedAt: time('assigned_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.conversationId, t.day] }),
    index('member_session_range_idx').on(t.workspaceId, t.assignedAt),
    index('member_session_conversation_idx').on(t.conversationId),
  ],
);

/** A file sent in a chat; the bytes live in the file store under `storageKey`. */
export const attachment = pgTable(
  'attachment',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspace.id, { onDelete: 'cascade' }),
    /** Set once a message carries it; an attachment is sent once. */
    messageId: text('message_id').references(() => message.id, { onDelete: 'cascade' }),
    uploadedByMemberId: text('uploaded_by_member_id').references(() => member.id, { onDelete: 'set null' }),
    uploadedByCustomerId: text('uploaded_by_customer_id').references(() => customer.id, {
      onDelete: 'cascade',
    }),
    kind: text('kind', { enum: ['image', 'video', 'file'] }).notNull(),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    storageKey: text('storage_key').notNull(),
    thumbnailKey: text('thumbnail_key'),
    thumbnailType: text('thumbnail_type'),
    /** The secret part of the file's link: whoever has the message has the link. */
    accessToken: text('access_token').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('attachment_message_idx').on(t.messageId)],
);

export interface OrderItem {
  productId: string | null;
  title: string;
  quantity: number;
  unitPriceCents: number;
}

export const order = pgTable(
  'order',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id').notNull(),
    shopId: text('shop_id')
      .notNull()
      .references(() => shop.id, { onDelete: 'cascade' }),
    customerId: text('customer_id')
      .notNull()
      .references(() => customer.id, { onDelete: 'cascade' }),
    /** The order number the marketplace shows. */
    externalId: text('external_id').notNull(),
    status: text('status', {
      enum: [
        'awaiting_payment',
        'awaiting_shipment',
        'shipped',
        'out_for_delivery',
        'delivered',
        'cancelled',
        'returned',
      ],
    }).notNull(),
    items: jsonb('items').$type<OrderItem[]>().notNull(),
    totalCents: integer('total_cents').notNull(),
    currency: text('currency').notNull(),
    carrier: text('carrier'),
    trackingNumber: text('tracking_number'),
    placedAt: time('placed_at').notNull(),
    updatedAt: time('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('order_external_idx').on(t.shopId, t.externalId),
    index('order_customer_idx').on(t.customerId, t.placedAt),
  ],
);

export const product = pgTable(
  'product',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id').notNull(),
    shopId: text('shop_id')
      .notNull()
      .references(() => shop.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    sku: text('sku').notNull(),
    priceCents: integer('price_cents').notNull(),
    currency: text('currency').notNull(),
    stock: integer('stock').notNull(),
    imageUrl: text('image_url'),
    status: text('status', { enum: ['live', 'draft', 'suspended'] })
      .notNull()
      .default('live'),
    createdAt: createdAt(),
  },
  (t) => [
    index('product_shop_idx').on(t.shopId, t.status),
    uniqueIndex('product_sku_idx').on(t.shopId, t.sku),
  ],
);

export const voucher = pgTable(
  'voucher',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id').notNull(),
    shopId: text('shop_id')
      .notNull()
      .references(() => shop.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    title: text('title').notNull(),
    discountType: text('discount_type', { enum: ['percent', 'amount'] }).notNull(),
    /** Percent (0–100) or an amount in cents of the shop's currency. */
    discountValue: integer('discount_value').notNull(),
    minSpendCents: integer('min_spend_cents').notNull().default(0),
    terms: text('terms').notNull().default(''),
    startsAt: time('starts_at').notNull(),
    expiresAt: time('expires_at').notNull(),
    /** How many can be claimed in all; null for no limit. */
    quantity: integer('quantity'),
    claimed: integer('claimed').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index('voucher_shop_idx').on(t.shopId, t.expiresAt),
    uniqueIndex('voucher_code_idx').on(t.shopId, t.code),
  ],
);

export const savedReply = pgTable(
  'saved_reply',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspace.id, { onDelete: 'cascade' }),
    /** null for a team reply; a member's id for a personal one. */
    ownerMemberId: text('owner_member_id').references(() => member.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    shortcut: text('shortcut').notNull(),
    /** A conversation category the reply is meant for; null fits any. */
    category: text('category', {
      enum: ['pre_sale', 'in_sale', 'after_sale', 'logistics', 'other'],
    }),
    body: text('body').notNull(),
    createdAt: createdAt(),
    updatedAt: time('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('saved_reply_workspace_idx').on(t.workspaceId),
    uniqueIndex('saved_reply_shortcut_idx').on(
      t.workspaceId,
      sql`coalesce(${t.ownerMemberId}, '')`,
      t.shortcut,
    ),
  ],
);

export const faq = pgTable(
  'faq',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspace.id, { onDelete: 'cascade' }),
    /** null: for every shop of the workspace. */
    shopId: text('shop_id').references(() => shop.id, { onDelete: 'cascade' }),
    question: text('question').notNull(),
    answer: text('answer').notNull(),
    keywords: text('keywords')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: createdAt(),
  },
  (t) => [index('faq_workspace_idx').on(t.workspaceId)],
);

/** The per-workspace event log, the sync contract with every client. */
export const event = pgTable(
  'event',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspace.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    conversationId: text('conversation_id'),
    /** Members the event is for (null: everyone); see lib/domain/visibility. */
    audience: text('audience').array(),
    payload: jsonb('payload').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.seq] }),
    index('event_conversation_idx').on(t.conversationId),
  ],
);

/**
 * How far the notification digest has read each workspace's event log; the log itself is what survives a
 * restart, so nothing that happened is lost between reading and mailing.
 */
export const noticeCursor = pgTable('notice_cursor', {
  workspaceId: text('workspace_id')
    .primaryKey()
    .references(() => workspace.id, { onDelete: 'cascade' }),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
});

/** Something a member asked to be emailed about, waiting for their next digest. */
export const memberNotice = pgTable(
  'member_notice',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text('workspace_id').notNull(),
    memberId: text('member_id')
      .notNull()
      .references(() => member.id, { onDelete: 'cascade' }),
    kind: text('kind', {
      enum: ['assigned', 'customerMessage', 'due_soon', 'overdue', 'snoozeEnded'],
    }).notNull(),
    conversationId: text('conversation_id').notNull(),
    customerName: text('customer_name').notNull(),
    /** The customer's words, for a new message; empty otherwise. */
    detail: text('detail').notNull().default(''),
    at: time('at').notNull(),
    mailedAt: time('mailed_at'),
  },
  (t) => [
    index('member_notice_pending_idx')
      .on(t.memberId)
      .where(sql`${t.mailedAt} is null`),
  ],
);

/** An invitation to join a workspace by link (product §11): single use, 7 days, revocable; only its token's hash. */
export const invitation = pgTable(
  'invitation',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspace.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role', { enum: ['admin', 'manager', 'agent'] }).notNull(),
    shopIds: jsonb('shop_ids').$type<string[]>().notNull().default([]),
    capacity: integer('capacity').notNull().default(10),
    capacityLimit: integer('capacity_limit'),
    /** The language of the email and of the invitation page's first words. */
    language: text('language', { enum: ['en', 'it'] })
      .notNull()
      .default('en'),
    /** sha256 of the link's token; a re-sent invitation gets a new token and the old link stops working. */
    tokenHash: text('token_hash').notNull(),
    invitedBy: text('invited_by').references(() => member.id, { onDelete: 'set null' }),
    expiresAt: time('expires_at').notNull(),
    acceptedAt: time('accepted_at'),
    acceptedMemberId: text('accepted_member_id'),
    revokedAt: time('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('invitation_token_idx').on(t.tokenHash),
    index('invitation_workspace_idx').on(t.workspaceId),
  ],
);

/** A one-time link an admin issues for a member to choose a new password; only its token's hash. */
export const passwordReset = pgTable(
  'password_reset',
  {
    tokenHash: text('token_hash').primaryKey(),
    memberId: text('member_id')
      .notNull()
      .references(() => member.id, { onDelete: 'cascade' }),
    workspaceId: text('workspace_id').notNull(),
    issuedBy: text('issued_by').references(() => member.id, { onDelete: 'set null' }),
    expiresAt: time('expires_at').notNull(),
    usedAt: time('used_at'),
    createdAt: createdAt(),
  },
  (t) => [index('password_reset_member_idx').on(t.memberId)],
);
/**
 * The durable outbound queue (product §10): one row per message (or session end) that goes to a shop's
 * delivery URL, written in the message's own transaction. Workers on every instance claim due rows with
 * SKIP LOCKED and a lease; within a conversation a row waits while an earlier one is still being sent.
 */
export const delivery = pgTable(
  'delivery',
  {
    /** The message carried (the session-end line for an ended session); also the `webhook-id`. */
    messageId: text('message_id')
      .primaryKey()
      .references(() => message.id, { onDelete: 'cascade' }),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspace.id, { onDelete: 'cascade' }),
    shopId: text('shop_id').notNull(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversation.id, { onDelete: 'cascade' }),
    /** The order of sending: writes to one conversation hold its row lock, so positions follow its timeline. */
    position: bigserial('position', { mode: 'number' }).notNull(),
    kind: text('kind', { enum: ['message', 'session_ended'] }).notNull(),
    state: text('state', { enum: ['sending', 'delivered', 'failed'] })
      .notNull()
      .default('sending'),
    /** Attempts since it entered the queue (a retry by a manager starts again from 0). */
    attempts: integer('attempts').notNull().default(0),
    /** When it entered the queue; it is given up 24 h after. */
    queuedAt: time('queued_at').notNull().defaultNow(),
    nextAttemptAt: time('next_attempt_at').notNull().defaultNow(),
    /** A worker posting it holds it until then; past it (the worker died), another may take it. */
    leasedUntil: time('leased_until'),
    leaseToken: text('lease_token'),
    /** Why the last attempt did not deliver it, in English (the chat words it from the message's copy). */
    lastError: text('last_error'),
    deliveredAt: time('delivered_at'),
    failedAt: time('failed_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('delivery_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.state} = 'sending'`),
    index('delivery_conversation_idx').on(t.conversationId, t.position),
    index('delivery_failed_idx')
      .on(t.workspaceId, t.failedAt)
      .where(sql`${t.state} = 'failed'`),
  ],
);

/**
 * A one-time link that lets its holder create a workspace (product §11): printed at the first start of an
 * empty server, or by `npm run admin -- create-workspace`. Only the token's hash is kept.
 */
export const setupToken = pgTable('setup_token', {
  /** sha256 of the token; the token itself is only in the printed link. */
  tokenHash: text('token_hash').primaryKey(),
  /** `start`: printed by a server start (the next start revokes it); `admin`: by the admin command. */
  origin: text('origin', { enum: ['start', 'admin'] }).notNull(),
  expiresAt: time('expires_at').notNull(),
  usedAt: time('used_at'),
  /** A start link is revoked by the next start, so only the link printed last works. */
  revokedAt: time('revoked_at'),
  /** The workspace the link created, once used. */
  workspaceId: text('workspace_id').references(() => workspace.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
});

/** Failed password attempts per key (an account or an address) in a fixed window, when Redis is not used. */
export const attemptCounter = pgTable(
  'attempt_counter',
  {
    key: text('key').primaryKey(),
    windowStart: time('window_start').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [index('attempt_counter_window_idx').on(t.windowStart)],
);
