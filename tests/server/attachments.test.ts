import { existsSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attachment } from '../../lib/protocol';
import type { SidedeskServer } from '../../server/app';
import { newId } from '../../server/ids';
import { ingestInbound } from '../../server/inbox/ingest';
import type { Store } from '../../server/store';
import { attachment, conversation, message } from '../../server/store/schema';
import { api, signInOver, startTestServer } from '../fixtures/server';
import { openTestStore, storeKinds, warnIfPostgresSkipped } from '../fixtures/stores';
import { createWorkspace, PASSWORD } from '../fixtures/workspace';

warnIfPostgresSkipped();

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(200, 7),
]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 1)]);

describe.each(storeKinds)('files in chats on %s', (kind) => {
  let store: Store;
  let server: SidedeskServer;
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    store = await openTestStore(kind);
    server = await startTestServer(store);
    ws = await createWorkspace(store.db);
    for (const who of ['manager', 'agentA', 'agentB'] as const)
      tokens[who] = (await signInOver(server.url, ws[who].email, PASSWORD)).token;
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
  });

  const upload = async (
    who: string,
    data: Buffer,
    contentType: string,
    name: string,
    path = '/api/attachments',
  ) => {
    const response = await fetch(server.url + path, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        'content-type': contentType,
        'x-file-name': encodeURIComponent(name),
      },
      body: new Uint8Array(data),
    });
    return { status: response.status, body: (await response.json()) as Attachment & { message?: string } };
  };
  const arrive = async () => {
    const { conversation: c } = await ingestInbound(store.db, server.deps, ws.workspaceId, {
      shopId: ws.shopId,
      channel: 'marketplace',
      customerHandle: `files-${newId('h')}`,
      customerName: 'File Customer',
      externalId: newId('ext'),
      body: 'Here is the problem',
    });
    await store.db.update(conversation).set({ assigneeId: ws.agentA.id }).where(eq(conversation.id, c.id));
    return c.id;
  };

  it('stores an upload whose bytes fit its type, and serves it by its link only, as inert content', async () => {
    const { status, body } = await upload('agentA', PNG, 'image/png', 'scontrino d’acquisto.png');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      kind: 'image',
      name: 'scontrino d’acquisto.png',
      contentType: 'image/png',
      size: PNG.length,
    });
    const file = await fetch(server.url + body.url);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(PNG);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-security-policy')).toContain('sandbox');
    const wrongToken = body.url.replace(/\/[^/]+$/, '/not-the-token');
    expect((await fetch(server.url + wrongToken)).status).toBe(404);
  });

  it('refuses what is not what it claims, what is not allowed, and what is too big, storing nothing', async () => {
    const before = (await store.db.select().from(attachment)).length;
    const disguised = await upload('agentA', PNG, 'image/jpeg', 'photo.jpg');
    expect(disguised.status).toBe(400);
    expect(disguised.body.message).toContain('not image/jpeg');
    const page = await upload(
      'agentA',
      Buffer.from('<html><script>alert(1)</script>'),
      'text/plain',
      'notes.txt',
    );
    expect(page.status).toBe(400);
    const html = await upload('agentA', Buffer.from('<p>hi</p>'), 'text/html', 'page.html');
    expect(html.status).toBe(415);
    const huge = await upload(
      'agentA',
      Buffer.concat([JPEG, Buffer.alloc(10 * 1024 * 1024)]),
      'image/jpeg',
      'huge.jpg',
    );
    expect(huge.status).toBe(413);
    const unnamed = await upload('agentA', JPEG, 'image/jpeg', '');
    expect(unnamed.status).toBe(400);
    expect((await store.db.select().from(attachment)).length).toBe(before);
  });

  it('sends a file as a reply once, with its thumbnail, and only by the member who uploaded it', async () => {
    const id = await arrive();
    const { body: file } = await upload('agentA', JPEG, 'image/jpeg', 'label.jpg');
    const thumbnail = await fetch(`${server.url}/api/attachments/${file.id}/thumbnail`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.agentA}`, 'content-type': 'image/jpeg' },
      body: new Uint8Array(JPEG),
    });
    expect(thumbnail.status).toBe(200);
    const withThumbnail = (await thumbnail.json()) as Attachment;
    expect(withThumbnail.thumbnailUrl).toMatch(/\/thumbnail$/);
    expect((await fetch(server.url + withThumbnail.thumbnailUrl!)).status).toBe(200);

    const stolen = await api(server.url, tokens.manager)('POST', `/api/conversations/${id}/replies`, {
      clientId: newId('client'),
      body: '',
      attachmentId: file.id,
    });
    expect(stolen.status).toBe(404);
    const sent = await api(server.url, tokens.agentA)('POST', `/api/conversations/${id}/replies`, {
      clientId: newId('client'),
      body: '',
      attachmentId: file.id,
    });
    expect(sent.status).toBe(200);
    expect(sent.body?.message).toMatchObject({
      kind: 'image',
      payload: { attachment: { id: file.id, name: 'label.jpg' } },
    });
    const [row] = await store.db.select().from(conversation).where(eq(conversation.id, id));
    expect(row?.lastMessagePreview).toBe('📎 label.jpg');
    const again = await api(server.url, tokens.agentA)('POST', `/api/conversations/${id}/replies`, {
      clientId: newId('client'),
      body: 'again',
      attachmentId: file.id,
    });
    expect(again.status).toBe(409);
    const empty = await api(server.url, tokens.agentA)('POST', `/api/conversations/${id}/replies`, {
      clientId: newId('client'),
      body: '  ',
    });
    expect(empty.status).toBe(400);
  });

  it('deletes the files of a conversation deleted for good', async () => {
    const id = await arrive();
    const { body: file } = await upload('agentA', PNG, 'image/png', 'gone.png');
    await api(server.url, tokens.agentA)('POST', `/api/conversations/${id}/replies`, {
      clientId: newId('client'),
      body: 'see picture',
      attachmentId: file.id,
    });
    const [stored] = await store.db.select().from(attachment).where(eq(attachment.id, file.id));
    const onDisk = `${server.config.dataDir}/uploads/${stored!.storageKey}`;
    expect(existsSync(onDisk)).toBe(true);
    expect((await api(server.url, tokens.manager)('POST', `/api/conversations/${id}/trash`)).status).toBe(
      200,
    );
    expect((await api(server.url, tokens.manager)('DELETE', `/api/conversations/${id}`)).status).toBe(200);
    expect(existsSync(onDisk)).toBe(false);
    expect((await fetch(server.url + file.url)).status).toBe(404);
    expect(await store.db.select().from(attachment).where(eq(attachment.id, file.id))).toEqual([]);
    expect(await store.db.select().from(message).where(eq(message.conversationId, id))).toEqual([]);
  });
});
