import { z } from 'zod';
import {
  category,
  channel,
  conversation,
  id,
  inboxFilter,
  member,
  message,
  priority,
  readMark,
  role,
  shop,
  teamMember,
} from './entities';
import { syncEvent } from './events';
import { cardRef } from './catalog';

export const signInBody = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(200),
});
export type SignInBody = z.infer<typeof signInBody>;

export const session = z.object({
  token: z.string(),
  expiresAt: z.string(),
  member,
  workspace: z.object({ id, name: z.string() }),
  shops: z.array(shop),
});
export type Session = z.infer<typeof session>;

export const syncQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
export type SyncQuery = z.infer<typeof syncQuery>;

export const syncPage = z.object({
  /** Whom the page was filtered for: a cache built for another member or role starts again from seq 0. */
  viewer: z.object({ id, role }),
  events: z.array(syncEvent),
  /** The seq to ask after next; equals `after` when nothing came. */
  lastSeq: z.number().int().min(0),
  hasMore: z.boolean(),
});
export type SyncPage = z.infer<typeof syncPage>;

const replyFields = z.object({
  clientId: z.string().min(8).max(64),
  body: z.string().trim().max(5000),
  /** A file uploaded with POST /api/attachments; the body is then its caption and may be empty. */
  attachmentId: id.optional(),
  /** A voucher, product or order to send as a card; the body is then its caption and may be empty. */
  card: cardRef.optional(),
});

/** A reply needs words, a file or a card; a file and a card go in messages of their own. */
const hasContent = (r: { body: string; attachmentId?: string; card?: unknown }) =>
  r.body.length > 0 || r.attachmentId !== undefined || r.card !== undefined;
const emptyReply = { message: 'body must not be empty', path: ['body'] };
const oneThing = (r: { attachmentId?: string; card?: unknown }) =>
  r.attachmentId === undefined || r.card === undefined;
const fileAndCard = { message: 'send a file and a card as two messages', path: ['card'] };

export const replyBody = replyFields.refine(hasContent, emptyReply).refine(oneThing, fileAndCard);
/** The same over the socket, naming its conversation. */
export const socketReplyBody = replyFields
  .extend({ conversationId: id })
  .refine(hasContent, emptyReply)
  .refine(oneThing, fileAndCard);
export type ReplyBody = z.infer<typeof replyBody>;

export const replyResult = z.object({ message, conversation });
export type ReplyResult = z.infer<typeof replyResult>;

export const readBody = z.object({ readUpTo: z.iso.datetime({ offset: true }) });
export const readResult = readMark;

export const conversationParams = z.object({ conversationId: id });

/** What a channel adapter hands the ingest path for one customer message. */
export const inboundMessage = z.object({
  shopId: id,
  channel,
  /** The customer's handle on the channel (marketplace nickname, email address, phone number, web-chat visitor id). */
  customerHandle: z.string().min(1).max(200),
  customerName: z.string().min(1).max(200),
  /** The channel's id for this message; a second delivery with the same id is stored once. */
  externalId: z.string().min(1).max(200),
  /** Email thread or web-chat session, for the channels whose conversations follow them. */
  threadKey: z.string().max(200).optional(),
  body: z.string().trim().min(1, 'body must not be empty').max(5000),
  sentAt: z.iso.datetime({ offset: true }).optional(),
});
export type InboundMessage = z.infer<typeof inboundMessage>;

/** A message the shop sent from the marketplace's own seller tool, reported by its connector. */
export const marketplaceReply = z.object({
  /** The marketplace's id for the message; a second report with the same id is stored once. */
  externalId: z.string().min(1).max(200),
  body: z.string().trim().min(1, 'body must not be empty').max(5000),
  /** The marketplace's automatic reply rather than a person's: the reply clock follows the shop's setting. */
  automated: z.boolean().default(false),
});
export type MarketplaceReply = z.input<typeof marketplaceReply>;

