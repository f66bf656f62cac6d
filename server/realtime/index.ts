import type { Server as HttpServer } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import { Server, type Socket } from 'socket.io';
import {
  heartbeat,
  socketReply,
  typingSignal,
  type ClientToServerEvents,
  type ReplyAck,
  type ServerToClientEvents,
  type Profile,
  type SessionEndReason,
  type TeamMember,
} from '../../lib/protocol';
import { seesAllConversations } from '../../lib/domain/visibility';
import { hashToken, sessionOf, type MemberRow } from '../auth/sessions';
import { HttpError } from '../errors';
import type { EventHub, InboxDeps } from '../inbox/hub';
import { memberTyping } from '../inbox/activity';
import { sendReply } from '../inbox/reply';
import type { Db } from '../store';
import type { AppendedEvent } from '../store/events';
import type { AssignmentService } from '../assignment/service';

interface SocketData {
  member: MemberRow;
  /** The session's token: every event the socket sends is checked against it again. */
  token: string;
}

export type SidedeskIo = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
type SidedeskSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Rooms: everyone of a workspace, the members who see all of it, and each member's own sockets. */
const workspaceRoom = (workspaceId: string) => `ws:${workspaceId}`;
const seesAllRoom = (workspaceId: string) => `ws:${workspaceId}:all`;
const memberRoom = (memberId: string) => `member:${memberId}`;
/** The sockets of one session (by its token's hash), so signing out ends exactly that session's sockets. */
const sessionRoom = (tokenHash: string) => `session:${tokenHash}`;
/** setTimeout's longest wait; a session that lasts longer is looked at again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function createIo(httpServer: HttpServer): SidedeskIo {
  return new Server(httpServer, {
    // A ping every 20 s keeps the MV3 service worker alive (Chrome 116+) and finds dead links quickly.
    pingInterval: 20_000,
    pingTimeout: 20_000,
    cors: { origin: true },
    maxHttpBufferSize: 1_000_000,
  });
}

/** Pushes committed events to the sockets that may see them, on every instance. */
export function socketHub(io: SidedeskIo): EventHub {
  return {
    publish(workspaceId: string, events: AppendedEvent[]) {
      for (const { event, audience } of events) {
        if (audience === null) {
          io.to(workspaceRoom(workspaceId)).emit('sync:event', event);
          continue;
        }
        const rooms = audience.map(memberRoom);
        if (event.type !== 'conversation.read') rooms.push(seesAllRoom(workspaceId));
        io.to(rooms).emit('sync:event', event);
      }
    },
    customerTyping(workspaceId, conversation, until) {
      const notice = {
        conversationId: conversation.id,
        who: 'customer' as const,
        until: until.toISOString(),
      };
      const rooms =
        conversation.assigneeId === null
          ? [workspaceRoom(workspaceId)]
          : [memberRoom(conversation.assigneeId), seesAllRoom(workspaceId)];
      io.to(rooms).emit('typing', notice);
    },
  };
}

