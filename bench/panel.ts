// The side panel under a big cache: 10,000 conversations and 100,000 messages in the extension's Dexie
// database, in the real built extension in headless Chromium, signed in as the demo manager. Measures a cold
// open of the panel, opening a 500-message conversation, a customer's message becoming visible in an open
// chat, and the gzip size of the JavaScript the panel loads. Every time is taken inside the page. Then, on
// pages of their own and not counted, it shows where each step's time goes: page-side marks (IndexedDB
// requests, React commits, long tasks, the background's requests), a Chrome trace and a CPU profile.
// BENCH_CONVERSATIONS and BENCH_MESSAGES change the cache's size; BENCH_DIAGNOSE=off skips the diagnosis.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from '@playwright/test';
import { conversation as conversationSchema, message as messageSchema } from '../lib/protocol/entities';
import type { Conversation, Message, Session, SyncPage } from '../lib/protocol';
import { DEMO_SIGN_INS } from '../server/demo/seed';
import { ServerProcess } from '../tests/e2e/fixtures';
import type { BenchOutcome } from './run';
import { build, freePort, launchWithExtension } from './extension';

const BIG_ID = 'cv_bench_0';
const BIG_MESSAGES = 500;
const BIG_LAST_TEXT = 'The last message of the long conversation';
const GOALS = {
  cold_open_ms: 200,
  open_conversation_ms: 50,
  incoming_visible_ms: 100,
  sidepanel_js_gzip_kb: 250,
};

interface Runs {
  runs: number[];
}

export async function run({ quick }: { quick: boolean }): Promise<BenchOutcome> {
  const conversations = Number(process.env.BENCH_CONVERSATIONS ?? (quick ? 1_000 : 10_000));
  const messages = Number(process.env.BENCH_MESSAGES ?? (quick ? 10_000 : 100_000));
  const opens = quick ? 3 : 9;
  const incoming = quick ? 5 : 15;

  // A build of its own, so an e2e run's `wxt build` cannot pull files from under the browser (nor this one
  // from under an e2e run's).
  const buildDir = mkdtempSync(path.join(tmpdir(), 'sidedesk-bench-extension-'));
  build(buildDir);
  const extensionDir = path.join(buildDir, 'chrome-mv3');
  const js = sidepanelScripts(extensionDir);
  console.log(
    `panel: sidepanel.html loads ${js.files.length} JS files, ${(js.raw / 1024).toFixed(1)} KB, ` +
      `${js.gzipKb.toFixed(1)} KB gzipped (${js.files.map((f) => path.basename(f)).join(', ')})`,
  );

  const dataDir = mkdtempSync(path.join(tmpdir(), 'sidedesk-bench-panel-'));
  const server = new ServerProcess(await freePort(), dataDir);
  await server.start();
  let context: BrowserContext | null = null;
  try {
    const extension = await launchWithExtension(server, extensionDir);
    context = extension.context;
    // tsx (esbuild with keepNames) wraps named functions in __name(); the functions sent to pages need it.
    await context.addInitScript(NAME_SHIM);
    const panelUrl = `chrome-extension://${extension.extensionId}/sidepanel.html`;
    const api = await managerApi(server.url);

    const panel = await extension.openSidePanel();
    await waitForCatchUp(panel, api);
    const seeded = await seedCache(panel, api.session.member.id, conversations, messages);
    console.log(
      `panel: cache seeded in ${(seeded.ms / 1000).toFixed(1)} s: ${seeded.counts.conversations} conversations, ` +
        `${seeded.counts.messages} messages, ${seeded.counts.readMarks} read marks ` +
        `(${seeded.mine} assigned to the manager and open)`,
    );
    await panel.close();

    // The machine is shared: its load average, beside the figures, says how quiet the runs were.
    const load = () =>
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')}`;
    console.log(`panel: measuring; ${load()}`);
    const cold = await coldOpens(context, panelUrl, opens);
    console.log(`panel: cold open ${fmt(cold.runs)}; the "Assigned to me" list, ${cold.rows} rows`);

    const page = await context.newPage();
    await page.goto(panelUrl);
    await page.getByTestId('view-all').click();
    await page.locator(`[data-testid="conversation-item"][data-conversation-id="${BIG_ID}"]`).waitFor();
    const open = await openConversation(page, opens);
    console.log(`panel: open the 500-message conversation ${fmt(open.runs)}`);
    await olderOnScroll(page);

    const visible = await incomingMessages(page, server.url, api, incoming);
    console.log(`panel: incoming message visible ${fmt(visible.runs)}`);
    console.log(`panel: measured; ${load()}`);
    await page.close();

    if (process.env.BENCH_DIAGNOSE !== 'off')
      await diagnose(context, panelUrl, extensionDir, server.url, api, visible.target);

    const figures: Record<string, number> = {
      cold_open_ms: round(median(cold.runs)),
      open_conversation_ms: round(median(open.runs)),
      incoming_visible_ms: round(median(visible.runs)),
      sidepanel_js_gzip_kb: Number(js.gzipKb.toFixed(1)),
    };
    const row = (name: keyof typeof GOALS, unit: string, runs: number[]) => [
      name,
      `≤ ${GOALS[name]} ${unit}`,
      figures[name]!,
      round(Math.min(...runs)),
      round(Math.max(...runs)),
      runs.length,
      figures[name]! <= GOALS[name] ? 'yes' : 'NO',
    ];
    return {
      figures,
      table: [
        ['figure', 'goal', 'median', 'min', 'max', 'runs', 'goal met'],
        row('cold_open_ms', 'ms', cold.runs),
        row('open_conversation_ms', 'ms', open.runs),
        row('incoming_visible_ms', 'ms', visible.runs),
        row('sidepanel_js_gzip_kb', 'KB', [figures.sidepanel_js_gzip_kb!]),
        [
          `cache: ${conversations.toLocaleString('en')} conversations, ${messages.toLocaleString('en')} messages; ` +
            `cold open shows "Assigned to me" (${cold.rows} rows)`,
          '',
          '',
          '',
          '',
          '',
          '',
        ],
      ],
    };
  } finally {
    await context?.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(buildDir, { recursive: true, force: true });
  }
}

const NAME_SHIM = 'globalThis.__name ??= (f) => f;';

/**
 * Every JS file sidepanel.html loads: its module scripts and modulepreloads, and whatever they import
 * (statically or dynamically), followed through the chunks.
 */
