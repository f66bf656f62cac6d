import { io, type Socket } from 'socket.io-client';
import { i18n } from '#i18n';
import type {
  ClientToServerEvents,
  ConnectionState,
  ServerToClientEvents,
  StoredSession,
  SyncEvent,
  TeamMember,
  TypingNotice,
} from '../protocol';
import {
  profile,
  replyAck,
  sessionEnded,
  syncEvent,
  teamMember,
  typingNotice,
  type Profile,
} from '../protocol';
import { ApiClient, ApiError } from './api';
import type { SidedeskDb } from './db';
import { enqueueReply, flushOutbox, type SendOutcome } from './outbox';
import { storeReadMark, SyncEngine } from './sync';

export const HEARTBEAT_MS = 20_000;
const REPLY_TIMEOUT_MS = 10_000;

export interface ConnectionHooks {
  onState(state: ConnectionState): void;
  /** Events were applied to the cache (the badge may change, an assignment may need a notification). */
  onApplied(events: SyncEvent[]): void;
  /** The cache was emptied to be built again from the start of the log (the member's role changed). */
  onCacheReset(): void;
  /** The server says the member's own status changed. */
  onOwnStatus(status: TeamMember): void;
  /** The member's profile or notification choices changed, here or in another browser. */
  onProfile?(profile: Profile): void;
  /** The server no longer accepts the session. */
  onSignedOut(reason: string): void;
  /** Someone else (the customer) is typing in a conversation until a time. */
  onTyping(notice: TypingNotice): void;
  /** The workspace's shops may have changed (on every connect, and when the server says so). */
  onShopsChanged(): void;
}

/**
 * The background's link to the server for one signed-in member: the presence socket (websocket only,
 * reconnecting with backoff), catch-up on every connect, the outbox, and heartbeats with the open windows.
 */
export class InboxConnection {
  readonly api: ApiClient;
  private readonly sync: SyncEngine;
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  private heartbeatTimer: ReturnType<typeof setInterval> | null = null;
  private flushing: Promise<void> | null = null;
  /** null until the windows have been heard from since the worker started. */
  private openWindows: number | null = null;

  constructor(
    private readonly db: SidedeskDb,
    readonly session: StoredSession,
    private readonly hooks: ConnectionHooks,
  ) {
    this.api = new ApiClient(session.serverUrl, session.token);
    this.sync = new SyncEngine(
      db,
      (after) => this.api.sync(after),
      session.member,
      hooks.onApplied,
      hooks.onCacheReset,
    );
  }

  start(): void {
    if (this.socket) return;
    this.setState('connecting', null);
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(this.session.serverUrl, {
      transports: ['websocket'],
      auth: { token: this.session.token },
      reconnectionDelay: 1_000,
      reconnectionDelayMax: 30_000,
      randomizationFactor: 0.5,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.setState('online', null);
      this.sendHeartbeat();
      void this.catchUpAndFlush();
      // A shop added or archived while this browser was away shows without signing in again.
      this.hooks.onShopsChanged();
    });
    socket.on('disconnect', (reason) => {
      this.setState(
        'offline',
        reason === 'io server disconnect'
          ? i18n.t('connection.serverClosed')
          : i18n.t('connection.reconnectingDetail'),
      );
      // The server dropping us on purpose does not reconnect by itself.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (error) => {
      if (error.message.startsWith('unauthorized')) {
        this.hooks.onSignedOut(i18n.t('connection.sessionEnded'));
        return;
      }
      this.setState('offline', i18n.t('connection.unreachableRetrying', [this.session.serverUrl]));
    });
    // The server ended this session (signed out elsewhere, removed, a new password, expired): sign out now.
    socket.on('session:ended', (payload) => {
      const parsed = sessionEnded.safeParse(payload);
      this.hooks.onSignedOut(
        parsed.success ? i18n.t(`sessionEnd.${parsed.data.reason}`) : i18n.t('connection.sessionEnded'),
      );
    });
    socket.on('member:updated', (payload) => {
      const parsed = teamMember.safeParse(payload);
      if (parsed.success && parsed.data.id === this.session.member.id) this.hooks.onOwnStatus(parsed.data);
    });
    socket.on('profile:updated', (payload) => {
      const parsed = profile.safeParse(payload);
      if (parsed.success && parsed.data.id === this.session.member.id) this.hooks.onProfile?.(parsed.data);
    });
    socket.on('typing', (payload) => {
      const parsed = typingNotice.safeParse(payload);
      if (parsed.success) this.hooks.onTyping(parsed.data);
    });
    socket.on('shops:changed', () => this.hooks.onShopsChanged());
    socket.on('sync:event', (payload) => {
      const parsed = syncEvent.safeParse(payload);
      if (parsed.success) this.sync.receive(parsed.data).catch(() => this.reconnectSoon());
    });
    this.heartbeatTimer = setInterval(() => this.sendHeartbeat(), HEARTBEAT_MS);
  }

