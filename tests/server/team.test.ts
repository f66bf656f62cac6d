import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { session as sessionSchema, type SessionEnded, type SyncEvent } from '../../lib/protocol';
import type { SidedeskServer } from '../../server/app';
import { hashPassword } from '../../server/auth/passwords';
import { newId } from '../../server/ids';
import { ingestInbound } from '../../server/inbox/ingest';
import { openStore, type Store } from '../../server/store';
import {
  authSession,
  conversation,
  invitation,
  member,
  memberShop,
  message,
} from '../../server/store/schema';
import { api, connectMember, signInOver, startTestServer, type MemberSocket } from '../fixtures/server';
import { openTestStore, storeKinds, warnIfPostgresSkipped } from '../fixtures/stores';
import { createWorkspace, PASSWORD } from '../fixtures/workspace';
import { startSmtp } from '../fixtures/smtp';

warnIfPostgresSkipped();

/** Resolves with what a socket heard before it was disconnected, or rejects if it stays connected. */
function endOf(
  socket: MemberSocket,
  timeoutMs = 5_000,
): Promise<{ ended: SessionEnded | null; reason: string }> {
  return new Promise((resolve, reject) => {
    let ended: SessionEnded | null = null;
    if (!socket.connected) return resolve({ ended, reason: 'already disconnected' });
    const timer = setTimeout(() => reject(new Error('the socket stayed connected')), timeoutMs);
    socket.on('session:ended', (notice) => (ended = notice));
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve({ ended, reason });
    });
  });
}

const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