export function sidepanelScripts(dir: string): { files: string[]; raw: number; gzipKb: number } {
  const html = readFileSync(path.join(dir, 'sidepanel.html'), 'utf8');
  const pending: string[] = [];
  for (const tag of html.matchAll(/<(script|link)\b[^>]*>/g)) {
    const t = tag[0];
    const src =
      /\bsrc="([^"]+\.js)"/.exec(t)?.[1] ??
      (/modulepreload/.test(t) ? /\bhref="([^"]+\.js)"/.exec(t)?.[1] : undefined);
    if (src) pending.push(path.join(dir, src.replace(/^\//, '')));
  }
  const files = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"']+\.js)["']/g))
      pending.push(path.resolve(path.dirname(file), m[1]!));
  }
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  return { files: [...files].sort(), raw, gzipKb: gzip / 1024 };
}

type ManagerApi = Awaited<ReturnType<typeof managerApi>>;

/** The demo manager over HTTP, for reading the event log. */
async function managerApi(url: string) {
  const { email, password } = DEMO_SIGN_INS.find((s) => s.role === 'manager')!;
  const response = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in: HTTP ${response.status}`);
  const session = (await response.json()) as Session;
  const sync = async (after: number): Promise<SyncPage> => {
    const r = await fetch(`${url}/api/sync?after=${after}&limit=1000`, {
      headers: { authorization: `Bearer ${session.token}` },
    });
    if (!r.ok) throw new Error(`sync: HTTP ${r.status}`);
    return (await r.json()) as SyncPage;
  };
  /** Every event after `after`, every page of them. */
  const eventsAfter = async (after: number) => {
    const events: SyncPage['events'] = [];
    for (;;) {
      const page = await sync(after);
      events.push(...page.events);
      after = page.lastSeq;
      if (!page.hasMore) return { events, lastSeq: after };
    }
  };
  return { session, eventsAfter };
}

/** Opens the extension's database with the raw IndexedDB API (in the page) and counts a store. */
async function countStore(page: Page, store: string): Promise<number> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('sidedesk');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const n = await new Promise<number>((resolve, reject) => {
      const r = db.transaction(name).objectStore(name).count();
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    db.close();
    return n;
  }, store);
}

/** The background has applied the whole event log: the cache holds every conversation the server has. */
async function waitForCatchUp(page: Page, api: ManagerApi): Promise<void> {
  const ids = new Set<string>();
  for (const e of (await api.eventsAfter(0)).events)
    if (e.type === 'conversation.upserted') ids.add(e.conversation.id);
  const deadline = Date.now() + 60_000;
  while ((await countStore(page, 'conversations')) < ids.size) {
    if (Date.now() > deadline) throw new Error('the extension did not catch up with the server');
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface SeedParams {
  conversations: number;
  messages: number;
  managerId: string;
  bigId: string;
  bigMessages: number;
  bigLastText: string;
  template: { conversation: Conversation; message: Message };
  shopIds: string[];
}

/**
 * Fills the cache, in the page, with the raw IndexedDB API: `conversations` conversations (the first one,
 * the newest, with `bigMessages` messages) and `messages` messages in all. One in five is open, half are the
 * manager's (the rest unassigned); the closed ones carry the manager's read mark.
 */
async function seedCache(page: Page, managerId: string, conversations: number, messages: number) {
  const template = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('sidedesk');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const first = (store: string) =>
      new Promise<unknown>((resolve, reject) => {
        const r = db.transaction(store).objectStore(store).openCursor();
        r.onsuccess = () => resolve(r.result?.value);
        r.onerror = () => reject(r.error);
      });
    const result = { conversation: await first('conversations'), message: await first('messages') };
    db.close();
    return result;
  });
  const params: SeedParams = {
    conversations,
    messages,
    managerId,
    bigId: BIG_ID,
    bigMessages: BIG_MESSAGES,
    bigLastText: BIG_LAST_TEXT,
    template: {
      conversation: conversationSchema.parse(template.conversation),
      message: messageSchema.parse(template.message),
    },
    shopIds: [],
  };
  params.shopIds = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('sidedesk');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const all = await new Promise<{ shopId: string }[]>((resolve, reject) => {
      const r = db.transaction('conversations').objectStore('conversations').getAll();
      r.onsuccess = () => resolve(r.result as { shopId: string }[]);
      r.onerror = () => reject(r.error);
    });
    db.close();
    return [...new Set(all.map((c) => c.shopId))].sort();
  });
  const started = Date.now();
  const mine = await page.evaluate(fillCache, params);
  const ms = Date.now() - started;

  // What went in satisfies the protocol's schemas: a sample of each kind, read back.
  const sample = await page.evaluate(async (ids) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('sidedesk');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const get = (store: string, key: IDBValidKey) =>
      new Promise<unknown>((resolve, reject) => {
        const r = db.transaction(store).objectStore(store).get(key);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const out = {
      conversations: await Promise.all(ids.conversations.map((id) => get('conversations', id))),
      messages: await Promise.all(ids.messages.map((id) => get('messages', id))),
    };
    db.close();
    return out;
  }, sampleIds(conversations));
  for (const c of sample.conversations) conversationSchema.parse(c);
  for (const m of sample.messages) messageSchema.parse(m);

  const counts = {
    conversations: await countStore(page, 'conversations'),
    messages: await countStore(page, 'messages'),
    readMarks: await countStore(page, 'readMarks'),
  };
  return { ms, mine, counts };
}

function sampleIds(conversations: number) {
  const picks = [0, 1, 2, 3, 4, 5, Math.floor(conversations / 2), conversations - 1];
  return {
    conversations: picks.map((i) => `cv_bench_${i}`),
    messages: [
      `ms_bench_0_0`,
      `ms_bench_0_${BIG_MESSAGES - 1}`,
      ...picks.slice(1).flatMap((i) => [`ms_bench_${i}_0`, `ms_bench_${i}_1`]),
    ],
  };
}

/** Runs in the page: writes the seeded cache in batches, one transaction per batch. */
async function fillCache(p: SeedParams): Promise<number> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const r = indexedDB.open('sidedesk');
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const names = ['Giulia', 'Marco', 'Anna', 'Luca', 'Sofia', 'Matteo', 'Chiara', 'Davide', 'Elisa', 'Paolo'];
  const surnames = ['Rossi', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo'];
  const categories = ['pre_sale', 'in_sale', 'after_sale', 'logistics', 'other'] as const;
  const questions = [
    'Hello, is this still in stock?',
    'When will my order ship?',
    'Can I change the delivery address?',
    'The parcel arrived damaged, what can I do?',
    'Do you have it in a larger size?',
    'I would like to return one item.',
  ];
  const answers = [
    'Thanks for writing! Let me check for you.',
    'It ships within 24 hours.',
    'Of course, I have updated the address.',
    'I am sorry to hear that; a replacement is on its way.',
    'Yes, sizes up to XL are available.',
    'Sure, here is the return label.',
  ];
  const now = Date.now();
  const span = 90 * 24 * 3_600_000;
  const step = span / p.conversations;
  const rest = p.messages - p.bigMessages;
  const base = Math.floor(rest / (p.conversations - 1));
  const extra = rest % (p.conversations - 1);
  let mine = 0;
  const BATCH = 250;
  for (let from = 0; from < p.conversations; from += BATCH) {
    const tx = db.transaction(['conversations', 'messages', 'readMarks'], 'readwrite');
    const conversationStore = tx.objectStore('conversations');
    const messageStore = tx.objectStore('messages');
    const readMarkStore = tx.objectStore('readMarks');
    for (let i = from; i < Math.min(p.conversations, from + BATCH); i++) {
      const big = i === 0;
      const count = big ? p.bigMessages : base + (i - 1 < extra ? 1 : 0);
      const open = big || i % 5 === 0;
      const assigneeId = big || i % 2 === 0 ? p.managerId : null;
      if (open && assigneeId) mine++;
      const id = big ? p.bigId : `cv_bench_${i}`;
      const last = big ? now : now - 120_000 - i * step;
      // One minute between messages; the newest is the customer's in an open chat, the shop's in a closed one.
      const gap = Math.min(60_000, step / Math.max(1, count));
      let lastCustomer: string | null = null;
      let lastAgent: string | null = null;
      let firstResponse: string | null = null;
      let lastBody = '';
      for (let j = 0; j < count; j++) {
        const at = new Date(last - (count - 1 - j) * gap).toISOString();
        const fromEnd = count - 1 - j;
        const inbound = fromEnd % 2 === 0 ? open : !open;
        const body =
          big && j === count - 1
            ? p.bigLastText
            : `${(inbound ? questions : answers)[(i + j) % questions.length]} (${i}.${j})`;
        if (inbound) lastCustomer = at;
        else {
          lastAgent = at;
          firstResponse ??= at;
        }
        lastBody = body;
        messageStore.put({
          ...p.template.message,
          id: `ms_bench_${i}_${j}`,
          conversationId: id,
          direction: inbound ? 'inbound' : 'outbound',
          kind: 'text',
          author: inbound ? 'customer' : 'member',
          authorMemberId: inbound ? null : p.managerId,
          body,
          clientId: null,
          payload: null,
          createdAt: at,
        });
      }
      const createdAt = new Date(last - (count - 1) * gap).toISOString();
      const name = big
        ? 'Bench Longchat'
        : `${names[i % names.length]} ${surnames[Math.floor(i / names.length) % surnames.length]} ${i}`;
      conversationStore.put({
        ...p.template.conversation,
        id,
        shopId: p.shopIds[i % p.shopIds.length],
        channel: 'marketplace',
        customerId: `cu_bench_${i}`,
        customerName: name,
        status: open ? 'open' : 'closed',
        assigneeId,
        category: categories[i % categories.length],
        priority: 'normal',
        starred: i % 37 === 0,
        tags: i % 11 === 0 ? ['vip'] : i % 13 === 0 ? ['wholesale', 'repeat'] : [],
        subject: null,
        lastMessagePreview: lastBody.slice(0, 140),
        lastMessageAt: new Date(last).toISOString(),
        awaitingReplySince: open ? lastCustomer : null,
        firstResponseAt: firstResponse,
        lastCustomerMessageAt: lastCustomer,
        lastAgentReplyAt: lastAgent,
        closedAt: open ? null : new Date(last).toISOString(),
        closedReason: open ? null : 'ended_by_agent',
        snoozedUntil: null,
        trashedAt: null,
        rating: open ? null : (i % 5) + 1,
        customerReadUpTo: lastAgent,
        ratingComment: null,
        createdAt,
      });
      if (!open && lastCustomer)
        readMarkStore.put({ conversationId: id, memberId: p.managerId, readUpTo: lastCustomer });
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }
  db.close();
  return mine;
}

interface BenchWindow {
  __bench?: { firstRowAt?: number; rows?: number };
}

/** Installed before the page's scripts: the time (from navigation start) the first row enters the DOM. */
function watchFirstRow(): void {
  const w = window as unknown as BenchWindow;
  const state: NonNullable<BenchWindow['__bench']> = {};
  w.__bench = state;
  const observer = new MutationObserver(() => {
    if (state.firstRowAt !== undefined) return;
    if (document.querySelector('[data-testid="conversation-item"]')) {
      state.firstRowAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

/** N fresh pages of the panel, each opened and closed; the default list ("Assigned to me"). */
async function coldOpens(context: BrowserContext, url: string, n: number): Promise<Runs & { rows: number }> {
  const runs: number[] = [];
  let rows = 0;
  for (let i = 0; i < n; i++) {
    const page = await context.newPage();
    await page.addInitScript(watchFirstRow);
    await page.goto(url);
    await page.waitForFunction(
      () => (window as unknown as BenchWindow).__bench?.firstRowAt !== undefined,
      null,
      {
        timeout: 60_000,
      },
    );
    runs.push(await page.evaluate(() => (window as unknown as BenchWindow).__bench!.firstRowAt!));
    // The view's count comes once the whole cache is read, after the first screen.
    const count = page.getByTestId('view-mine').locator('.count');
    await page.waitForFunction((el) => el !== null && el.textContent !== '', await count.elementHandle(), {
      timeout: 60_000,
    });
    rows = Number(await count.textContent());
    await page.close();
    await new Promise((r) => setTimeout(r, 500));
  }
  return { runs, rows };
}

interface OpenWindow {
  __open?: { clickAt?: number; shownAt?: number; paintedAt?: number; bubbles?: number };
}

/**
 * Installed once in the page: a click on the big conversation starts the clock, its newest message in the chat
 * stops it (a long chat opens with its newest messages; the older ones come in as the member scrolls up, which
 * `olderOnScroll` checks).
 */
function watchOpens(args: { id: string; lastText: string }): void {
  const w = window as unknown as OpenWindow;
  let observer: MutationObserver | null = null;
  document.addEventListener(
    'click',
    (event) => {
      const target = event.target as Element | null;
      if (!target?.closest(`[data-testid="conversation-item"][data-conversation-id="${args.id}"]`)) return;
      const state: NonNullable<OpenWindow['__open']> = { clickAt: performance.now() };
      w.__open = state;
      observer?.disconnect();
      observer = new MutationObserver(() => {
        const bubbles = document.querySelectorAll(
          `section.chat[data-conversation-id="${args.id}"] [data-testid="chat-messages"] [data-testid="message"]`,
        );
        if (bubbles.length === 0 || !bubbles[bubbles.length - 1]!.textContent?.includes(args.lastText))
          return;
        state.shownAt = performance.now();
        state.bubbles = bubbles.length;
        observer?.disconnect();
        // For the record: when the next frame after it could be painted.
        requestAnimationFrame(() => setTimeout(() => (state.paintedAt = performance.now()), 0));
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    },
    { capture: true },
  );
}

async function openConversation(page: Page, n: number): Promise<Runs> {
  await page.evaluate(watchOpens, { id: BIG_ID, lastText: BIG_LAST_TEXT });
  const runs: number[] = [];
  const painted: number[] = [];
  const scrolledAway: number[] = [];
  const row = page.locator(`[data-testid="conversation-item"][data-conversation-id="${BIG_ID}"]`);
  for (let i = 0; i < n; i++) {
    await row.click();
    await page.waitForFunction(
      () => (window as unknown as OpenWindow).__open?.paintedAt !== undefined,
      null,
      {
        timeout: 60_000,
      },
    );
    const t = await page.evaluate(() => (window as unknown as OpenWindow).__open!);
    runs.push(t.shownAt! - t.clickAt!);
    painted.push(t.paintedAt! - t.clickAt!);
    await page.getByRole('button', { name: 'Back to the inbox' }).click();
    // The list should come back where it was, at the top. Should it not (as before the list kept its place
    // behind a chat), it is said below and put back, so the big conversation's row is rendered again.
    const scrolled = await page.evaluate(() => {
      const list = document.querySelector('[data-testid="conversation-list"]')!;
      const top = list.scrollTop;
      list.scrollTop = 0;
      return top;
    });
    if (scrolled > 0) scrolledAway.push(scrolled);
    await row.waitFor();
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log(`panel: open conversation, to the next frame after it: ${fmt(painted)}`);
  if (scrolledAway.length > 0)
    console.log(
      `panel: back in the list, it had scrolled away from the top ${scrolledAway.length}/${n} times (by ${scrolledAway.join(', ')} px)`,
    );
  return { runs };
}

/**
 * Not timed as a figure: the big conversation opens at its newest message with only some of its messages in
 * the DOM, and scrolling to the top brings in the older ones until all 500 are there, each time keeping the
 * message that was at the top where it was.
 */
async function olderOnScroll(page: Page): Promise<void> {
  const row = page.locator(`[data-testid="conversation-item"][data-conversation-id="${BIG_ID}"]`);
  await row.click();
  const chat = page.locator(`section.chat[data-conversation-id="${BIG_ID}"] [data-testid="chat-messages"]`);
  await chat.getByText(BIG_LAST_TEXT).waitFor();
  await new Promise((r) => setTimeout(r, 300));
  const outcome = await chat.evaluate(async (list, count) => {
    const bubbles = () => list.querySelectorAll<HTMLElement>('[data-testid="message"]');
    const opened = bubbles().length;
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 2;
    const started = performance.now();
    let steps = 0;
    let maxShift = 0;
    while (bubbles().length < count && performance.now() - started < 30_000) {
      const n = bubbles().length;
      const anchor = bubbles()[0]!;
      list.scrollTop = 0;
      const before = anchor.getBoundingClientRect().top;
      await new Promise<void>((resolve) => {
        const check = () =>
          bubbles().length > n || performance.now() - started > 30_000
            ? resolve()
            : requestAnimationFrame(check);
        check();
      });
      await new Promise((r) => requestAnimationFrame(r));
      maxShift = Math.max(maxShift, Math.abs(anchor.getBoundingClientRect().top - before));
      steps++;
    }
    return { opened, atBottom, steps, all: bubbles().length, ms: performance.now() - started, maxShift };
  }, BIG_MESSAGES);
  console.log(
    `panel: the 500-message conversation opened with ${outcome.opened} messages in the DOM` +
      `${outcome.atBottom ? ', scrolled to its newest' : ', NOT scrolled to its newest'}; scrolling up brought ` +
      `in ${outcome.all} in ${outcome.steps} steps (${outcome.ms.toFixed(0)} ms), the top message moving at most ` +
      `${outcome.maxShift.toFixed(0)} px`,
  );
  if (!outcome.atBottom) throw new Error('the long chat did not open at its newest message');
  if (outcome.all < BIG_MESSAGES) throw new Error('scrolling up did not bring in every older message');
  await page.getByRole('button', { name: 'Back to the inbox' }).click();
  await page.evaluate(() => (document.querySelector('[data-testid="conversation-list"]')!.scrollTop = 0));
  await row.waitFor();
}

interface IncomingWindow {
  /** Wall-clock times (Date.now()), to compare with the server's. */
  __incoming?: { text: string; visibleAt?: number; changes: number[] };
}

interface ActivityWindow {
  __activity?: { last: number };
}

/** Installed once: the last time the page saw a cache change, a DOM change or a long task. */
function watchActivity(): void {
  const w = window as unknown as ActivityWindow;
  const state = { last: performance.now() };
  w.__activity = state;
  const touch = () => (state.last = performance.now());
  new BroadcastChannel('x-storagemutated-1').onmessage = touch;
  new MutationObserver(touch).observe(document.body, { childList: true, subtree: true, characterData: true });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) state.last = Math.max(state.last, e.startTime + e.duration);
    }).observe({ type: 'longtask' });
  } catch {
    // no long-task timing in this browser
  }
}

/** Until the page has been at rest for a second and a half (at most 30 s). */
async function untilQuiet(page: Page): Promise<void> {
  await page.waitForFunction(
    () => performance.now() - (window as unknown as ActivityWindow).__activity!.last > 1_500,
    null,
    { timeout: 30_000, polling: 100 },
  );
}

/** Installed per message: when its text enters the open chat (wall clock, to compare with the server's). */
function watchIncoming(text: string): void {
  const w = window as unknown as IncomingWindow;
  const state: NonNullable<IncomingWindow['__incoming']> = { text, changes: [] };
  w.__incoming = state;
  // Dexie's cross-context change notices: the background has committed a change to the cache.
  const channel = new BroadcastChannel('x-storagemutated-1');
  channel.onmessage = () => state.changes.push(Date.now());
  const observer = new MutationObserver(() => {
    const chat = document.querySelector('[data-testid="chat-messages"]');
    if (!chat?.textContent?.includes(text)) return;
    state.visibleAt = Date.now();
    observer.disconnect();
    setTimeout(() => channel.close(), 5_000);
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
}

async function postAsCustomer(url: string, shopId: string, customerHandle: string, body: string) {
  const response = await fetch(`${url}/demo/api/customer/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ shopId, customerHandle, externalId: randomUUID(), body }),
  });
  if (!response.ok) throw new Error(`customer message: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as { message: { conversationId: string } };
}

/**
 * A demo customer writes into a conversation open in the panel; each message's latency is from the event's
 * `at` (the server's clock, set as the event is written) to the text entering the chat (the page's clock).
 */
async function incomingMessages(
  page: Page,
  url: string,
  api: ManagerApi,
  n: number,
): Promise<Runs & { target: { shopId: string; customerHandle: string; conversationId: string } }> {
  const context = (await (await fetch(`${url}/demo/api/context`)).json()) as {
    shops: { id: string; customers: { handle: string }[] }[];
  };
  const shop = context.shops[0]!;
  const customer = shop.customers[0]!;
  const warmup = `Bench warm-up ${randomUUID()}`;
  const { message } = await postAsCustomer(url, shop.id, customer.handle, warmup);
  const row = page.locator(
    `[data-testid="conversation-item"][data-conversation-id="${message.conversationId}"]`,
  );
  await row.click();
  await page.getByTestId('chat-messages').getByText(warmup).waitFor();
  await new Promise((r) => setTimeout(r, 1_000));

  const runs: number[] = [];
  const toBroadcast: number[] = [];
  const afterBroadcast: number[] = [];
  let { lastSeq } = await api.eventsAfter(0);
  await page.evaluate(watchActivity);
  for (let i = 0; i < n; i++) {
    // Each message comes to a panel at rest: what the last one set off (its read mark, the list's
    // recomputation, the badge) has finished.
    await untilQuiet(page);
    const text = `Bench incoming ${i} ${randomUUID()}`;
    await page.evaluate(watchIncoming, text);
    await postAsCustomer(url, shop.id, customer.handle, text);
    await page.waitForFunction(
      () => (window as unknown as IncomingWindow).__incoming?.visibleAt !== undefined,
      null,
      {
        timeout: 30_000,
      },
    );
    const seen = await page.evaluate(() => (window as unknown as IncomingWindow).__incoming!);
    const log = await api.eventsAfter(lastSeq);
    lastSeq = log.lastSeq;
    const event = log.events.find((e) => e.type === 'message.created' && e.message.body === text);
    if (!event) throw new Error(`no message.created event for ${text}`);
    const at = Date.parse(event.at);
    runs.push(seen.visibleAt! - at);
    // The background commits the conversation and then the message, one transaction each: the last notice
    // before the text showed.
    const commit = seen.changes.filter((t) => t <= seen.visibleAt!).at(-1);
    if (commit !== undefined) {
      toBroadcast.push(commit - at);
      afterBroadcast.push(seen.visibleAt! - commit);
    }
  }
  console.log(
    `panel: incoming, server event → the background's last cache commit before the text showed ` +
      `${fmt(toBroadcast)}; → text in the chat ${fmt(afterBroadcast)}`,
  );
  return {
    runs,
    target: { shopId: shop.id, customerHandle: customer.handle, conversationId: message.conversationId },
  };
}

