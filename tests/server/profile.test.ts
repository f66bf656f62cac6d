import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_NOTIFICATION_SETTINGS, type NotificationSettings, type Profile } from '../../lib/protocol';
import type { SidedeskServer } from '../../server/app';
import { SIGN_IN_PER_ACCOUNT } from '../../server/auth/attempts';
import { hashPassword, verifyPassword } from '../../server/auth/passwords';
import { newId } from '../../server/ids';
import { ingestInbound } from '../../server/inbox/ingest';
import { NotificationDigest } from '../../server/profile/digest';
import { appendEvents } from '../../server/store/events';
import type { Store } from '../../server/store';
import { conversation, customer, member, memberNotice, memberShop } from '../../server/store/schema';
import { createMailer } from '../../server/mail/mailer';
import { api, connectMember, signInOver, startTestServer, type MemberSocket } from '../fixtures/server';
import { openTestStore, storeKinds, warnIfPostgresSkipped } from '../fixtures/stores';
import { createWorkspace, PASSWORD } from '../fixtures/workspace';
import { startSmtp } from '../fixtures/smtp';

warnIfPostgresSkipped();

// The smallest PNG (1×1) and a WebP header: real pictures as far as the first bytes go.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

const roles = ['owner', 'admin', 'manager', 'agentA'] as const;
type Who = (typeof roles)[number];

