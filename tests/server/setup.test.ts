import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { session } from '../../lib/protocol';
import type { SidedeskServer } from '../../server/app';
import { createWorkspaceLink, linkForThisStart } from '../../server/setup/links';
import { openStore, type Store } from '../../server/store';
import { attemptCounter, member, memberShop, setupToken, shop, workspace } from '../../server/store/schema';
import { api, startTestServer } from '../fixtures/server';
import { openTestStore, storeKinds, warnIfPostgresSkipped } from '../fixtures/stores';
import { createWorkspace, PASSWORD } from '../fixtures/workspace';

warnIfPostgresSkipped();

const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;

const goodBody = (token: string, email = 'giulia@bottega.example') => ({
  token,
  workspace: { name: 'Bottega Rossi' },
  owner: { nickname: 'Giulia', email, password: 'lanterna verde 42' },
  shop: {
    name: 'Bottega Rossi IT',
    marketplace: 'tiktok_shop',
    country: 'IT',
    currency: 'EUR',
    timeZone: 'Europe/Rome',
  },
});

/** A clock the test moves by hand, for the attempt windows. */
function movableClock() {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms: number) => (offset += ms) };
}

describe.each(storeKinds)('first-run setup on %s', (kind) => {
  let store: Store;
  let server: SidedeskServer;
  const clock = movableClock();

  beforeAll(async () => {
    store = await openTestStore(kind);
    // Behind a proxy in these tests, so each test's X-Forwarded-For is an address of its own.
    server = await startTestServer(store, { TRUST_PROXY: 'true' }, { clock });
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
  });

  const rows = async () => ({
    workspaces: (await store.db.select({ n: count() }).from(workspace))[0]!.n,
    members: (await store.db.select({ n: count() }).from(member))[0]!.n,
    shops: (await store.db.select({ n: count() }).from(shop))[0]!.n,
  });
  let address = 0;
  /** Calls from an address of their own, so one test's failed attempts never limit another's. */
  const from = (ip = `198.51.100.${++address}`) => {
    const call = async (method: string, route: string, body?: unknown) => {
      const response = await fetch(server.url + route, {
        method,
        headers: {
          'x-forwarded-for': ip,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
      };
    };
    return call;
  };

  it('creates nothing without a link, and says the server has no workspace', async () => {
    const call = from();
    expect((await call('GET', '/api/setup')).body).toEqual({ hasWorkspace: false });
    const missing = await call('POST', '/api/setup', { ...goodBody('x'), token: undefined });
    expect(missing.status).toBe(400);
    expect(missing.body?.field).toBe('body.token');
    const unknown = await call('POST', '/api/setup', goodBody('A'.repeat(43)));
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: 'setup_link_unknown', field: 'body.token' });
    expect((await call('GET', `/api/setup/${'A'.repeat(43)}`)).body).toEqual({
      state: 'unknown',
      expiresAt: null,
    });
    expect(await rows()).toEqual({ workspaces: 0, members: 0, shops: 0 });
  });

  it('refuses every bad field with a 400 that names it, and writes nothing', async () => {
    const link = await linkForThisStart(store.db, server.config.publicUrl);
    const token = tokenOf(link!.url);
    const good = goodBody(token);
    const cases: [string, (b: ReturnType<typeof goodBody>) => void, RegExp?][] = [
      ['body.workspace.name', (b) => (b.workspace.name = '   ')],
      ['body.workspace.name', (b) => (b.workspace.name = 'x'.repeat(81))],
      ['body.owner.nickname', (b) => (b.owner.nickname = '')],
      ['body.owner.email', (b) => (b.owner.email = 'giulia')],
      ['body.owner.password', (b) => (b.owner.password = 'short'), /at least 10/],
      ['body.owner.password', (b) => (b.owner.password = 'password123'), /pick most/],
      ['body.owner.password', (b) => (b.owner.password = 'giulia@bottega.example'), /email or nickname/],
      ['body.shop.name', (b) => (b.shop.name = '')],
      ['body.shop.marketplace', (b) => (b.shop.marketplace = 'ebay')],
      ['body.shop.country', (b) => (b.shop.country = 'QQ'), /country/],
      ['body.shop.currency', (b) => (b.shop.currency = 'EUX'), /currency/],
      ['body.shop.timeZone', (b) => (b.shop.timeZone = 'Mars/Olympus'), /IANA/],
      ['body.shop.timeZone', (b) => (b.shop.timeZone = '+01:00'), /IANA/],
      ['body.token', (b) => (b.token = 'not a token!')],
    ];
    const call = from();
    for (const [field, spoil, words] of cases) {
      const body = structuredClone(good);
      spoil(body);
      const answer = await call('POST', '/api/setup', body);
      expect(answer.status, field).toBe(400);
      expect(answer.body?.field, JSON.stringify(answer.body)).toBe(field);
      expect(answer.body?.message).toMatch(new RegExp(`^${field.replaceAll('.', '\\.')}: `));
      if (words) expect(answer.body?.message).toMatch(words);
    }
    expect(await rows()).toEqual({ workspaces: 0, members: 0, shops: 0 });
    expect((await call('GET', `/api/setup/${token}`)).body?.state).toBe('usable');
  });

  it('revokes the link of an earlier start, sets up with the latest, signs the owner in, and only once', async () => {
    const first = tokenOf((await linkForThisStart(store.db, server.config.publicUrl))!.url);
    const latest = tokenOf((await linkForThisStart(store.db, server.config.publicUrl))!.url);
    const call = from();
    expect((await call('GET', `/api/setup/${first}`)).body?.state).toBe('replaced');
    const replaced = await call('POST', '/api/setup', goodBody(first));
    expect(replaced.status).toBe(409);
    expect(replaced.body).toMatchObject({ error: 'setup_link_replaced', field: 'body.token' });

    const done = await call('POST', '/api/setup', {
      ...goodBody(latest),
      shop: { ...goodBody(latest).shop, country: 'it', currency: 'eur' },
    });
    expect(done.status).toBe(201);
    const signedIn = session.parse(done.body);
    expect(signedIn.member).toMatchObject({
      role: 'owner',
      nickname: 'Giulia',
      email: 'giulia@bottega.example',
    });
    expect(signedIn.workspace.name).toBe('Bottega Rossi');
    expect(signedIn.shops).toEqual([
      expect.objectContaining({
        name: 'Bottega Rossi IT',
        marketplace: 'tiktok_shop',
        country: 'IT',
        currency: 'EUR',
        timeZone: 'Europe/Rome',
      }),
    ]);
    // The answer is a session: the owner is signed in, and serves the first shop.
    const me = await api(server.url, signedIn.token)('GET', '/api/me');
    expect(me.status).toBe(200);
    expect((await store.db.select().from(memberShop)).map((r) => r.shopId)).toEqual([signedIn.shops[0]!.id]);
    // The owner's password works for a sign-in too.
    expect(
      (
        await call('POST', '/api/auth/sign-in', {
          email: 'giulia@bottega.example',
          password: 'lanterna verde 42',
        })
      ).status,
    ).toBe(200);

    const again = await call('POST', '/api/setup', goodBody(latest, 'other@bottega.example'));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 'setup_link_used', field: 'body.token' });
    expect((await call('GET', `/api/setup/${latest}`)).body?.state).toBe('used');
    expect((await call('GET', '/api/setup')).body).toEqual({ hasWorkspace: true });
    expect(await rows()).toEqual({ workspaces: 1, members: 1, shops: 1 });
    // Once there is a workspace, a start prints no link.
    expect(await linkForThisStart(store.db, server.config.publicUrl)).toBeNull();
  });

  it('sets up one more workspace from an admin link, kept apart from the first', async () => {
    const call = from();
    const token = tokenOf((await createWorkspaceLink(store.db, server.config.publicUrl)).url);
    const taken = await call('POST', '/api/setup', goodBody(token, 'GIULIA@bottega.example'));
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ error: 'email_taken', field: 'body.owner.email' });
    const before = await rows();
    const done = await call('POST', '/api/setup', {
      ...goodBody(token, 'marco@negozio.example'),
      workspace: { name: 'Negozio Bianchi' },
      shop: {
        name: 'Bianchi UK',
        marketplace: 'amazon',
        country: 'GB',
        currency: 'GBP',
        timeZone: 'Europe/London',
      },
    });
    expect(done.status).toBe(201);
    const second = session.parse(done.body);
    expect(await rows()).toEqual({
      workspaces: before.workspaces + 1,
      members: before.members + 1,
      shops: before.shops + 1,
    });
    // Its owner sees only their own workspace and shop.
    const me = await api(server.url, second.token)('GET', '/api/me');
    expect(me.body).toMatchObject({ workspace: { name: 'Negozio Bianchi' } });
    expect((me.body?.shops as { name: string }[]).map((s) => s.name)).toEqual(['Bianchi UK']);
  });

  it('limits failed sign-ins per account: the right password waits too, until the window passes', async () => {
    const ws = await createWorkspace(store.db, 'Limits');
    const call = from();
    const wrong = { email: ws.agentA.email, password: 'not the password' };
    const answers = await Promise.all(
      Array.from({ length: 14 }, () => call('POST', '/api/auth/sign-in', wrong)),
    );
    expect(answers.filter((a) => a.status === 401)).toHaveLength(10);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(4);
    const right = await call('POST', '/api/auth/sign-in', { email: ws.agentA.email, password: PASSWORD });
    expect(right.status).toBe(429);
    expect(right.body).toMatchObject({ error: 'too_many_attempts' });
    expect(right.body?.message).toMatch(/Too many sign-in attempts; try again in \d+ (minute|second)s?/);
    const wait = Number(right.retryAfter);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(15 * 60);
    // From another address, the same account waits as well; another account of the same address does not.
    expect(
      (await from()('POST', '/api/auth/sign-in', { email: ws.agentA.email, password: PASSWORD })).status,
    ).toBe(429);
    expect(
      (await call('POST', '/api/auth/sign-in', { email: ws.agentB.email, password: PASSWORD })).status,
    ).toBe(200);
    clock.advance(wait * 1000);
    expect(
      (await call('POST', '/api/auth/sign-in', { email: ws.agentA.email, password: PASSWORD })).status,
    ).toBe(200);
  });

  it('does not count right passwords, so a member signing in often is never limited', async () => {
    const ws = await createWorkspace(store.db, 'Often');
    const call = from();
    for (let i = 0; i < 12; i++)
      expect(
        (await call('POST', '/api/auth/sign-in', { email: ws.manager.email, password: PASSWORD })).status,
      ).toBe(200);
  });

  it('limits failed sign-ins per address, across accounts, and setup links tried from one address', async () => {
    const ws = await createWorkspace(store.db, 'Spray');
    const call = from();
    const emails = Array.from({ length: 50 }, (_, i) => `nobody-${i}@spray.example`);
    for (let i = 0; i < 50; i += 10)
      await Promise.all(
        emails
          .slice(i, i + 10)
          .map(async (email) =>
            expect(
              (await call('POST', '/api/auth/sign-in', { email, password: 'guess guess guess' })).status,
            ).toBe(401),
          ),
      );
    const limited = await call('POST', '/api/auth/sign-in', { email: ws.owner.email, password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    expect(
      (await from()('POST', '/api/auth/sign-in', { email: ws.owner.email, password: PASSWORD })).status,
    ).toBe(200);

    const guesser = from();
    for (let i = 0; i < 20; i++)
      expect((await guesser('GET', `/api/setup/${'B'.repeat(40)}${i}`)).status).toBe(200);
    const setupLimited = await guesser('POST', '/api/setup', goodBody('C'.repeat(43)));
    expect(setupLimited.status).toBe(429);
    expect(setupLimited.body?.message).toMatch(/Too many setup attempts/);
    expect(Number(setupLimited.retryAfter)).toBeGreaterThan(0);
  });
});