interface DiagEntry {
  label: string;
  start: number;
  /** The first success event (a cursor's first record). */
  first: number;
  /** The last success event (a cursor's last record). */
  end: number;
  n?: number;
}

interface DiagWindow {
  __diag?: {
    idb: DiagEntry[];
    longtasks: { start: number; duration: number }[];
    marks: Record<string, number>;
    /** React commits (from the devtools hook React calls after each commit). */
    commits: number[];
    /** Dexie's notices of a change another context (the background) committed. */
    changes: number[];
  };
}

/**
 * Page-side marks for the diagnosis (not for the figures): the IndexedDB requests Dexie makes (wrapped
 * prototypes, from the request to its success events), main-thread long tasks, React's commits (through the
 * devtools hook), Dexie's cross-context change notices, and when the loading placeholder, the tabs and the
 * first row first appear.
 */
function instrument(): void {
  const w = window as unknown as DiagWindow & { __REACT_DEVTOOLS_GLOBAL_HOOK__?: unknown };
  const diag: NonNullable<DiagWindow['__diag']> = {
    idb: [],
    longtasks: [],
    marks: {},
    commits: [],
    changes: [],
  };
  w.__diag = diag;
  const wrap = (proto: IDBObjectStore | IDBIndex, kind: string, method: string) => {
    const target = proto as unknown as Record<string, (...args: unknown[]) => IDBRequest>;
    const original = target[method]!;
    target[method] = function (this: IDBObjectStore | IDBIndex, ...args: unknown[]) {
      const start = performance.now();
      const request = original.apply(this, args);
      const name = 'objectStore' in this ? `${this.objectStore.name}.${this.name}` : this.name;
      const entry: DiagEntry = { label: `${kind} ${name} ${method}`, start, first: NaN, end: NaN };
      w.__diag!.idb.push(entry);
      let steps = 0;
      request.addEventListener('success', () => {
        const now = performance.now();
        if (Number.isNaN(entry.first)) entry.first = now;
        entry.end = now;
        const result: unknown = request.result;
        if (Array.isArray(result)) entry.n = result.length;
        else if (method === 'openCursor' && result) entry.n = ++steps;
      });
      return request;
    };
  };
  for (const m of ['get', 'getAll', 'openCursor', 'count']) {
    wrap(IDBObjectStore.prototype, 'store', m);
    wrap(IDBIndex.prototype, 'index', m);
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        w.__diag!.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no long-task timing in this browser
  }
  w.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    isDisabled: false,
    renderers: new Map(),
    inject: () => 1,
    checkDCE: () => {},
    onScheduleFiberRoot: () => {},
    onCommitFiberRoot: () => w.__diag!.commits.push(performance.now()),
    onCommitFiberUnmount: () => {},
    onPostCommitFiberRoot: () => {},
    setStrictMode: () => {},
  };
  const channel = new BroadcastChannel('x-storagemutated-1');
  channel.onmessage = () => {
    w.__diag!.marks.cacheChanged ??= performance.now();
    w.__diag!.changes.push(performance.now());
  };
  const watch: Record<string, string> = {
    loading: '.loading',
    tabs: '[data-testid="view-mine"]',
    firstRow: '[data-testid="conversation-item"]',
  };
  const observer = new MutationObserver(() => {
    for (const [mark, selector] of Object.entries(watch))
      if (diag.marks[mark] === undefined && document.querySelector(selector))
        diag.marks[mark] = performance.now();
    if (diag.marks.firstRow !== undefined) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true });
}