/** Member sockets: a session token in the handshake, then replies and heartbeats, each payload checked. */
export function attachMemberSockets(
  io: SidedeskIo,
  db: Db,
  deps: InboxDeps,
  assignment: AssignmentService,
  log: FastifyBaseLogger,
): void {
  io.use(async (socket, next) => {
    const token: unknown = socket.handshake.auth?.token;
    const found = typeof token === 'string' && token ? await sessionOf(db, token).catch(() => null) : null;
    if (!found || typeof token !== 'string')
      return next(new Error('unauthorized: sign in again, the session token is missing, wrong or expired'));
    socket.data.member = found.member;
    socket.data.token = token;
    // The session's end is looked at when it comes, so an expired session hears nothing more.
    watchExpiry(socket, found.expiresAt);
    next();
  });

  const watchExpiry = (
    socket: SidedeskSocket,
    expiresAt: Date,
    waitMs = expiresAt.getTime() - Date.now(),
  ) => {
    const timer = setTimeout(
      () => {
        stillSignedIn(socket).then(
          (current) => current && watchExpiry(socket, expiresAt),
          // The store did not answer: look again shortly rather than keep or drop the socket blindly.
          () => watchExpiry(socket, expiresAt, 5_000),
        );
      },
      Math.min(Math.max(waitMs, 0) + 50, MAX_TIMER_MS),
    );
    timer.unref?.();
    socket.once('disconnect', () => clearTimeout(timer));
  };

  /**
   * The member behind the socket's session as it is now (a role may have changed), or null after ending the
   * socket: its session was signed out, ended by a removal or a reset, or has expired. Throws when the store
   * cannot answer.
   */
  const stillSignedIn = async (socket: SidedeskSocket): Promise<MemberRow | null> => {
    const found = await sessionOf(db, socket.data.token);
    if (!found) {
      socket.emit('session:ended', { reason: 'expired' });
      socket.disconnect(true);
      return null;
    }
    socket.data.member = found.member;
    return found.member;
  };
  const signedInOrNull = (socket: SidedeskSocket) =>
    stillSignedIn(socket).catch((error: unknown) => {
      log.error({ err: error }, 'checking a socket session failed');
      return null;
    });

  io.on('connection', (socket: SidedeskSocket) => {
    const { member } = socket.data;
    void socket.join(workspaceRoom(member.workspaceId));
    void socket.join(memberRoom(member.id));
    void socket.join(sessionRoom(hashToken(socket.data.token)));
    if (seesAllConversations(member.role)) void socket.join(seesAllRoom(member.workspaceId));

    const presenceFailed = (error: unknown) =>
      log.error({ err: error, memberId: member.id }, 'presence update failed');
    // Presence writes of one socket run in order, so a disconnect never overtakes its last heartbeat.
    let presence = assignment
      .socketConnected(socket.id, member.id, member.workspaceId)
      .then(async () => {
        // The member's own status, so the toggle shows the truth from the first moment.
        const [me] = await assignment.team(member.workspaceId, [member.id]);
        if (me) socket.emit('member:updated', me);
      })
      .catch(presenceFailed);
    socket.on('heartbeat', (payload, ack) => {
      const parsed = heartbeat.safeParse(payload);
      if (!parsed.success) return;
      // Checked inside the chain, so the disconnect's write still comes after every heartbeat's.
      presence = presence
        .then(async () => {
          if (await signedInOrNull(socket))
            await assignment.heartbeat(socket.id, member.id, member.workspaceId, parsed.data.openWindows);
        })
        .catch(presenceFailed)
        .then(() => (typeof ack === 'function' ? ack() : undefined));
    });
    socket.on('disconnect', () => {
      presence = presence
        .then(() => assignment.socketDisconnected(socket.id, member.id, member.workspaceId))
        .catch(presenceFailed);
    });

    socket.on('typing', async (payload) => {
      const parsed = typingSignal.safeParse(payload);
      if (!parsed.success) return;
      const current = await signedInOrNull(socket);
      if (!current) return;
      memberTyping(db, deps, current, parsed.data.conversationId).catch((error: unknown) => {
        if (!(error instanceof HttpError)) log.error({ err: error }, 'passing on a typing signal failed');
      });
    });

    socket.on('reply', async (payload, ack) => {
      const respond = typeof ack === 'function' ? ack : () => {};
      const parsed = socketReply.safeParse(payload);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        respond({
          ok: false,
          status: 400,
          message: `${issue?.path.join('.') || 'payload'}: ${issue?.message}`,
        });
        return;
      }
      const { conversationId, ...body } = parsed.data;
      // The session is checked at every reply: one signed out, removed or expired stores nothing.
      try {
        const current = await stillSignedIn(socket);
        if (!current) {
          respond({ ok: false, status: 401, message: 'Sign in again: this session has ended' });
          return;
        }
        const result = await sendReply(
          db,
          deps,
          { ...current, workspaceId: current.workspaceId },
          conversationId,
          body,
        );
        respond({ ok: true, result } satisfies ReplyAck);
      } catch (error) {
        if (error instanceof HttpError) respond({ ok: false, status: error.status, message: error.message });
        else {
          log.error({ err: error, conversationId }, 'reply over the socket failed');
          respond({
            ok: false,
            status: 500,
            message: 'The server could not store the reply; try again in a moment',
          });
        }
      }
    });
  });
}

/** Tells a member's own sockets (on every instance) that their status changed. */
export function notifyMemberChanged(io: SidedeskIo, member: TeamMember): void {
  io.to(memberRoom(member.id)).emit('member:updated', member);
}

/** Tells every member of a workspace that its shops changed, so their browsers fetch the list again. */
export function notifyShopsChanged(io: SidedeskIo, workspaceId: string): void {
  io.to(workspaceRoom(workspaceId)).emit('shops:changed');
}

/** Ends sessions on their open sockets, on every instance: they are told why, then disconnected. */
export function endSocketSessions(
  io: SidedeskIo,
  whose: { memberId: string; exceptToken?: string } | { token: string },
  reason: SessionEndReason,
): void {
  const room = 'memberId' in whose ? memberRoom(whose.memberId) : sessionRoom(hashToken(whose.token));
  // A member who changed their password stays signed in where they did it: that session's room is spared.
  const spared =
    'exceptToken' in whose && whose.exceptToken ? [sessionRoom(hashToken(whose.exceptToken))] : [];
  io.to(room).except(spared).emit('session:ended', { reason });
  io.in(room).except(spared).disconnectSockets(true);
}

/**
 * A member's role changed: their sockets join or leave the room of those who see every conversation, on every
 * instance, and hear their new status (the extension then builds its cache again for the new role).
 */
export function moveMemberRooms(io: SidedeskIo, member: TeamMember & { workspaceId: string }): void {
  const room = seesAllRoom(member.workspaceId);
  if (seesAllConversations(member.role)) io.in(memberRoom(member.id)).socketsJoin(room);
  else io.in(memberRoom(member.id)).socketsLeave(room);
  notifyMemberChanged(io, member);
}

/** Tells a member's own sockets (on every instance) that their profile or notification choices changed. */
export function notifyProfileChanged(io: SidedeskIo, profile: Profile): void {
  io.to(memberRoom(profile.id)).emit('profile:updated', profile);
}