async function putAvatar(url: string, token: string, type: string, data: Buffer) {
  const response = await fetch(`${url}/api/me/avatar`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body: new Uint8Array(data),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe.each(storeKinds)('profiles and notification choices on %s', (kind) => {
  let store: Store;
  let server: SidedeskServer;
  let ws: Awaited<ReturnType<typeof createWorkspace>> & { admin: { id: string; email: string } };
  let other: Awaited<ReturnType<typeof createWorkspace>>;
  const tokens: Record<string, string> = {};
  let otherToken: string;
  const sockets: MemberSocket[] = [];

  beforeAll(async () => {
    store = await openTestStore(kind);
    server = await startTestServer(store);
    const created = await createWorkspace(store.db);
    const admin = { id: newId('mb'), email: `admin-${created.workspaceId.slice(-8)}@example.test` };
    await store.db.insert(member).values({
      ...admin,
      workspaceId: created.workspaceId,
      nickname: 'admin',
      role: 'admin',
      passwordHash: await hashPassword(PASSWORD),
    });
    await store.db.insert(memberShop).values({ memberId: admin.id, shopId: created.shopId });
    ws = { ...created, admin };
    other = await createWorkspace(store.db, 'Other workspace');
    for (const who of roles) tokens[who] = (await signInOver(server.url, ws[who].email, PASSWORD)).token;
    otherToken = (await signInOver(server.url, other.agentA.email, PASSWORD)).token;
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.close();
    await store?.close();
  });

  const call = (who: Who) => api(server.url, tokens[who]);
  const rowOf = async (id: string) => (await store.db.select().from(member).where(eq(member.id, id)))[0]!;

  it.each(roles)('gives a %s their own profile, with the defaults until they choose', async (who) => {
    const { status, body } = await call(who)('GET', '/api/me/profile');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: ws[who].id,
      email: ws[who].email,
      language: 'en',
      workingHours: null,
      notifications: DEFAULT_NOTIFICATION_SETTINGS,
      notificationsChosen: false,
      emailAvailable: false,
    });
    expect((await api(server.url)('GET', '/api/me/profile')).status).toBe(401);
  });

  it.each(roles)('lets a %s change their own profile only, and tells their other browsers', async (who) => {
    const socket = await connectMember(server.url, tokens[who]!);
    sockets.push(socket);
    const heard = new Promise<Profile>((resolve) => socket.once('profile:updated', resolve));
    const hours = {
      timeZone: 'Europe/Rome',
      weekly: {
        '1': [
          { start: '09:00', end: '13:00' },
          { start: '14:00', end: '18:00' },
        ],
      },
      holidays: ['2026-12-25'],
    };
    const { status, body } = await call(who)('PATCH', '/api/me/profile', {
      nickname: `  ${who} renamed `,
      language: 'it',
      workingHours: hours,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ nickname: `${who} renamed`, language: 'it', workingHours: hours });
    expect((await heard).nickname).toBe(`${who} renamed`);
    const row = await rowOf(ws[who].id);
    expect(row).toMatchObject({ nickname: `${who} renamed`, language: 'it' });
    // Nobody else changed, in this workspace or the other.
    expect((await rowOf(other.agentA.id)).nickname).toBe('agentA');
    expect((await rowOf(ws.agentB.id)).nickname).toBe('agentB');
    // The team list shows the new name.
    const team = await call(who)('GET', '/api/members');
    const names = (team.body!.members as { id: string; nickname: string }[]).map((m) => m.nickname);
    expect(names).toContain(`${who} renamed`);
    // Working hours back to "always".
    expect((await call(who)('PATCH', '/api/me/profile', { workingHours: null })).body).toMatchObject({
      workingHours: null,
    });
  });

  it('refuses bad input with a 400 that names the field, and writes nothing', async () => {
    const before = await rowOf(ws.agentA.id);
    const cases: [unknown, string][] = [
      [{ nickname: '   ' }, 'body.nickname'],
      [{ nickname: 'x'.repeat(41) }, 'body.nickname'],
      [{ capacity: -1 }, 'body.capacity'],
      [{ capacity: 2.5 }, 'body.capacity'],
      [{ language: 'fr' }, 'body.language'],
      [{ workingHours: { timeZone: 'Mars/Olympus', weekly: {}, holidays: [] } }, 'body.workingHours'],
      [
        {
          workingHours: {
            timeZone: 'Europe/Rome',
            weekly: { '1': [{ start: '9', end: '17:00' }] },
            holidays: [],
          },
        },
        'body.workingHours.weekly.1.0.start',
      ],
      [
        {
          workingHours: {
            timeZone: 'Europe/Rome',
            weekly: { '1': [{ start: '18:00', end: '09:00' }] },
            holidays: [],
          },
        },
        'body.workingHours',
      ],
    ];
    for (const [body, field] of cases) {
      const answer = await call('agentA')('PATCH', '/api/me/profile', {
        nickname: 'changed',
        ...(body as object),
      });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body!.field, JSON.stringify(body)).toBe(field);
      expect(String(answer.body!.message)).toContain(field);
    }
    // A body that changes nothing is refused too.
    expect((await call('agentA')('PATCH', '/api/me/profile', {})).body).toMatchObject({ field: 'body' });
    const bad: [unknown, string][] = [
      [{ ...DEFAULT_NOTIFICATION_SETTINGS, emailEveryMinutes: 1 }, 'body.emailEveryMinutes'],
      [{ ...DEFAULT_NOTIFICATION_SETTINGS, badge: 'yes' }, 'body.badge'],
      [
        {
          ...DEFAULT_NOTIFICATION_SETTINGS,
          events: { ...DEFAULT_NOTIFICATION_SETTINGS.events, sla: { system: true } },
        },
        'body.events.sla.sound',
      ],
      // No SMTP on this server: email cannot be chosen.
      [
        {
          ...DEFAULT_NOTIFICATION_SETTINGS,
          events: {
            ...DEFAULT_NOTIFICATION_SETTINGS.events,
            assigned: { system: true, sound: true, email: true },
          },
        },
        'body.events.assigned.email',
      ],
    ];
    for (const [body, field] of bad) {
      const answer = await call('agentA')('PUT', '/api/me/notifications', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body!.field).toBe(field);
    }
    expect(await rowOf(ws.agentA.id)).toEqual(before);
  });

  it('lets a member set their capacity up to the limit an admin set, and hands out room at once', async () => {
    await store.db.update(member).set({ capacityLimit: 5 }).where(eq(member.id, ws.agentB.id));
    const token = (await signInOver(server.url, ws.agentB.email, PASSWORD)).token;
    const agentB = api(server.url, token);
    const refused = await agentB('PATCH', '/api/me/profile', { capacity: 6 });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ field: 'body.capacity' });
    expect(String(refused.body!.message)).toContain('at most 5');
    expect((await rowOf(ws.agentB.id)).capacity).toBe(10);
    const ok = await agentB('PATCH', '/api/me/profile', { capacity: 5 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ capacity: 5, capacityLimit: 5 });
    expect((await rowOf(ws.agentB.id)).capacity).toBe(5);
    // Without a limit of their own, up to the product's maximum.
    expect((await call('agentA')('PATCH', '/api/me/profile', { capacity: 201 })).status).toBe(400);
    expect((await call('agentA')('PATCH', '/api/me/profile', { capacity: 12 })).body).toMatchObject({
      capacity: 12,
    });
  });

  it.each(roles)('stores a %s notification choices on the server, for any browser', async (who) => {
    const chosen: NotificationSettings = {
      events: {
        ...DEFAULT_NOTIFICATION_SETTINGS.events,
        customerMessage: { system: false, sound: false, email: false },
      },
      emailEveryMinutes: 15,
      badge: false,
    };
    const saved = await call(who)('PUT', '/api/me/notifications', chosen);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ notifications: chosen, notificationsChosen: true });
    // Another sign-in (another browser) reads the same.
    const again = (await signInOver(server.url, ws[who].email, PASSWORD)).token;
    expect((await api(server.url, again)('GET', '/api/me/profile')).body).toMatchObject({
      notifications: chosen,
    });
    // The other workspace's member keeps the defaults.
    expect((await api(server.url, otherToken)('GET', '/api/me/profile')).body).toMatchObject({
      notifications: DEFAULT_NOTIFICATION_SETTINGS,
      notificationsChosen: false,
    });
  });

  it('takes a small picture as the avatar, checks its type and size, and serves it to img tags', async () => {
    const set = await putAvatar(server.url, tokens.manager!, 'image/png', PNG);
    expect(set.status).toBe(200);
    const url = set.body.avatarUrl as string;
    expect(url).toMatch(/^\/avatars\/[\w-]+\.png$/);
    const served = await fetch(server.url + url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(PNG);
    // Teammates (and only this workspace's) see it in the team list.
    const team = await call('agentA')('GET', '/api/members');
    expect(
      (team.body!.members as { id: string; avatarUrl: string }[]).find((m) => m.id === ws.manager.id),
    ).toMatchObject({ avatarUrl: url });
    const otherTeam = await api(server.url, otherToken)('GET', '/api/members');
    expect((otherTeam.body!.members as { id: string }[]).map((m) => m.id)).not.toContain(ws.manager.id);

    // A picture that claims another type, a type that is not a picture, or one too large: refused.
    const claimed = await putAvatar(server.url, tokens.manager!, 'image/webp', PNG);
    expect(claimed).toMatchObject({ status: 400, body: { field: 'file' } });
    const gif = await putAvatar(server.url, tokens.manager!, 'image/gif', Buffer.from('GIF89a....'));
    expect(gif).toMatchObject({ status: 400, body: { field: 'file' } });
    const large = await putAvatar(
      server.url,
      tokens.manager!,
      'image/png',
      Buffer.concat([PNG, Buffer.alloc(300 * 1024)]),
    );
    expect(large.status).toBe(413);
    expect((await rowOf(ws.manager.id)).avatarUrl).toBe(url);

    // A new picture replaces the old file; removing it leaves no file behind.
    const next = await putAvatar(server.url, tokens.manager!, 'image/png', PNG);
    expect(next.body.avatarUrl).not.toBe(url);
    expect((await fetch(server.url + url)).status).toBe(404);
    const removed = await call('manager')('DELETE', '/api/me/avatar');
    expect(removed.body).toMatchObject({ avatarUrl: null });
    expect((await fetch(server.url + (next.body.avatarUrl as string))).status).toBe(404);
    expect((await fetch(`${server.url}/avatars/..%2F..%2Fetc.png`)).status).toBe(404);
  });

  it('gives the queue nobody who is outside their own working hours', async () => {
    // Two agents online with room; one is off all of today in their own zone.
    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    await store.db
      .update(member)
      .set({ available: true, acceptsAutoAssign: true, capacity: 10 })
      .where(eq(member.workspaceId, ws.workspaceId));
    await store.db.update(member).set({ available: false }).where(eq(member.role, 'owner'));
    for (const who of ['owner', 'admin', 'manager'] as const)
      await store.db.update(member).set({ available: false }).where(eq(member.id, ws[who].id));
    await call('agentA')('PATCH', '/api/me/profile', {
      workingHours: {
        timeZone: 'UTC',
        weekly: { '0': [{ start: '00:00', end: '24:00' }] },
        holidays: [today],
      },
    });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { conversation: c } = await ingestInbound(store.db, server.deps, ws.workspaceId, {
        shopId: ws.shopId,
        channel: 'marketplace',
        customerHandle: `hours-${i}`,
        customerName: `Hours ${i}`,
        externalId: newId('ext'),
        body: 'Hello',
      });
      ids.push(c.id);
    }
    await server.assignment.settled();
    const rows = await Promise.all(
      ids.map(async (id) => (await store.db.select().from(conversation).where(eq(conversation.id, id)))[0]!),
    );
    expect(rows.map((r) => r.assigneeId)).toEqual([ws.agentB.id, ws.agentB.id, ws.agentB.id]);
    // The transfer dialog's team list says who is outside their hours.
    const team = (await call('manager')('GET', '/api/members')).body!.members as {
      id: string;
      outsideHours: boolean;
    }[];
    expect(team.find((m) => m.id === ws.agentA.id)!.outsideHours).toBe(true);
    expect(team.find((m) => m.id === ws.agentB.id)!.outsideHours).toBe(false);
    await call('agentA')('PATCH', '/api/me/profile', { workingHours: null });
    await store.db.update(member).set({ available: false }).where(eq(member.workspaceId, ws.workspaceId));
  });

  /** A member of their own for the password tests, so a changed password or a spent limit touches nobody else. */
  async function newAgent(name: string) {
    const agent = { id: newId('mb'), email: `${name}-${newId('x').slice(-8)}@example.test`.toLowerCase() };
    await store.db.insert(member).values({
      ...agent,
      workspaceId: ws.workspaceId,
      nickname: name,
      role: 'agent',
      passwordHash: await hashPassword(PASSWORD),
    });
    return agent;
  }
  const signInStatus = async (email: string, password: string) =>
    (
      await fetch(`${server.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      })
    ).status;
  const NEW_PASSWORD = 'a brand new passphrase';

  it('changes a member’s own password, ends their other sessions and sockets, and keeps this one', async () => {
    const agent = await newAgent('mover');
    const here = (await signInOver(server.url, agent.email, PASSWORD)).token;
    const elsewhere = (await signInOver(server.url, agent.email, PASSWORD)).token;
    const hereSocket = await connectMember(server.url, here);
    const elsewhereSocket = await connectMember(server.url, elsewhere);
    sockets.push(hereSocket, elsewhereSocket);
    // A teammate's session is not theirs to end.
    const teammateSocket = await connectMember(server.url, tokens.agentA!);
    sockets.push(teammateSocket);
    const ended = new Promise<{ reason: string; disconnect: string }>((resolve) => {
      let reason = '';
      elsewhereSocket.on('session:ended', (notice) => (reason = notice.reason));
      elsewhereSocket.once('disconnect', (why) => resolve({ reason, disconnect: why }));
    });
    let hereEnded = false;
    hereSocket.on('session:ended', () => (hereEnded = true));

    const answer = await api(server.url, here)('POST', '/api/me/password', {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(answer).toEqual({ status: 200, body: { otherSessionsEnded: 1 } });
    expect(await ended).toEqual({ reason: 'password_changed', disconnect: 'io server disconnect' });

    expect(await signInStatus(agent.email, PASSWORD)).toBe(401);
    expect(await signInStatus(agent.email, NEW_PASSWORD)).toBe(200);
    expect((await api(server.url, elsewhere)('GET', '/api/me/profile')).status).toBe(401);
    expect((await api(server.url, here)('GET', '/api/me/profile')).status).toBe(200);
    // This session's socket is still connected and answered: a heartbeat's round trip proves it.
    await hereSocket.timeout(5_000).emitWithAck('heartbeat', { openWindows: 1 });
    expect(hereSocket.connected).toBe(true);
    expect(hereEnded).toBe(false);
    expect(teammateSocket.connected).toBe(true);
    expect((await call('agentA')('GET', '/api/me/profile')).status).toBe(200);
    // The new password stays the one to prove; the old one is now wrong here too.
    const again = await api(server.url, here)('POST', '/api/me/password', {
      currentPassword: PASSWORD,
      newPassword: 'yet another passphrase',
    });
    expect(again.body).toMatchObject({ field: 'body.currentPassword' });
  });

  it('refuses a wrong current password or a weak new one, naming the field, and changes nothing', async () => {
    const agent = await newAgent('careful');
    const here = (await signInOver(server.url, agent.email, PASSWORD)).token;
    const elsewhere = (await signInOver(server.url, agent.email, PASSWORD)).token;
    const before = await rowOf(agent.id);
    const cases: [unknown, string, number][] = [
      [{ currentPassword: 'not my password', newPassword: NEW_PASSWORD }, 'body.currentPassword', 400],
      [{ currentPassword: '', newPassword: NEW_PASSWORD }, 'body.currentPassword', 400],
      [{ currentPassword: PASSWORD, newPassword: 'short' }, 'body.newPassword', 400],
      [{ currentPassword: PASSWORD, newPassword: 'password123' }, 'body.newPassword', 400],
      [{ currentPassword: PASSWORD, newPassword: agent.email }, 'body.newPassword', 400],
      [{ currentPassword: PASSWORD, newPassword: PASSWORD }, 'body.newPassword', 400],
      [{ currentPassword: PASSWORD, newPassword: 'x'.repeat(201) }, 'body.newPassword', 400],
      [{ currentPassword: PASSWORD }, 'body.newPassword', 400],
    ];
    for (const [body, field, status] of cases) {
      const answer = await api(server.url, here)('POST', '/api/me/password', body);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(answer.body!.field, JSON.stringify(body)).toBe(field);
      expect(String(answer.body!.message), JSON.stringify(body)).toContain(field);
    }
    expect(
      (
        await api(server.url)('POST', '/api/me/password', {
          currentPassword: PASSWORD,
          newPassword: NEW_PASSWORD,
        })
      ).status,
    ).toBe(401);
    expect(await rowOf(agent.id)).toEqual(before);
    expect((await api(server.url, elsewhere)('GET', '/api/me/profile')).status).toBe(200);
    expect(await signInStatus(agent.email, PASSWORD)).toBe(200);
  });

  it('counts wrong current passwords against the sign-in limit, so the route cannot be used to guess', async () => {
    const agent = await newAgent('guessed');
    const stolen = (await signInOver(server.url, agent.email, PASSWORD)).token;
    const guess = (password: string) =>
      fetch(`${server.url}/api/me/password`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stolen}`, 'content-type': 'application/json' },
        body: JSON.stringify({ currentPassword: password, newPassword: NEW_PASSWORD }),
      });
    for (let i = 0; i < SIGN_IN_PER_ACCOUNT.max; i++)
      expect((await guess(`guess number ${i}`)).status).toBe(400);
    // Past the limit even the right password is refused, here and at sign-in, until the window ends.
    const refused = await guess(PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await signInStatus(agent.email, PASSWORD)).toBe(429);
    expect(await verifyPassword(PASSWORD, (await rowOf(agent.id)).passwordHash)).toBe(true);
    expect((await api(server.url, stolen)('GET', '/api/me/profile')).status).toBe(200);
  });
});