/**
 * Evaluated in the extension's service worker: its IndexedDB requests (Dexie binds its transactions before
 * this runs), in wall-clock time (performance.timeOrigin + now), kept in `__swdiag`.
 */
function instrumentWorker(): void {
  const g = globalThis as unknown as { __swdiag?: DiagEntry[] };
  if (g.__swdiag) return;
  const log: DiagEntry[] = [];
  g.__swdiag = log;
  const now = () => performance.timeOrigin + performance.now();
  const wrap = (proto: IDBObjectStore | IDBIndex, kind: string, method: string) => {
    const target = proto as unknown as Record<string, (...args: unknown[]) => IDBRequest>;
    const original = target[method]!;
    target[method] = function (this: IDBObjectStore | IDBIndex, ...args: unknown[]) {
      const request = original.apply(this, args);
      const name = 'objectStore' in this ? `${this.objectStore.name}.${this.name}` : this.name;
      const entry: DiagEntry = { label: `${kind} ${name} ${method}`, start: now(), first: NaN, end: NaN };
      log.push(entry);
      let steps = 0;
      request.addEventListener('success', () => {
        const t = now();
        if (Number.isNaN(entry.first)) entry.first = t;
        entry.end = t;
        const result: unknown = request.result;
        if (Array.isArray(result)) entry.n = result.length;
        else if (method === 'openCursor' && result) entry.n = ++steps;
      });
      return request;
    };
  };
  for (const m of ['getAll', 'openCursor', 'count', 'put']) {
    wrap(IDBObjectStore.prototype, 'store', m);
    if (m !== 'put') wrap(IDBIndex.prototype, 'index', m);
  }
}

