import { z } from 'zod';
import type { SyncEvent } from './events';
import { replyResult, socketReplyBody, type ReplyResult } from './api';
import { id, type TeamMember } from './entities';
import type { SessionEnded } from './team';
import { withoutNul } from './text';
import type { Profile } from './profile';

/** Payloads of the presence socket between the service worker and the server. */

export const socketReply = withoutNul(socketReplyBody);
export type SocketReply = z.infer<typeof socketReply>;

export const heartbeat = z.object({
  /** How many chat windows (side panel, seller-center overlay) this browser has open; null: not known yet. */
  openWindows: z.number().int().min(0).max(100).nullable(),
});
export type Heartbeat = z.infer<typeof heartbeat>;

/** A member typing in a conversation's composer; repeated every few seconds while they type. */
export const typingSignal = z.object({ conversationId: id });

/** Someone other than the member is typing in a conversation, until a time unless told again. */
export const typingNotice = z.object({
  conversationId: id,
  who: z.literal('customer'),
  until: z.iso.datetime({ offset: true }),
});
export type TypingNotice = z.infer<typeof typingNotice>;

export const ackError = z.object({ ok: z.literal(false), status: z.number().int(), message: z.string() });
export const replyAck = z.union([z.object({ ok: z.literal(true), result: replyResult }), ackError]);
export type ReplyAck = { ok: true; result: ReplyResult } | z.infer<typeof ackError>;

export interface ServerToClientEvents {
  /** One new event of the log; a gap in seq means the client must catch up over HTTP. */
  'sync:event': (event: SyncEvent) => void;
  /** The member's own status changed: the toggle, availability, capacity or load. */
  'member:updated': (member: TeamMember) => void;
  typing: (notice: TypingNotice) => void;
  /** A shop of the workspace was added, changed or archived: the session's list of shops is stale. */
  'shops:changed': () => void;
  /** The session ended (signed out, removed, reset, expired): the socket is closed right after. */
  'session:ended': (notice: SessionEnded) => void;
  /** The member's own profile or notification choices changed (in this browser or another). */
  'profile:updated': (profile: Profile) => void;
}

export interface ClientToServerEvents {
  /** Acknowledged once the server has recorded it (tests wait for that). */
  heartbeat: (payload: Heartbeat, ack?: () => void) => void;
  reply: (payload: SocketReply, ack: (result: ReplyAck) => void) => void;
  typing: (payload: z.infer<typeof typingSignal>) => void;
}