  stop(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
  }

  /** Called by the keep-alive alarm: a socket that gave up is started again. */
  ensureConnected(): void {
    if (!this.socket) this.start();
    else if (!this.socket.connected && !this.socket.active) this.socket.connect();
  }

  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  setOpenWindows(count: number | null): void {
    if (count === this.openWindows) return;
    this.openWindows = count;
    this.sendHeartbeat();
  }

  async sendReply(conversationId: string, body: string): Promise<void> {
    await enqueueReply(this.db, { conversationId, body, memberId: this.session.member.id });
    void this.flush();
  }

  /** A passing signal: when the socket is down it is dropped, since the next keystroke sends it again. */
  sendTyping(conversationId: string): void {
    if (this.socket?.connected) this.socket.emit('typing', { conversationId });
  }

  async markRead(conversationId: string): Promise<void> {
    const conversation = await this.db.conversations.get(conversationId);
    if (!conversation?.lastCustomerMessageAt) return;
    const mark = await this.api.markRead(conversationId, conversation.lastCustomerMessageAt);
    // The same mark also comes back as an event; whichever is second writes nothing.
    if (await storeReadMark(this.db, mark)) this.hooks.onApplied([]);
  }

  private async catchUpAndFlush(): Promise<void> {
    try {
      await this.sync.catchUp();
      await this.flush();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401)
        this.hooks.onSignedOut(i18n.t('connection.sessionEnded'));
      else this.reconnectSoon();
    }
  }

  /** One flush at a time; replies go over the socket, so they share its order and its reconnects. */
  flush(): Promise<void> {
    if (!this.connected) return Promise.resolve();
    this.flushing ??= flushOutbox(this.db, (entry) => this.sendOverSocket(entry))
      .then(() => {})
      .finally(() => {
        this.flushing = null;
      });
    return this.flushing;
  }

  private async sendOverSocket(entry: {
    clientId: string;
    conversationId: string;
    body: string;
  }): Promise<SendOutcome> {
    const socket = this.socket;
    if (!socket?.connected)
      return { ok: false, status: null, message: i18n.t('connection.waitingForConnection') };
    try {
      const raw: unknown = await socket.timeout(REPLY_TIMEOUT_MS).emitWithAck('reply', {
        conversationId: entry.conversationId,
        clientId: entry.clientId,
        body: entry.body,
      });
      const ack = replyAck.parse(raw);
      if (ack.ok) return { ok: true, result: ack.result };
      return { ok: false, status: ack.status, message: ack.message };
    } catch {
      return {
        ok: false,
        status: null,
        message: i18n.t('connection.replyNotConfirmed'),
      };
    }
  }

  private sendHeartbeat(): void {
    if (this.socket?.connected) this.socket.emit('heartbeat', { openWindows: this.openWindows });
  }

  private reconnectSoon(): void {
    // A failed catch-up is retried by cycling the socket, whose reconnect has the backoff.
    this.socket?.disconnect();
    setTimeout(() => this.socket?.connect(), 2_000);
  }

  private setState(status: ConnectionState['status'], detail: string | null): void {
    this.hooks.onState({ status, detail, since: new Date().toISOString() });
  }
}