/** Empties the page's diagnosis marks and returns the page's clock, to start a new window. */
async function resetDiag(page: Page): Promise<number> {
  return page.evaluate(() => {
    const w = window as unknown as DiagWindow;
    w.__diag = { idb: [], longtasks: [], marks: {}, commits: [], changes: [] };
    return performance.now();
  });
}

/** The page's marks between `from` and `until`, printed as one timeline (ms after `from`). */
async function printDiag(
  page: Page,
  title: string,
  from: number,
  until: number,
  extra: [number, string][] = [],
): Promise<void> {
  const diag = await page.evaluate(() => (window as unknown as DiagWindow).__diag!);
  const lines: [number, string][] = [...extra];
  const at = (t: number) => (t - from).toFixed(1);
  for (const [mark, t] of Object.entries(diag.marks)) if (mark !== 'cacheChanged') lines.push([t, mark]);
  for (const t of diag.commits) if (t >= from && t <= until) lines.push([t, 'React commit']);
  for (const t of diag.changes)
    if (t >= from && t <= until) lines.push([t, 'Dexie: the background committed a change to the cache']);
  for (const e of diag.idb)
    if (e.start >= from && e.start <= until)
      lines.push([
        e.start,
        `IndexedDB ${e.label}` +
          (e.n !== undefined ? ` → ${e.n}` : '') +
          (e.label.endsWith('openCursor')
            ? `: first record at ${at(e.first)}, last at ${at(e.end)}`
            : `: success at ${at(e.end)} (${(e.end - e.start).toFixed(1)} ms)`),
      ]);
  let busy = 0;
  for (const t of diag.longtasks)
    if (t.start + t.duration >= from && t.start <= until) {
      busy += t.duration;
      lines.push([t.start, `long task until ${at(t.start + t.duration)} (${t.duration.toFixed(1)} ms)`]);
    }
  lines.sort((a, b) => a[0] - b[0]);
  console.log(`\n${title} (ms; main-thread long tasks ${busy.toFixed(0)} ms in all)`);
  for (const [t, text] of lines) console.log(`  ${at(t).padStart(7)}  ${text}`);
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * `action` under a Chrome trace (CDP Tracing) and a V8 CPU profile (CDP Profiler), summarised: the busiest
 * renderer main thread's self time by kind and by event, and JS self time by script and by function.
 */
async function traced(
  page: Page,
  title: string,
  extensionDir: string,
  action: () => Promise<void>,
): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  // The profiler starts first, so its own start-up is not in the trace.
  await cdp.send('Profiler.start');
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: {
      includedCategories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'v8.execute',
        'v8',
        'blink',
        'IndexedDB',
        'toplevel',
      ],
    },
  });
  const started = Date.now();
  await action();
  const elapsed = Date.now() - started;
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  const complete = new Promise<{ stream?: string }>((resolve) =>
    cdp.once('Tracing.tracingComplete', resolve),
  );
  await cdp.send('Tracing.end');
  const { stream } = await complete;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: stream! });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle: stream! });
  await cdp.detach();
  const parsed = JSON.parse(text) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;

  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const byThread = new Map<string, { ts: number; dur: number; name: string }[]>();
  const open = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (!mains.has(key)) continue;
    const list = byThread.get(key) ?? [];
    byThread.set(key, list);
    if (e.ph === 'X' && e.dur !== undefined) list.push({ ts: e.ts, dur: e.dur, name: e.name });
    else if (e.ph === 'B') open.set(key, [...(open.get(key) ?? []), e]);
    else if (e.ph === 'E') {
      const begin = open.get(key)?.pop();
      if (begin) list.push({ ts: begin.ts, dur: e.ts - begin.ts, name: begin.name });
    }
  }
  // The busiest renderer main thread is the panel's.
  let main: { ts: number; dur: number; name: string }[] = [];
  let mainBusy = -1;
  for (const list of byThread.values()) {
    const busy = list
      .filter((e) => e.name === 'ThreadControllerImpl::RunTask')
      .reduce((s, e) => s + e.dur, 0);
    if (busy > mainBusy) [main, mainBusy] = [list, busy];
  }
  main.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const self = new Map<string, number>();
  const stack: { end: number; name: string; child: number; dur: number }[] = [];
  const close = (until: number) => {
    while (stack.length > 0 && stack.at(-1)!.end <= until) {
      const done = stack.pop()!;
      self.set(done.name, (self.get(done.name) ?? 0) + Math.max(0, done.dur - done.child));
    }
  };
  for (const e of main) {
    close(e.ts);
    const parent = stack.at(-1);
    if (parent) parent.child += e.dur;
    stack.push({ end: e.ts + e.dur, name: e.name, child: 0, dur: e.dur });
  }
  close(Infinity);
  // The profiler's own start in the new page is not the panel's work.
  const profilerStart = self.get('CpuProfiler::StartProfiling') ?? 0;
  self.delete('CpuProfiler::StartProfiling');
  mainBusy -= profilerStart;
  const kindOf = (name: string) =>
    /^(Layout|UpdateLayoutTree|RecalculateStyles|LocalFrameView::performLayout|InlineNode|LayoutObject|ScrollAnchor)/.test(
      name,
    )
      ? 'style and layout'
      : /Paint|Layerize|^Commit|UpdateLayer|CompositeLayers|Raster|Decode/.test(name)
        ? 'paint'
        : /GC|Heap|Sweep|Scavenge|MarkCompact/i.test(name)
          ? 'GC'
          : /IDB|IndexedDB|SerializedScriptValue/.test(name)
            ? 'IndexedDB (requests, results)'
            : /^(v8|V8|FunctionCall|EvaluateScript|RunMicrotasks|TimerFire|EventDispatch|FireAnimationFrame|CompileScript|ParseHTML|ScriptCompile|Compile)|^v8\./.test(
                  name,
                )
              ? 'scripting'
              : 'other browser tasks (IPC, scheduling)';
  const kinds = new Map<string, number>();
  for (const [name, us] of self) kinds.set(kindOf(name), (kinds.get(kindOf(name)) ?? 0) + us);
  const ms = (us: number) => (us / 1000).toFixed(1);
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => `${k} ${ms(us)}`)
      .join(', ');
  console.log(
    `\n${title}: ${elapsed} ms traced, the panel's main thread busy ${ms(mainBusy)} ms` +
      (profilerStart > 0 ? ` (not counting the profiler's own start, ${ms(profilerStart)} ms)` : ''),
  );
  console.log(`  main thread by kind: ${top(kinds, 8)}`);
  console.log(`  main thread, top events (self): ${top(self, 10)}`);

  // The CPU profile: JS self time by script (a chunk of the build, or a builtin) and by function.
  const nodeOf = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const byScript = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const frame = nodeOf.get(profile.samples[i]!)!;
    const us = profile.timeDeltas[i + 1] ?? 0;
    const file = frame.url
      ? frame.url.split('/').pop()!
      : frame.functionName.startsWith('(')
        ? frame.functionName
        : '(native)';
    if (file === '(idle)' || file === '(program)') continue;
    byScript.set(file, (byScript.get(file) ?? 0) + us);
    const fn = `${frame.functionName || '(anonymous)'}${frame.url ? ` ${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  console.log(`  JS self time by script: ${top(byScript, 8)}`);
  console.log(`  JS self time, top functions: ${top(byFunction, 14)}`);
  // The build is minified: the start of the hottest functions of the build, to find them in the sources.
  const sources = new Map<string, string[]>();
  for (const [fn, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 14)) {
    const where = / ([\w-]+\.js):(\d+):(\d+)$/.exec(fn);
    if (!where || us < 5_000) continue;
    const [, file, line, column] = where;
    if (!sources.has(file!))
      sources.set(file!, readFileSync(path.join(extensionDir, 'chunks', file!), 'utf8').split('\n'));
    const code = sources.get(file!)![Number(line) - 1] ?? '';
    console.log(`    ${fn}: ${code.slice(Number(column) - 1, Number(column) + 299)}`);
  }
}