describe.each(storeKinds)('the notification email digest on %s', (kind) => {
  let store: Store;
  let server: SidedeskServer;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  let now = new Date();
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    smtp = await startSmtp();
    store = await openTestStore(kind);
    server = await startTestServer(
      store,
      { SMTP_URL: smtp.url, PUBLIC_URL: 'https://desk.example.test' },
      {
        clock: { now: () => now },
      },
    );
    ws = await createWorkspace(store.db);
    for (const who of ['manager', 'agentA', 'agentB'] as const)
      tokens[who] = (await signInOver(server.url, ws[who].email, PASSWORD)).token;
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
    await smtp?.close();
  });

  const arrive = async (handle: string, body: string) => {
    const { conversation: c } = await ingestInbound(store.db, server.deps, ws.workspaceId, {
      shopId: ws.shopId,
      channel: 'marketplace',
      customerHandle: handle,
      customerName: `Customer ${handle}`,
      externalId: newId('ext'),
      body,
    });
    await server.assignment.settled();
    return c.id;
  };

  it('mails a member one email per period listing what happened, in their language', async () => {
    const agentA = api(server.url, tokens.agentA);
    const profile = await agentA('GET', '/api/me/profile');
    expect(profile.body).toMatchObject({ emailAvailable: true });
    await agentA('PATCH', '/api/me/profile', { language: 'it', nickname: 'Anna' });
    const chosen: NotificationSettings = {
      ...DEFAULT_NOTIFICATION_SETTINGS,
      events: {
        ...DEFAULT_NOTIFICATION_SETTINGS.events,
        assigned: { system: true, sound: true, email: true },
        customerMessage: { system: true, sound: true, email: true },
      },
      emailEveryMinutes: 10,
    };
    expect((await agentA('PUT', '/api/me/notifications', chosen)).status).toBe(200);
    // Bruno wants nothing by email and gets nothing.
    // Two things happen to Anna within one period: a chat handed to her, and the customer writes again.
    const id = await arrive('rossi', 'Dov’è il mio ordine?');
    expect(
      (
        await api(server.url, tokens.manager)('POST', `/api/conversations/${id}/assign`, {
          assigneeId: ws.agentA.id,
        })
      ).status,
    ).toBe(200);
    await arrive('rossi', 'È urgente, grazie');
    now = new Date();
    expect(await server.digest.runOnce()).toBe(0);
    expect(smtp.mails).toHaveLength(0);
    // What was collected is stored, so a restart would still mail it.
    expect(
      await store.db.select().from(memberNotice).where(eq(memberNotice.memberId, ws.agentA.id)),
    ).toHaveLength(2);

    now = new Date(Date.now() + 11 * 60_000);
    // The server's own timer may be the one that sends it; either way one email goes out.
    await server.digest.runOnce();
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.to).toBe(ws.agentA.email);
    expect(mail.subject).toBe('Sidedesk: 2 novità nelle tue chat');
    expect(mail.text).toContain('Ciao Anna');
    expect(mail.text).toContain('Ti è stata assegnata una chat con Customer rossi');
    expect(mail.text).toContain('Nuovo messaggio da Customer rossi');
    expect(mail.text).toContain('È urgente, grazie');
    expect(mail.text).toContain('https://desk.example.test');
    // Nothing is mailed twice.
    expect(await server.digest.runOnce()).toBe(0);
    expect(smtp.mails).toHaveLength(1);

    // The next period starts with the next event, and an English member gets English.
    await agentA('PATCH', '/api/me/profile', { language: 'en' });
    await arrive('rossi', 'Any news?');
    now = new Date();
    expect(await server.digest.runOnce()).toBe(0);
    // A restart in between loses nothing; two instances sending at once send one email.
    await server.close();
    server = await startTestServer(
      store,
      { SMTP_URL: smtp.url, PUBLIC_URL: 'https://desk.example.test' },
      { clock: { now: () => now } },
    );
    const second = new NotificationDigest(store.db, server.mailer, {
      clock: { now: () => now },
      publicUrl: 'https://desk.example.test',
      log: server.app.log,
    });
    now = new Date(Date.now() + 11 * 60_000);
    const sent = await Promise.all([server.digest.runOnce(), second.runOnce()]);
    expect(sent[0] + sent[1]).toBeLessThanOrEqual(1);
    expect(smtp.mails).toHaveLength(2);
    expect(smtp.mails[1]!.subject).toBe('Sidedesk: 1 update in your chats');
    expect(smtp.mails[1]!.text).toContain('New message from Customer rossi');
    expect(smtp.mails.every((m) => m.to === ws.agentA.email)).toBe(true);
  });

  it('mails the clock’s notices to the assignee, or to managers when nobody has the chat', async () => {
    tokens.manager = (await signInOver(server.url, ws.manager.email, PASSWORD)).token;
    tokens.agentB = (await signInOver(server.url, ws.agentB.email, PASSWORD)).token;
    const wants = (events: Partial<NotificationSettings['events']>): NotificationSettings => ({
      ...DEFAULT_NOTIFICATION_SETTINGS,
      events: { ...DEFAULT_NOTIFICATION_SETTINGS.events, ...events },
      emailEveryMinutes: 5,
    });
    const on = { system: true, sound: false, email: true };
    await api(server.url, tokens.manager)(
      'PUT',
      '/api/me/notifications',
      wants({ sla: on, snoozeEnded: on }),
    );
    await api(server.url, tokens.agentB)('PUT', '/api/me/notifications', wants({ sla: on }));
    const before = smtp.mails.length;
    const id = await arrive('bianchi', 'Hello?');
    const dueAt = new Date().toISOString();
    const notice = (step: 'due_soon' | 'overdue' | 'snooze_ended', assigneeId: string | null) => ({
      type: 'conversation.sla' as const,
      conversationId: id,
      assigneeId,
      customerName: 'Customer bianchi',
      step,
      dueAt,
    });
    await store.db.transaction(async (tx) => {
      await appendEvents(tx, ws.workspaceId, [notice('due_soon', null)], null);
      await appendEvents(tx, ws.workspaceId, [notice('overdue', ws.agentB.id)], ws.agentB.id);
      await appendEvents(tx, ws.workspaceId, [notice('snooze_ended', ws.agentB.id)], ws.agentB.id);
    });
    now = new Date(Date.now() + 6 * 60_000);
    await server.digest.runOnce();
    const mails = smtp.mails.slice(before);
    const to = (email: string) => mails.filter((m) => m.to === email);
    expect(mails).toHaveLength(2);
    expect(to(ws.manager.email)[0]!.text).toContain('The reply to Customer bianchi is due soon');
    expect(to(ws.manager.email)[0]!.text).not.toContain('overdue');
    expect(to(ws.agentB.email)[0]!.text).toContain('The reply to Customer bianchi is overdue');
    expect(to(ws.agentB.email)[0]!.text).not.toContain('back from snooze');
  });

  it('keeps what a failed send could not mail for the next try, and tells nothing of a blocked customer', async () => {
    tokens.agentA = (await signInOver(server.url, ws.agentA.email, PASSWORD)).token;
    const on = { system: true, sound: true, email: true };
    await api(server.url, tokens.agentA)('PUT', '/api/me/notifications', {
      ...DEFAULT_NOTIFICATION_SETTINGS,
      events: { ...DEFAULT_NOTIFICATION_SETTINGS.events, customerMessage: on },
      emailEveryMinutes: 5,
    });
    const before = smtp.mails.length;
    const id = await arrive('neri', 'First question');
    await api(server.url, tokens.manager)('POST', `/api/conversations/${id}/assign`, {
      assigneeId: ws.agentA.id,
    });
    await arrive('neri', 'Second question');
    // A mail server that does not answer: nothing is marked as mailed.
    const unreachable = new NotificationDigest(
      store.db,
      createMailer('smtp://127.0.0.1:9', 'x@example.test'),
      {
        clock: { now: () => now },
        publicUrl: 'https://desk.example.test',
        log: server.app.log,
      },
    );
    now = new Date(Date.now() + 6 * 60_000);
    expect(await unreachable.runOnce()).toBe(0);
    await server.digest.runOnce();
    expect(smtp.mails.slice(before).map((m) => m.text)).toEqual([expect.stringContaining('Second question')]);

    // The customer is blocked: what they write is kept, and nobody is told.
    const [row] = await store.db.select().from(conversation).where(eq(conversation.id, id));
    await store.db.update(customer).set({ blocked: true }).where(eq(customer.id, row!.customerId));
    await arrive('neri', 'Third question');
    now = new Date(Date.now() + 60 * 60_000);
    await server.digest.runOnce();
    expect(smtp.mails.slice(before)).toHaveLength(1);
  });

  it('mails nothing for events a member did not choose by email', async () => {
    const before = smtp.mails.length;
    tokens.agentA = (await signInOver(server.url, ws.agentA.email, PASSWORD)).token;
    await api(server.url, tokens.agentA)('PUT', '/api/me/notifications', DEFAULT_NOTIFICATION_SETTINGS);
    await arrive('verdi', 'Hello');
    now = new Date(Date.now() + 60 * 60_000);
    expect(await server.digest.runOnce()).toBe(0);
    expect(smtp.mails).toHaveLength(before);
  });
});