/** What the marketplace tells of the customer besides messages: typing now, and read receipts. */
export const customerActivityDelivery = z
  .object({
    customerHandle: z.string().min(1).max(200),
    typing: z.boolean().optional(),
    readUpTo: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((a) => a.typing !== undefined || a.readUpTo !== undefined, {
    message: 'give typing, readUpTo or both',
  });

/** The same, delivered through the shop's webhook, which names the customer rather than the conversation. */
export const marketplaceReplyDelivery = marketplaceReply.extend({
  customerHandle: z.string().min(1).max(200),
});

/** Which chat a rating or a departure is about: its id (as deliveries name it), or the customer's handle. */
const chatReference = {
  conversationId: z.string().min(1).max(64).optional(),
  customerHandle: z.string().min(1).max(200).optional(),
};
const namesAChat = (d: { conversationId?: string; customerHandle?: string }) =>
  d.conversationId !== undefined || d.customerHandle !== undefined;

/** The customer's answer to the satisfaction request, delivered through the shop's webhook. */
export const customerRatingDelivery = z
  .object({
    ...chatReference,
    rating: z.number().int().min(1).max(5),
    comment: z.string().max(1000).optional(),
  })
  .refine(namesAChat, { message: 'give conversationId or customerHandle', path: ['conversationId'] });

/** The customer left the chat on their channel. */
export const customerLeftDelivery = z
  .object(chatReference)
  .refine(namesAChat, { message: 'give conversationId or customerHandle', path: ['conversationId'] });

export const apiError = z.object({ error: z.string(), message: z.string(), field: z.string().optional() });
export type ApiError = z.infer<typeof apiError>;

export const assignBody = z.object({
  /** The member to assign to; null returns the conversation to the Unassigned queue. */
  assigneeId: id.nullable(),
  note: z.string().max(500).optional(),
});
export type AssignBody = z.infer<typeof assignBody>;

export const transferBody = z.object({
  toMemberId: id,
  note: z.string().max(500).optional(),
});
export type TransferBody = z.infer<typeof transferBody>;

export const transferAllResult = z.object({ moved: z.number().int() });

export const memberParams = z.object({ memberId: z.union([id, z.literal('me')]) });

export const memberChanges = z
  .object({
    acceptsAutoAssign: z.boolean().optional(),
    capacity: z.number().int().min(0).max(200).optional(),
    /** Admins and the owner: the member's role, shops and the most they may set their own capacity to. */
    role: z.enum(['admin', 'manager', 'agent']).optional(),
    shopIds: z.array(id).max(100).optional(),
    capacityLimit: z.number().int().min(0).max(200).nullable().optional(),
  })
  .refine((v) => Object.values(v).some((value) => value !== undefined), {
    message: 'give at least one of acceptsAutoAssign, capacity, role, shopIds, capacityLimit',
  });
export type MemberChanges = z.infer<typeof memberChanges>;

export const teamList = z.object({ members: z.array(teamMember) });

/** The queue's options of a shop (product §5), both off by default. */
export const shopQueueSettings = z.object({
  /** A returning customer goes to the member who served them last, when that member has room. */
  preferLastServed: z.boolean(),
  /** Return a member's unreplied chats to the queue after this many minutes unavailable; null: never. */
  returnUnrepliedAfterMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .nullable(),
});
export type ShopQueueSettings = z.infer<typeof shopQueueSettings>;
export const shopParams = z.object({ shopId: id });

export const snoozeBody = z.object({ until: z.iso.datetime({ offset: true }) });

export const starBody = z.object({ starred: z.boolean() });

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'times are HH:MM');

/** A shop's SLA thresholds and, when it counts in business hours, its weekly calendar (product §6). */
export const shopSlaSettings = z.object({
  dueSoonHours: z
    .number()
    .positive()
    .max(24 * 30),
  overdueHours: z
    .number()
    .positive()
    .max(24 * 30),
  autoCloseDays: z.number().positive().max(365),
  /** An automated message (the marketplace's auto-reply) stops the reply clock as a person's reply does. */
  automatedRepliesStopClock: z.boolean().default(false),
  businessHours: z
    .object({
      timeZone: z.string().min(1),
      weekly: z.partialRecord(
        z.enum(['0', '1', '2', '3', '4', '5', '6']),
        z.array(z.object({ start: clockTime, end: clockTime })),
      ),
      holidays: z.array(z.iso.date()),
    })
    .nullable(),
});
export type ShopSlaSettings = z.infer<typeof shopSlaSettings>;

const tag = z.string().trim().min(1, 'a tag must not be empty').max(40);

/** What a member may change on a conversation besides its lifecycle: its category, tags and priority. */
export const conversationPatch = z
  .object({
    category: category.optional(),
    tags: z.array(tag).max(20).optional(),
    priority: priority.optional(),
  })
  .refine((p) => p.category !== undefined || p.tags !== undefined || p.priority !== undefined, {
    message: 'give at least one of category, tags, priority',
  });
export type ConversationPatch = z.infer<typeof conversationPatch>;

/** A shop's keyword rules for new conversations' categories, first match wins. */
export const categoryRules = z.object({
  rules: z
    .array(
      z.object({
        category: category.exclude(['other']),
        keywords: z.array(z.string().trim().min(1).max(80)).min(1).max(100),
      }),
    )
    .max(20),
});
export type CategoryRules = z.infer<typeof categoryRules>;

export const bulkAction = z.discriminatedUnion('type', [
  /** null returns the conversations to the queue. */
  z.object({ type: z.literal('assign'), assigneeId: id.nullable() }),
  z.object({ type: z.literal('close') }),
  z.object({
    type: z.literal('tag'),
    add: z.array(tag).max(20).default([]),
    remove: z.array(tag).max(20).default([]),
  }),
  z.object({ type: z.literal('trash') }),
]);
export type BulkAction = z.infer<typeof bulkAction>;

export const bulkBody = z.object({
  conversationIds: z.array(id).min(1).max(500),
  action: bulkAction,
});
export type BulkBody = z.input<typeof bulkBody>;

/** Each conversation on its own: one that may not be changed says why, and the others go ahead. */
export const bulkResult = z.object({
  results: z.array(
    z.object({
      conversationId: id,
      ok: z.boolean(),
      status: z.number().int().optional(),
      error: z.string().optional(),
    }),
  ),
});
export type BulkResult = z.infer<typeof bulkResult>;

/** An internal note: seen by the team, never sent to the customer. */
export const noteBody = z.object({
  clientId: z.string().min(8).max(64),
  body: z.string().trim().min(1, 'body must not be empty').max(5000),
});
export type NoteBody = z.infer<typeof noteBody>;

export const searchQuery = z.object({
  q: z.string().trim().min(1, 'q must not be empty').max(200),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const searchHit = z.object({
  conversation,
  /** What matched: words of a message (with the message and a snippet), the customer, or an order id. */
  matchedOn: z.enum(['message', 'customer', 'order']),
  messageId: id.nullable(),
  snippet: z.string().nullable(),
});
export type SearchHit = z.infer<typeof searchHit>;
export const searchResult = z.object({ hits: z.array(searchHit) });
export type SearchResult = z.infer<typeof searchResult>;

/** A named filter of the inbox a member keeps, in their own order. */
export const savedView = z.object({
  id: z.string().min(1).max(64),
  name: z.string().trim().min(1, 'a view needs a name').max(60),
  filter: inboxFilter,
});
export type SavedView = z.infer<typeof savedView>;
export const savedViews = z.object({ views: z.array(savedView).max(50) });
export type SavedViews = z.infer<typeof savedViews>;