/**
 * Where the time of each measured step goes, on a page of its own (not counted in the figures): page-side
 * marks, then the same step under a Chrome trace and a CPU profile.
 */
async function diagnose(
  context: BrowserContext,
  url: string,
  extensionDir: string,
  serverUrl: string,
  api: ManagerApi,
  target: { shopId: string; customerHandle: string; conversationId: string },
) {
  console.log(
    '\npanel diagnosis (not counted in the figures). Build chunks: sidepanel-*.js with React is the larger; the ' +
      'other sidepanel-*.js holds the app, Dexie and the virtualizer; StatusToggle-*.js holds zod and react-query.',
  );
  // What the measured steps set off in the background (read marks, the badge) settles first.
  await new Promise((r) => setTimeout(r, 8_000));
  const page = await context.newPage();
  await page.addInitScript(instrument);
  await page.goto(url);
  await page.getByTestId('conversation-item').first().waitFor();
  await new Promise((r) => setTimeout(r, 1_000));
  const cold = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return {
      firstRow: (window as unknown as DiagWindow).__diag!.marks.firstRow!,
      domContentLoaded: nav?.domContentLoadedEventEnd ?? NaN,
      responseEnd: nav?.responseEnd ?? NaN,
    };
  });
  await printDiag(
    page,
    `Cold open, from navigation start (HTML in at ${cold.responseEnd.toFixed(1)}, DOMContentLoaded at ${cold.domContentLoaded.toFixed(1)})`,
    0,
    cold.firstRow,
  );
  // A cold open under the profiler: the page first shows another page of the extension (same process), so
  // the profiler, which follows the process, sees the panel's whole start.
  const coldPage = await context.newPage();
  await coldPage.goto(url.replace('sidepanel.html', 'manifest.json'));
  await traced(coldPage, 'Cold open', extensionDir, async () => {
    await coldPage.goto(url);
    await coldPage.getByTestId('conversation-item').first().waitFor();
  });
  await coldPage.close();

  // Opening the big conversation.
  await page.getByTestId('view-all').click();
  const bigRow = page.locator(`[data-testid="conversation-item"][data-conversation-id="${BIG_ID}"]`);
  await page.evaluate(() => (document.querySelector('[data-testid="conversation-list"]')!.scrollTop = 0));
  await bigRow.waitFor();
  await new Promise((r) => setTimeout(r, 1_000));
  await page.evaluate(watchOpens, { id: BIG_ID, lastText: BIG_LAST_TEXT });
  const backToTop = async () => {
    await page.getByRole('button', { name: 'Back to the inbox' }).click();
    await page.evaluate(() => (document.querySelector('[data-testid="conversation-list"]')!.scrollTop = 0));
    await bigRow.waitFor();
    await new Promise((r) => setTimeout(r, 1_000));
  };
  const openBig = async () => {
    await bigRow.click();
    await page.waitForFunction(() => (window as unknown as OpenWindow).__open?.paintedAt !== undefined);
  };
  // The first open is done before, as the measured runs are mostly repeated opens.
  await openBig();
  await backToTop();
  await resetDiag(page);
  await openBig();
  const open = await page.evaluate(() => (window as unknown as OpenWindow).__open!);
  await new Promise((r) => setTimeout(r, 1_500));
  await printDiag(
    page,
    `Opening the 500-message conversation, from the click (its newest message in the DOM at ${(open.shownAt! - open.clickAt!).toFixed(1)}, with ${open.bubbles} messages)`,
    open.clickAt!,
    open.clickAt! + 1_500,
  );
  await backToTop();
  await traced(page, 'Opening the 500-message conversation', extensionDir, openBig);
  await backToTop();

  // A customer message into the open real conversation.
  const row = page.locator(
    `[data-testid="conversation-item"][data-conversation-id="${target.conversationId}"]`,
  );
  await row.click();
  await page.getByTestId('chat-messages').waitFor();
  await new Promise((r) => setTimeout(r, 1_000));
  const receive = async () => {
    const text = `Bench diagnosis ${randomUUID()}`;
    await page.evaluate(watchIncoming, text);
    await postAsCustomer(serverUrl, target.shopId, target.customerHandle, text);
    await page.waitForFunction(
      () => (window as unknown as IncomingWindow).__incoming?.visibleAt !== undefined,
    );
  };
  // The background's side too: its IndexedDB requests, in the service worker.
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  await worker.evaluate(NAME_SHIM);
  await worker.evaluate(instrumentWorker);
  await page.evaluate(watchActivity);
  await untilQuiet(page);
  const { lastSeq } = await api.eventsAfter(0);
  await resetDiag(page);
  await worker.evaluate(() => {
    (globalThis as unknown as { __swdiag: DiagEntry[] }).__swdiag.length = 0;
  });
  await receive();
  await new Promise((r) => setTimeout(r, 4_000));
  const seen = await page.evaluate(() => ({
    visibleAt: (window as unknown as IncomingWindow).__incoming!.visibleAt!,
    text: (window as unknown as IncomingWindow).__incoming!.text,
    origin: performance.timeOrigin,
  }));
  const event = (await api.eventsAfter(lastSeq)).events.find(
    (e) => e.type === 'message.created' && e.message.body === seen.text,
  );
  const serverAt = Date.parse(event?.at ?? 'x') - seen.origin;
  const swLines: [number, string][] = (
    await worker.evaluate(() => (globalThis as unknown as { __swdiag: DiagEntry[] }).__swdiag)
  ).map((e) => {
    const at = (t: number) => (t - seen.origin - serverAt).toFixed(1);
    const n = e.n !== undefined ? ` → ${e.n}` : '';
    const text = e.label.endsWith('openCursor')
      ? `${e.label}${n}: first record at ${at(e.first)}, last at ${at(e.end)}`
      : `${e.label}${n}: success at ${at(e.end)}`;
    return [e.start - seen.origin, `background: ${text}`];
  });
  await printDiag(
    page,
    `A customer message into the open chat, from the server's event (text in the chat at ` +
      `${(seen.visibleAt - seen.origin - serverAt).toFixed(1)})`,
    serverAt,
    serverAt + 4_000,
    [[serverAt, "server: the event is written (its 'at')"], ...swLines],
  );
  await untilQuiet(page);
  await traced(page, 'A customer message into the open chat', extensionDir, async () => {
    await receive();
    await new Promise((r) => setTimeout(r, 300));
  });
  await new Promise((r) => setTimeout(r, 3_000));
  await sideBySide(page);
  await page.close();
}

