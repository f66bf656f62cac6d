import { z } from 'zod';
import { id, member, shop } from './entities';

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