describe.each(storeKinds)('the team on %s', (kind) => {
  let store: Store;
  let server: SidedeskServer;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  let other: Awaited<ReturnType<typeof createWorkspace>>;
  let adminId: string;
  let adminEmail: string;
  const tokens: Record<string, string> = {};
  const sockets: MemberSocket[] = [];
  let n = 0;

  const call = (who: string) => api(server.url, tokens[who]);
  const anyone = () => api(server.url);
  const connect = async (token: string) => {
    const socket = await connectMember(server.url, token);
    sockets.push(socket);
    return socket;
  };
  const count = async (table: typeof invitation | typeof member) =>
    Number((await store.db.select({ n: sql<number>`count(*)` }).from(table))[0]!.n);
  const invite = (who: string, changes: Record<string, unknown> = {}) =>
    call(who)('POST', '/api/invitations', {
      email: `invitee-${++n}-${kind}@example.test`,
      role: 'agent',
      shopIds: [ws.shopId],
      capacity: 5,
      ...changes,
    });

  beforeAll(async () => {
    smtp = await startSmtp();
    store = await openTestStore(kind);
    server = await startTestServer(store, { SMTP_URL: smtp.url, PUBLIC_URL: 'https://desk.example.test' });
    ws = await createWorkspace(store.db);
    other = await createWorkspace(store.db, 'Other workspace');
    adminId = newId('mb');
    adminEmail = `admin-${adminId.slice(-8)}@example.test`;
    await store.db.insert(member).values({
      id: adminId,
      workspaceId: ws.workspaceId,
      email: adminEmail,
      nickname: 'admin',
      role: 'admin',
      passwordHash: await hashPassword(PASSWORD),
    });
    await store.db.insert(memberShop).values({ memberId: adminId, shopId: ws.shopId });
    for (const who of ['owner', 'manager', 'agentA', 'agentB'] as const)
      tokens[who] = (await signInOver(server.url, ws[who].email, PASSWORD)).token;
    tokens.admin = (await signInOver(server.url, adminEmail, PASSWORD)).token;
    tokens.otherOwner = (await signInOver(server.url, other.owner.email, PASSWORD)).token;
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.close();
    await store?.close();
    await smtp?.close();
  });

  it('lets admins and the owner invite, up to their own role, and nobody else', async () => {
    expect((await invite('agentA')).status).toBe(403);
    expect((await invite('manager')).status).toBe(403);
    expect((await invite('otherOwner')).status).toBe(400); // a shop of another workspace
    const byAdmin = await invite('admin', { role: 'admin' });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body).toMatchObject({ emailed: true, invitation: { role: 'admin', status: 'pending' } });
    const byOwner = await invite('owner', { role: 'manager' });
    expect(byOwner.status).toBe(200);
    // Nobody gives the owner's role by invitation.
    const owner = await invite('owner', { role: 'owner' });
    expect(owner).toMatchObject({ status: 400, body: { field: 'body.role' } });

    const listed = await call('admin')('GET', '/api/invitations');
    const ids = (listed.body!.invitations as { id: string }[]).map((i) => i.id);
    const invitationId = (byOwner.body!.invitation as { id: string }).id;
    expect(ids).toContain(invitationId);
    expect((await call('manager')('GET', '/api/invitations')).status).toBe(403);
    expect((await call('agentA')('GET', '/api/invitations')).status).toBe(403);
    // Another workspace's owner neither lists, revokes nor re-sends it.
    const theirs = await call('otherOwner')('GET', '/api/invitations');
    expect((theirs.body!.invitations as { id: string }[]).map((i) => i.id)).not.toContain(invitationId);
    expect((await call('otherOwner')('DELETE', `/api/invitations/${invitationId}`)).status).toBe(404);
    expect((await call('otherOwner')('POST', `/api/invitations/${invitationId}/resend`)).status).toBe(404);
    expect((await call('manager')('DELETE', `/api/invitations/${invitationId}`)).status).toBe(403);
  });

  it('refuses bad invitations with a 400 that names the field, and writes nothing', async () => {
    const before = await count(invitation);
    const cases: [Record<string, unknown>, string][] = [
      [{ email: 'not an address' }, 'body.email'],
      [{ role: 'boss' }, 'body.role'],
      [{ shopIds: [] }, 'body.shopIds'],
      [{ shopIds: [other.shopId] }, 'body.shopIds'],
      [{ capacity: -1 }, 'body.capacity'],
      [{ capacity: 8, capacityLimit: 4 }, 'body.capacity'],
      [{ language: 'fr' }, 'body.language'],
    ];
    for (const [changes, field] of cases) {
      const answer = await invite('owner', changes);
      expect(answer.status, JSON.stringify(changes)).toBe(400);
      expect(answer.body).toMatchObject({ field });
      expect(String(answer.body!.message)).toMatch(new RegExp(`^${field.replace('.', '\\.')}: `));
    }
    // A member's address, or one with an invitation waiting, is a conflict naming the email.
    expect(await invite('owner', { email: ws.agentA.email })).toMatchObject({
      status: 409,
      body: { field: 'body.email' },
    });
    expect(await count(invitation)).toBe(before);
  });

  it('emails the invitation in the language chosen, and the link signs the invitee in once', async () => {
    const email = `giulia-${kind}@example.test`;
    const issued = await invite('owner', { email, language: 'it', capacity: 4, capacityLimit: 6 });
    expect(issued.status).toBe(200);
    const mail = await smtp.mailTo(email);
    expect(mail.subject).toBe('owner ti invita in Test workspace su Sidedesk');
    expect(mail.text).toContain(String(issued.body!.link));
    expect(String(issued.body!.link)).toMatch(/^https:\/\/desk\.example\.test\/invite\?token=/);
    const token = tokenOf(String(issued.body!.link));
    // Only the token's hash is stored.
    const rows = await store.db.select().from(invitation).where(eq(invitation.email, email));
    expect(rows[0]!.tokenHash).not.toContain(token);

    expect(await anyone()('GET', `/api/invitations/${token}`)).toMatchObject({
      status: 200,
      body: { workspaceName: 'Test workspace', invitedBy: 'owner', role: 'agent', email },
    });
    // A weak password is refused naming the field, and nobody is created.
    const weak = await anyone()('POST', `/api/invitations/${token}/accept`, {
      nickname: 'Giulia',
      password: 'password123',
    });
    expect(weak).toMatchObject({ status: 400, body: { field: 'body.password' } });
    const empty = await anyone()('POST', `/api/invitations/${token}/accept`, {
      nickname: ' ',
      password: 'x',
    });
    expect(empty).toMatchObject({ status: 400, body: { field: 'body.nickname' } });
    expect(await store.db.select().from(member).where(eq(member.email, email))).toHaveLength(0);

    const accepted = await anyone()('POST', `/api/invitations/${token}/accept`, {
      nickname: 'Giulia',
      password: 'a long enough secret',
    });
    expect(accepted.status).toBe(200);
    const signedIn = sessionSchema.parse(accepted.body);
    expect(signedIn.member).toMatchObject({ nickname: 'Giulia', role: 'agent', capacity: 4, email });
    expect((await api(server.url, signedIn.token)('GET', '/api/me')).status).toBe(200);
    const [row] = await store.db.select().from(member).where(eq(member.id, signedIn.member.id));
    expect(row!.capacityLimit).toBe(6);
    const shops = await store.db.select().from(memberShop).where(eq(memberShop.memberId, signedIn.member.id));
    expect(shops.map((s) => s.shopId)).toEqual([ws.shopId]);
    // Single use.
    expect((await anyone()('GET', `/api/invitations/${token}`)).status).toBe(410);
    const again = await anyone()('POST', `/api/invitations/${token}/accept`, {
      nickname: 'Someone else',
      password: 'a long enough secret',
    });
    expect(again).toMatchObject({ status: 410, body: { error: 'invitation_used' } });
    expect((await anyone()('GET', '/api/invitations/unknown-token-of-some-length')).status).toBe(404);
  });

  it('a revoked or expired invitation answers 410; re-sending gives a new link and the old one stops', async () => {
    const revokedAnswer = await invite('admin');
    const revokedId = (revokedAnswer.body!.invitation as { id: string }).id;
    const revokedToken = tokenOf(String(revokedAnswer.body!.link));
    expect(await call('admin')('DELETE', `/api/invitations/${revokedId}`)).toMatchObject({
      status: 200,
      body: { status: 'revoked' },
    });
    expect(await anyone()('GET', `/api/invitations/${revokedToken}`)).toMatchObject({
      status: 410,
      body: { error: 'invitation_revoked' },
    });
    expect((await call('admin')('POST', `/api/invitations/${revokedId}/resend`)).status).toBe(409);

    const expiring = await invite('owner');
    const id = (expiring.body!.invitation as { id: string }).id;
    const oldToken = tokenOf(String(expiring.body!.link));
    expect(new Date(String(expiring.body!.expiresAt)).getTime() - Date.now()).toBeGreaterThan(
      6.9 * 86_400_000,
    );
    await store.db
      .update(invitation)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitation.id, id));
    expect(await anyone()('GET', `/api/invitations/${oldToken}`)).toMatchObject({
      status: 410,
      body: { error: 'invitation_expired' },
    });
    const resent = await call('owner')('POST', `/api/invitations/${id}/resend`);
    expect(resent.status).toBe(200);
    const newToken = tokenOf(String(resent.body!.link));
    expect(newToken).not.toBe(oldToken);
    expect((await anyone()('GET', `/api/invitations/${oldToken}`)).status).toBe(404);
    expect((await anyone()('GET', `/api/invitations/${newToken}`)).status).toBe(200);
  });

  it('nobody changes the settings of someone at or above them', async () => {
    // The manager who could set the owner's capacity to 0.
    const before = (await store.db.select().from(member).where(eq(member.id, ws.owner.id)))[0]!;
    expect((await call('manager')('PATCH', `/api/members/${ws.owner.id}`, { capacity: 0 })).status).toBe(403);
    expect((await call('admin')('PATCH', `/api/members/${ws.owner.id}`, { capacity: 0 })).status).toBe(403);
    expect((await call('agentA')('PATCH', `/api/members/${ws.agentB.id}`, { capacity: 0 })).status).toBe(403);
    expect((await call('otherOwner')('PATCH', `/api/members/${ws.agentB.id}`, { capacity: 0 })).status).toBe(
      404,
    );
    expect((await store.db.select().from(member).where(eq(member.id, ws.owner.id)))[0]!.capacity).toBe(
      before.capacity,
    );
    // Below them, and themselves, they may.
    expect((await call('manager')('PATCH', `/api/members/${ws.agentB.id}`, { capacity: 7 })).status).toBe(
      200,
    );
    expect((await call('manager')('PATCH', '/api/members/me', { capacity: 9 })).status).toBe(200);
    // Roles, shops and limits are for admins and the owner, on members below them.
    expect((await call('manager')('PATCH', `/api/members/${ws.agentB.id}`, { role: 'manager' })).status).toBe(
      403,
    );
    expect(
      (await call('manager')('PATCH', `/api/members/${ws.agentB.id}`, { capacityLimit: 3 })).status,
    ).toBe(403);
    expect(await call('admin')('PATCH', '/api/members/me', { role: 'manager' })).toMatchObject({
      status: 403,
      body: { field: 'body.role' },
    });
    expect((await call('admin')('PATCH', `/api/members/${ws.owner.id}`, { role: 'agent' })).status).toBe(403);
    expect((await call('owner')('PATCH', `/api/members/${ws.agentB.id}`, { role: 'owner' })).status).toBe(
      400,
    );
    expect(
      await call('admin')('PATCH', `/api/members/${ws.agentB.id}`, { shopIds: [other.shopId] }),
    ).toMatchObject({ status: 400, body: { field: 'body.shopIds' } });
    // A lowered limit brings the capacity down; the member then cannot raise it above the limit.
    const limited = await call('admin')('PATCH', `/api/members/${ws.agentB.id}`, { capacityLimit: 5 });
    expect(limited).toMatchObject({ status: 200, body: { capacity: 5 } });
    expect(await call('agentB')('PATCH', '/api/members/me', { capacity: 6 })).toMatchObject({
      status: 400,
      body: { field: 'body.capacity' },
    });
    expect((await call('agentB')('PATCH', '/api/members/me', { capacity: 4 })).status).toBe(200);
    expect(
      (await call('admin')('PATCH', `/api/members/${ws.agentB.id}`, { capacityLimit: null })).status,
    ).toBe(200);
    expect(await call('manager')('PATCH', `/api/members/${ws.agentB.id}`, {})).toMatchObject({ status: 400 });
  });

  it('lists the team to managers and above, each only their own workspace', async () => {
    expect((await call('agentA')('GET', '/api/team')).status).toBe(403);
    const seen = await call('manager')('GET', '/api/team');
    expect(seen.status).toBe(200);
    const members = seen.body!.members as { id: string; email: string; role: string }[];
    expect(members.map((m) => m.id)).toEqual(expect.arrayContaining([ws.owner.id, ws.agentA.id, adminId]));
    expect(members.find((m) => m.id === ws.agentA.id)!.email).toBe(ws.agentA.email);
    expect(members.map((m) => m.id)).not.toContain(other.owner.id);
    const theirs = await call('otherOwner')('GET', '/api/team');
    expect((theirs.body!.members as { id: string }[]).map((m) => m.id)).not.toContain(ws.owner.id);
  });

  it('a role change moves the member between rooms at once: a promoted agent hears other agents’ chats', async () => {
    const heard: SyncEvent[] = [];
    const socket = await connect(tokens.agentA!);
    socket.on('sync:event', (event) => heard.push(event));
    const inAgentB = async () => {
      const { conversation: c } = await ingestInbound(store.db, server.deps, ws.workspaceId, {
        shopId: ws.shopId,
        channel: 'marketplace',
        customerHandle: `rooms-${++n}`,
        customerName: `Customer ${n}`,
        externalId: newId('ext'),
        body: 'Hello',
      });
      await server.assignment.settled();
      await store.db.update(conversation).set({ assigneeId: ws.agentB.id }).where(eq(conversation.id, c.id));
      // A note by agentB: an event whose audience is agentB and the members who see everything.
      const note = await call('agentB')('POST', `/api/conversations/${c.id}/notes`, {
        body: `note ${n}`,
        clientId: newId('note'),
      });
      expect(note.status).toBe(200);
      return c.id;
    };
    const before = await inAgentB();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      heard.some(
        (e) =>
          e.type === 'message.created' &&
          e.message.conversationId === before &&
          e.message.direction === 'note',
      ),
    ).toBe(false);

    const promoted = await call('admin')('PATCH', `/api/members/${ws.agentA.id}`, { role: 'manager' });
    expect(promoted).toMatchObject({ status: 200, body: { role: 'manager' } });
    const after = await inAgentB();
    await expect
      .poll(() =>
        heard.some(
          (e) =>
            e.type === 'message.created' &&
            e.message.conversationId === after &&
            e.message.direction === 'note',
        ),
      )
      .toBe(true);

    expect((await call('owner')('PATCH', `/api/members/${ws.agentA.id}`, { role: 'agent' })).status).toBe(
      200,
    );
    const demoted = await inAgentB();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      heard.some(
        (e) =>
          e.type === 'message.created' &&
          e.message.conversationId === demoted &&
          e.message.direction === 'note',
      ),
    ).toBe(false);
    socket.disconnect();
  });

  it('sign-out ends that session’s sockets at once, and only that session’s', async () => {
    const first = await signInOver(server.url, ws.agentA.email, PASSWORD);
    const second = await signInOver(server.url, ws.agentA.email, PASSWORD);
    const firstSocket = await connect(first.token);
    const secondSocket = await connect(second.token);
    const ended = endOf(firstSocket);
    expect((await api(server.url, first.token)('POST', '/api/auth/sign-out')).status).toBe(204);
    expect(await ended).toMatchObject({ ended: { reason: 'signed_out' }, reason: 'io server disconnect' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(secondSocket.connected).toBe(true);
    secondSocket.disconnect();
  });

  it('an expired session’s socket is disconnected when it expires', async () => {
    const signedIn = await signInOver(server.url, ws.agentA.email, PASSWORD);
    await store.db
      .update(authSession)
      .set({ expiresAt: new Date(Date.now() + 1_500) })
      .where(sql`${authSession.expiresAt} = ${signedIn.expiresAt}::timestamptz`);
    const socket = await connect(signedIn.token);
    expect(await endOf(socket, 8_000)).toMatchObject({ ended: { reason: 'expired' } });
  });

  it('removal ends every session at once and returns the member’s chats to the queue with a line', async () => {
    // Someone to remove: a new agent, by invitation.
    const issued = await invite('owner', { email: `leaving-${kind}@example.test` });
    const accepted = await anyone()('POST', `/api/invitations/${tokenOf(String(issued.body!.link))}/accept`, {
      nickname: 'Leaving',
      password: 'a long enough secret',
    });
    const leaving = sessionSchema.parse(accepted.body);
    const { conversation: c } = await ingestInbound(store.db, server.deps, ws.workspaceId, {
      shopId: ws.shopId,
      channel: 'marketplace',
      customerHandle: `removal-${kind}`,
      customerName: 'Removal customer',
      externalId: newId('ext'),
      body: 'Hello',
    });
    await server.assignment.settled();
    await store.db
      .update(conversation)
      .set({ assigneeId: leaving.member.id })
      .where(eq(conversation.id, c.id));
    const socket = await connect(leaving.token);

    // Who may not remove them, or anyone at or above them.
    expect((await call('manager')('DELETE', `/api/members/${leaving.member.id}`)).status).toBe(403);
    expect((await call('agentA')('DELETE', `/api/members/${leaving.member.id}`)).status).toBe(403);
    expect((await call('otherOwner')('DELETE', `/api/members/${leaving.member.id}`)).status).toBe(404);
    expect((await call('admin')('DELETE', `/api/members/${ws.owner.id}`)).status).toBe(403);
    expect((await call('owner')('DELETE', `/api/members/${ws.owner.id}`)).status).toBe(403);

    const ended = endOf(socket);
    const removed = await call('admin')('DELETE', `/api/members/${leaving.member.id}`);
    expect(removed).toMatchObject({ status: 200, body: { returnedToQueue: 1 } });
    // A reply sent right after the removal is refused, whether or not the disconnect has arrived yet.
    const clientId = newId('client');
    socket.emit('reply', { conversationId: c.id, body: 'after removal', clientId }, () => {});
    expect(await ended).toMatchObject({ ended: { reason: 'removed' }, reason: 'io server disconnect' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await store.db.select().from(message).where(eq(message.clientId, clientId))).toHaveLength(0);

    expect((await api(server.url, leaving.token)('GET', '/api/me')).status).toBe(401);
    await expect(connectMember(server.url, leaving.token)).rejects.toThrow(/unauthorized/);
    const [back] = await store.db.select().from(conversation).where(eq(conversation.id, c.id));
    expect(back!.assigneeId).toBeNull();
    const lines = await store.db
      .select()
      .from(message)
      .where(and(eq(message.conversationId, c.id), eq(message.direction, 'system')));
    expect(lines.at(-1)!.body).toBe('Returned to the Unassigned queue: admin removed Leaving from the team.');
    expect((await call('manager')('GET', '/api/team')).body!.members).not.toContainEqual(
      expect.objectContaining({ id: leaving.member.id }),
    );

    // Invited again, the former member comes back with their history.
    const again = await invite('owner', { email: `leaving-${kind}@example.test` });
    expect(again.status).toBe(200);
    const back2 = await anyone()('POST', `/api/invitations/${tokenOf(String(again.body!.link))}/accept`, {
      nickname: 'Back again',
      password: 'another long secret',
    });
    expect(sessionSchema.parse(back2.body).member.id).toBe(leaving.member.id);
  });

  it('a reset link: admins issue it for members below them; it sets the password once and ends other sessions', async () => {
    expect((await call('manager')('POST', `/api/members/${ws.agentB.id}/password-reset`, {})).status).toBe(
      403,
    );
    expect((await call('agentA')('POST', `/api/members/${ws.agentB.id}/password-reset`, {})).status).toBe(
      403,
    );
    expect((await call('admin')('POST', `/api/members/${ws.owner.id}/password-reset`, {})).status).toBe(403);
    expect((await call('otherOwner')('POST', `/api/members/${ws.agentB.id}/password-reset`, {})).status).toBe(
      404,
    );

    const socket = await connect(tokens.agentB!);
    const issued = await call('admin')('POST', `/api/members/${ws.agentB.id}/password-reset`, {});
    expect(issued).toMatchObject({ status: 200, body: { emailed: true } });
    const mail = await smtp.mailTo(ws.agentB.email);
    expect(mail.subject).toBe('Choose a new password for Test workspace on Sidedesk');
    const token = tokenOf(String(issued.body!.link));
    expect(mail.text).toContain(String(issued.body!.link));
    expect(await anyone()('GET', `/api/password-resets/${token}`)).toMatchObject({
      status: 200,
      body: { email: ws.agentB.email, nickname: 'agentB' },
    });
    const weak = await anyone()('POST', `/api/password-resets/${token}`, { password: 'short' });
    expect(weak).toMatchObject({ status: 400, body: { field: 'body.password' } });
    // Nothing was written: the old password still works.
    expect((await signInOver(server.url, ws.agentB.email, PASSWORD)).token).toBeTruthy();

    const ended = endOf(socket);
    const reset = await anyone()('POST', `/api/password-resets/${token}`, { password: 'a brand new secret' });
    expect(reset.status).toBe(200);
    expect(sessionSchema.parse(reset.body).member.id).toBe(ws.agentB.id);
    expect(await ended).toMatchObject({ ended: { reason: 'password_reset' } });
    expect((await call('agentB')('GET', '/api/me')).status).toBe(401);
    expect(
      (await anyone()('POST', `/api/password-resets/${token}`, { password: 'yet another secret' })).status,
    ).toBe(410);
    tokens.agentB = (await signInOver(server.url, ws.agentB.email, 'a brand new secret')).token;

    // The link goes out in the member's own language, whoever issues it.
    await store.db.update(member).set({ language: 'it' }).where(eq(member.id, ws.agentA.id));
    expect((await call('admin')('POST', `/api/members/${ws.agentA.id}/password-reset`, {})).status).toBe(200);
    expect((await smtp.mailTo(ws.agentA.email)).subject).toBe(
      'Scegli una nuova password per Test workspace su Sidedesk',
    );
  });

  it('only the owner hands the workspace over, and becomes an admin', async () => {
    const handOver = await createWorkspace(store.db, 'Handed over');
    const owner = (await signInOver(server.url, handOver.owner.email, PASSWORD)).token;
    const manager = (await signInOver(server.url, handOver.manager.email, PASSWORD)).token;
    expect(
      (await api(server.url, manager)('POST', '/api/team/ownership', { memberId: handOver.manager.id }))
        .status,
    ).toBe(403);
    expect(
      (await api(server.url, owner)('POST', '/api/team/ownership', { memberId: ws.agentA.id })).status,
    ).toBe(404);
    expect(await api(server.url, owner)('POST', '/api/team/ownership', {})).toMatchObject({
      status: 400,
      body: { field: 'body.memberId' },
    });
    expect(
      (await api(server.url, owner)('POST', '/api/team/ownership', { memberId: handOver.manager.id })).status,
    ).toBe(200);
    const roles = await store.db
      .select({ id: member.id, role: member.role })
      .from(member)
      .where(eq(member.workspaceId, handOver.workspaceId));
    expect(roles.find((r) => r.id === handOver.manager.id)!.role).toBe('owner');
    expect(roles.find((r) => r.id === handOver.owner.id)!.role).toBe('admin');
    // The former owner, now an admin, may no longer remove the new owner.
    expect((await api(server.url, owner)('DELETE', `/api/members/${handOver.manager.id}`)).status).toBe(403);
  });

  it('serves the invitation and reset pages in English and Italian, and says when a link cannot be used', async () => {
    const issued = await invite('owner');
    const link = String(issued.body!.link).replace('https://desk.example.test', server.url);
    const en = await fetch(link);
    expect(en.status).toBe(200);
    expect(en.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await en.text()).toContain('owner invited you to Test workspace on Sidedesk as agent.');
    const it = await fetch(link, { headers: { 'accept-language': 'it-IT,it;q=0.9' } });
    expect(await it.text()).toContain('owner ti ha invitato in Test workspace su Sidedesk come operatore.');
    const unknown = await fetch(`${server.url}/invite?token=nothing-like-a-real-token`);
    expect(unknown.status).toBe(404);
    const script = await fetch(`${server.url}/team-page.js`);
    expect(script.headers.get('content-type')).toContain('javascript');
    const reset = await fetch(`${server.url}/reset?token=nothing-like-a-real-token`);
    expect(reset.status).toBe(404);
    expect(await reset.text()).toContain('This password-reset link is not known');
  });
});

const cluster = Boolean(process.env.TEST_DATABASE_URL && process.env.REDIS_URL);

describe.runIf(cluster)('the team across instances on one PostgreSQL and Redis', () => {
  let store: Store;
  let second: Store;
  let a: SidedeskServer;
  let b: SidedeskServer;
  let ws: Awaited<ReturnType<typeof createWorkspace>>;

  beforeAll(async () => {
    store = await openTestStore('postgres');
    ws = await createWorkspace(store.db);
    second = await openStore({ databaseUrl: store.url! });
    a = await startTestServer(store, { REDIS_URL: process.env.REDIS_URL! });
    b = await startTestServer(second, { REDIS_URL: process.env.REDIS_URL! });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await second?.close();
    await store?.close();
  });

  it('a role change on one instance moves the member’s socket on another; a removal there ends it', async () => {
    const owner = (await signInOver(a.url, ws.owner.email, PASSWORD)).token;
    const agentB = (await signInOver(a.url, ws.agentB.email, PASSWORD)).token;
    const agentA = (await signInOver(b.url, ws.agentA.email, PASSWORD)).token;
    const socket = await connectMember(b.url, agentA);
    const heard: SyncEvent[] = [];
    socket.on('sync:event', (event) => heard.push(event));
    try {
      const { conversation: c } = await ingestInbound(store.db, a.deps, ws.workspaceId, {
        shopId: ws.shopId,
        channel: 'marketplace',
        customerHandle: 'cluster-team',
        customerName: 'Cluster customer',
        externalId: newId('ext'),
        body: 'Hello',
      });
      await a.assignment.settled();
      await store.db.update(conversation).set({ assigneeId: ws.agentB.id }).where(eq(conversation.id, c.id));
      expect(
        (await api(a.url, owner)('PATCH', `/api/members/${ws.agentA.id}`, { role: 'manager' })).status,
      ).toBe(200);
      const note = await api(a.url, agentB)('POST', `/api/conversations/${c.id}/notes`, {
        body: 'only managers and agentB hear this',
        clientId: newId('note'),
      });
      expect(note.status).toBe(200);
      await expect
        .poll(() => heard.some((e) => e.type === 'message.created' && e.message.direction === 'note'))
        .toBe(true);

      const ended = endOf(socket);
      expect((await api(a.url, owner)('DELETE', `/api/members/${ws.agentA.id}`)).status).toBe(200);
      expect(await ended).toMatchObject({ ended: { reason: 'removed' }, reason: 'io server disconnect' });
    } finally {
      socket.disconnect();
    }
  });
});