/**
 * Two costs the profiles point at, measured alone in the panel's page, beside a cheaper way to do the same:
 * formatting 500 message times as shortTime (components/inbox/time.ts) does, and reading every
 * conversation record by record with a cursor, as a Dexie `filter()` over a table does.
 */
async function sideBySide(page: Page): Promise<void> {
  const times = await page.evaluate(async () => {
    const locale = navigator.language;
    const now = new Date();
    const isos = Array.from({ length: 500 }, (_, i) =>
      new Date(now.getTime() - i * 7 * 60_000).toISOString(),
    );
    let t = performance.now();
    for (const iso of isos) {
      const d = new Date(iso);
      if (d.toDateString() === now.toDateString())
        d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
      else d.toLocaleString(locale, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
    }
    const toLocale = performance.now() - t;
    t = performance.now();
    const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
    const dayTime = new Intl.DateTimeFormat(locale, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
    for (const iso of isos) {
      const d = new Date(iso);
      (d.toDateString() === now.toDateString() ? time : dayTime).format(d);
    }
    const cached = performance.now() - t;

    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('sidedesk');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    t = performance.now();
    await new Promise<number>((resolve, reject) => {
      let n = 0;
      const r = db.transaction('conversations').objectStore('conversations').openCursor();
      r.onsuccess = () => {
        const cursor = r.result;
        if (!cursor) return resolve(n);
        if ((cursor.value as { customerId: string }).customerId === 'nobody') n++;
        cursor.continue();
      };
      r.onerror = () => reject(r.error);
    });
    const cursor = performance.now() - t;
    t = performance.now();
    await new Promise<number>((resolve, reject) => {
      const r = db.transaction('conversations').objectStore('conversations').getAll();
      r.onsuccess = () =>
        resolve((r.result as { customerId: string }[]).filter((c) => c.customerId === 'nobody').length);
      r.onerror = () => reject(r.error);
    });
    const getAll = performance.now() - t;
    const count = await new Promise<number>((resolve, reject) => {
      const r = db.transaction('conversations').objectStore('conversations').count();
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    db.close();
    return { toLocale, cached, cursor, getAll, count };
  });
  console.log(
    `
Alone in the page: 500 message times formatted as shortTime does ${times.toLocale.toFixed(1)} ms, ` +
      `with two Intl.DateTimeFormat made once ${times.cached.toFixed(1)} ms; all ${times.count} conversations ` +
      `read with a cursor (a Dexie filter()) ${times.cursor.toFixed(1)} ms, with one getAll() ${times.getAll.toFixed(1)} ms`,
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round = (n: number) => Math.round(n * 10) / 10;

function fmt(runs: number[]): string {
  if (runs.length === 0) return '(no runs)';
  return `median ${median(runs).toFixed(1)} ms, min ${Math.min(...runs).toFixed(1)}, max ${Math.max(...runs).toFixed(1)} (${runs.map((r) => r.toFixed(0)).join(', ')})`;
}
