import { z } from 'zod';
import { category, id, member, shop } from './entities';
import { savedReply } from './catalog';
import { session } from './api';

/** Messages between the extension's pages (side panel, popup) and its background service worker. */

export const serverUrl = z
  .url({ protocol: /^https?$/, message: 'server URL must start with http:// or https://' })
  .transform((url) => url.replace(/\/+$/, ''));

export const extensionRequest = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('signIn'),
    serverUrl,
    email: z.email({ message: 'email is not a valid address' }),
    password: z.string().min(1, 'password is required'),
  }),
  z.object({ type: z.literal('signOut') }),
  /** Accepts an invitation by its link's token; the member is then signed in as by signIn. */
  z.object({
    type: z.literal('acceptInvitation'),
    serverUrl,
    token: z.string().min(16).max(128),
    nickname: z.string().trim().min(1).max(60),
    password: z.string().min(1, 'password is required'),
  }),
  /** A session the page obtained itself (first-run setup), kept exactly as a sign-in's. */
  z.object({ type: z.literal('useSession'), serverUrl, session }),
  z.object({ type: z.literal('sendReply'), conversationId: id, body: z.string().trim().min(1).max(5000) }),
  z.object({ type: z.literal('markRead'), conversationId: id }),
  /** The member is typing in this conversation's composer; repeated every few seconds while they type. */
  z.object({ type: z.literal('typing'), conversationId: id }),
  /** A chat window says it is open; sent every few seconds while it is, which also wakes the worker. */
  z.object({ type: z.literal('windowOpen'), windowId: z.string().min(1).max(64) }),
  z.object({ type: z.literal('windowClosed'), windowId: z.string().min(1).max(64) }),
  z.object({ type: z.literal('discardFailedReply'), clientId: z.string().min(1) }),
]);
export type ExtensionRequest = z.infer<typeof extensionRequest>;

export type ExtensionResponse = { ok: true } | { ok: false; error: string };

/** The signed-in member as the extension keeps it in storage. */
export const storedSession = z.object({
  serverUrl: z.string(),
  token: z.string(),
  expiresAt: z.string(),
  member,
  workspace: z.object({ id, name: z.string() }),
  shops: z.array(shop),
});
export type StoredSession = z.infer<typeof storedSession>;

export const connectionState = z.object({
  status: z.enum(['signed_out', 'connecting', 'online', 'offline']),
  /** Why the last attempt failed, in words for the member. */
  detail: z.string().nullable(),
  since: z.string(),
});
export type ConnectionState = z.infer<typeof connectionState>;

/** What the side panel is asked to show: an order from a seller-center page, or the next chat awaiting a reply. */
export const panelRequest = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('order'),
    orderNumber: z.string(),
    shopId: id,
    /** The customer's latest chat in that shop this member may open; null shows the order alone. */
    conversationId: id.nullable(),
    at: z.string(),
  }),
  z.object({ kind: z.literal('nextUnreplied'), at: z.string() }),
  /** A conversation behind a figure on the reports page. */
  z.object({ kind: z.literal('conversation'), conversationId: id, at: z.string() }),
]);
export type PanelRequest = z.infer<typeof panelRequest>;

/** What a seller-center page's content script asks the background; it never calls the server itself. */
export const overlayRequest = z.discriminatedUnion('type', [
  /** The saved replies, and the variables of the conversation open in the side panel. */
  z.object({ type: z.literal('overlay.replies') }),
  /** Which sites the member uses Sidedesk on: the server (its demo seller center) and the allowed origins. */
  z.object({ type: z.literal('overlay.settings') }),
  /** Opens the side panel's workbench on an order the page shows. */
  z.object({ type: z.literal('overlay.openOrder'), orderNumber: z.string().trim().min(1).max(64) }),
]);
export type OverlayRequest = z.infer<typeof overlayRequest>;

export const overlayReplies = z.object({
  ok: z.literal(true),
  replies: z.array(savedReply),
  /** Variable → value, from the chat open in the side panel; absent values are filled from the page. */
  context: z.record(z.string(), z.string()),
  /** The nickname of the member, known even with no chat open. */
  agentNickname: z.string(),
  /**
   * When several of the customer's orders fit the open chat (lib/domain/reply-context.ts), the ones to choose
   * among, the likeliest first, with their `{{order.*}}` values; empty when one or none does.
   */
  orderChoices: z.array(z.record(z.string(), z.string())).default([]),
  /** The open chat's language (the customer's, else the shop country's) and topic, which rank the palette. */
  language: z.string().nullable().default(null),
  category: category.nullable().default(null),
});
export type OverlayReplies = z.infer<typeof overlayReplies>;
export type OverlayResponse = OverlayReplies | ExtensionResponse;

export interface SiteSettingsAnswer {
  ok: true;
  serverUrls: string[];
  allowedOrigins: string[];
}

/** Background → content script. */
export const overlayCommand = z.object({ type: z.literal('sidedesk.openPalette') });