describe.skipIf(!process.env.REDIS_URL)('sign-in limits across instances sharing Redis', () => {
  let store: Store;
  let a: SidedeskServer;
  let b: SidedeskServer;

  beforeAll(async () => {
    store = await openTestStore('pglite');
    a = await startTestServer(store, { REDIS_URL: process.env.REDIS_URL! });
    b = await startTestServer(store, { REDIS_URL: process.env.REDIS_URL! });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await store?.close();
  });

  it('counts the failures on one instance against the account on the other', async () => {
    const ws = await createWorkspace(store.db, 'Cluster');
    for (let i = 0; i < 10; i++)
      expect(
        (await api(a.url)('POST', '/api/auth/sign-in', { email: ws.agentB.email, password: 'wrong wrong' }))
          .status,
      ).toBe(401);
    const other = await api(b.url)('POST', '/api/auth/sign-in', {
      email: ws.agentB.email,
      password: PASSWORD,
    });
    expect(other.status).toBe(429);
    // The counts were kept in Redis, not in the store.
    expect(await store.db.select().from(attemptCounter)).toEqual([]);
  });
});

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

/** `npm run admin -- …` as a person types it, against the data folder given; exit code and output. */
async function admin(dataDir: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', PUBLIC_URL: 'https://desk.example.com' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the admin command', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sidedesk-admin-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists its commands, and refuses what it does not understand with exit code 2', async () => {
    const help = await admin(dataDir, '--help');
    expect(help.code).toBe(0);
    for (const command of ['create-workspace', 'reset-password EMAIL', 'list-workspaces'])
      expect(help.stdout).toContain(command);
    // The help says where a member chooses their own password afterwards.
    expect(help.stdout).toContain('options page: Account, Password');
    const unknown = await admin(dataDir, 'frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
    const badEmail = await admin(dataDir, 'reset-password', 'not-an-email');
    expect(badEmail.code).toBe(2);
    expect(badEmail.stderr).toContain('"not-an-email" is not an email address');
    const missing = await admin(dataDir, 'reset-password');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Usage: npm run admin -- reset-password EMAIL');
  }, 60_000);

  it('prints a working workspace link, and resets a password, ending the sessions', async () => {
    const created = await admin(dataDir, 'create-workspace');
    expect(created.code).toBe(0);
    const url = /https:\/\/desk\.example\.com\/setup\?token=(\S+)/.exec(created.stdout);
    expect(url).not.toBeNull();
    const nobody = await admin(dataDir, 'reset-password', 'nobody@example.com');
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('No member with the email nobody@example.com');

    // The server opens the same folder: the link sets the workspace up.
    let store = await openStore({ dataDir });
    let server = await startTestServer(store, { DATA_DIR: dataDir });
    const done = await api(server.url)('POST', '/api/setup', goodBody(url![1]!, 'owner@admin.example'));
    expect(done.status).toBe(201);
    const oldToken = session.parse(done.body).token;
    // While the server holds the embedded store, the command refuses to open it.
    const busy = await admin(dataDir, 'list-workspaces');
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/in use by another Sidedesk process \(pid \d+\)/);
    await server.close();
    await store.close();

    const listed = await admin(dataDir, 'list-workspaces');
    expect(listed.stdout).toContain('Bottega Rossi');
    expect(listed.stdout).toContain('owner: owner@admin.example · 1 member');
    const reset = await admin(dataDir, 'reset-password', 'OWNER@admin.example');
    expect(reset.code).toBe(0);
    const password = /^ {2}(\S{18})$/m.exec(reset.stdout)![1]!;
    expect(reset.stdout).toContain('1 session ended');
    expect(reset.stdout).toContain('options page (Account, Password)');

    store = await openStore({ dataDir });
    server = await startTestServer(store, { DATA_DIR: dataDir });
    try {
      expect((await api(server.url, oldToken)('GET', '/api/me')).status).toBe(401);
      const call = api(server.url);
      expect(
        (
          await call('POST', '/api/auth/sign-in', {
            email: 'owner@admin.example',
            password: 'lanterna verde 42',
          })
        ).status,
      ).toBe(401);
      expect(
        (await call('POST', '/api/auth/sign-in', { email: 'owner@admin.example', password })).status,
      ).toBe(200);
      expect(await store.db.select().from(setupToken)).toHaveLength(1);
    } finally {
      await server.close();
      await store.close();
    }
  }, 120_000);
});
