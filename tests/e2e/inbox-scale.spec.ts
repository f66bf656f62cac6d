import type { Page } from '@playwright/test';
import type { Conversation } from '../../lib/protocol';
import { expect, test } from './fixtures';

const CONVERSATIONS = 10_000;
const OLDEST_ID = `cv_scale_${CONVERSATIONS - 1}`;

/**
 * Writes `count` conversations into the extension's cache with the raw IndexedDB API, as a long-used cache
 * would hold them: all older than the demo's, the last one the oldest. Only the background writes the cache
 * in the product; the test stands in for months of sync.
 */
async function seedConversations(panel: Page, count: number): Promise<void> {
  await panel.evaluate(
    async ({ count, oldestId }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('sidedesk');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const shopIds = await new Promise<string[]>((resolve, reject) => {
        const r = db.transaction('conversations').objectStore('conversations').getAll();
        r.onsuccess = () => resolve([...new Set((r.result as Conversation[]).map((c) => c.shopId))].sort());
        r.onerror = () => reject(r.error);
      });
      const tx = db.transaction('conversations', 'readwrite');
      const store = tx.objectStore('conversations');
      // A week and a day back, then one every ten minutes further.
      const start = Date.now() - 8 * 86_400_000;
      for (let i = 0; i < count; i++) {
        const at = new Date(start - i * 600_000).toISOString();
        const conversation: Conversation = {
          id: i === count - 1 ? oldestId : `cv_scale_${i}`,
          shopId: shopIds[i % shopIds.length]!,
          channel: 'marketplace',
          customerId: `cu_scale_${i}`,
          customerName: `Scale Customer ${i}`,
          status: 'closed',
          assigneeId: null,
          category: 'other',
          priority: 'normal',
          starred: false,
          tags: i % 9 === 0 ? ['repeat'] : [],
          subject: null,
          lastMessagePreview: `Thank you, that was all (${i})`,
          lastMessageAt: at,
          awaitingReplySince: null,
          firstResponseAt: at,
          lastCustomerMessageAt: at,
          lastAgentReplyAt: at,
          closedAt: at,
          closedReason: 'ended_by_agent',
          snoozedUntil: null,
          trashedAt: null,
          rating: null,
          customerReadUpTo: at,
          ratingComment: null,
          createdAt: at,
        };
        store.put(conversation);
      }
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { count, oldestId: OLDEST_ID },
  );
}

interface ScrollWindow {
  __scroll?: { frames: number[]; maxRows: number; stop: boolean };
}

/**
 * A 300-message chat opens at its newest message with a page of messages; scrolling up brings in the older ones
 * and keeps the one at the top in place.
 */
async function checkLongChat(panel: Page): Promise<void> {
  await panel.getByTestId('view-all').click();
  const row = panel.getByTestId('conversation-item').first();
  await expect(row).toBeVisible();
  const conversationId = (await row.getAttribute('data-conversation-id'))!;
  // 300 older messages before the chat's own, written into the cache as a long history would be.
  await panel.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('sidedesk');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const tx = db.transaction('messages', 'readwrite');
    const start = Date.now() - 30 * 86_400_000;
    for (let i = 0; i < 300; i++)
      tx.objectStore('messages').put({
        id: `ms_history_${i}`,
        conversationId: id,
        direction: i % 2 ? 'outbound' : 'inbound',
        kind: 'text',
        author: i % 2 ? 'member' : 'customer',
        authorMemberId: null,
        body: `History line ${i}`,
        clientId: null,
        payload: null,
        createdAt: new Date(start + i * 60_000).toISOString(),
      });
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, conversationId);

  await row.click();
  const chat = panel.getByTestId('chat-messages');
  const bubbles = chat.getByTestId('message');
  await expect(bubbles.last()).toBeInViewport();
  const opened = await bubbles.count();
  expect(opened).toBeGreaterThan(0);
  expect(opened).toBeLessThanOrEqual(60);
  await expect(chat.getByText('History line 0', { exact: true })).toHaveCount(0);

  // Each time the top is reached, older messages come in above and the one that was first stays put.
  for (let step = 0; step < 20; step++) {
    const before = await bubbles.count();
    if (await chat.getByText('History line 0', { exact: true }).count()) break;
    const firstText = (await bubbles.first().locator('p').first().textContent())!;
    const top = await chat.evaluate((list) => {
      list.scrollTop = 0;
      return list.querySelector('[data-testid="message"]')!.getBoundingClientRect().top;
    });
    await expect.poll(() => bubbles.count()).toBeGreaterThan(before);
    const first = bubbles.filter({ hasText: firstText }).first();
    const moved = Math.abs((await first.boundingBox())!.y - top);
    expect(moved, 'the message that was at the top stays in place').toBeLessThan(2);
  }
  await expect(chat.getByText('History line 0', { exact: true })).toBeVisible();
  expect(await bubbles.count()).toBeGreaterThanOrEqual(300);
}

test('at scale: a long chat opens with its newest page; 10,000 conversations scroll smoothly to the last one with a window of rows in the DOM', async ({
  extension,
}) => {
  const first = await extension.openSidePanel();
  await checkLongChat(first);
  await first.getByRole('button', { name: 'Back to the inbox' }).click();
  await seedConversations(first, CONVERSATIONS);

  // A panel opened on that cache.
  const panel = await extension.context.newPage();
  await panel.goto(`chrome-extension://${extension.extensionId}/sidepanel.html`);
  await first.close();
  await panel.getByTestId('view-all').click();
  const list = panel.getByTestId('conversation-list');
  await expect(panel.getByTestId('view-all').locator('.count')).toHaveText(/^\d{5}$/);
  await expect(list.locator('ul[aria-busy]')).toHaveCount(0);
  const total = Number(await panel.getByTestId('view-all').locator('.count').textContent());
  expect(total).toBeGreaterThan(CONVERSATIONS);
  await expect(list.locator('li.conversation-row').first()).toHaveAttribute('aria-setsize', String(total));

  // Every animation frame while the wheel scrolls down to the end: how long since the last, and how many
  // rows the DOM holds.
  await panel.evaluate(() => {
    const state = { frames: [] as number[], maxRows: 0, stop: false };
    (window as unknown as ScrollWindow).__scroll = state;
    let last = performance.now();
    const tick = (t: number) => {
      state.frames.push(t - last);
      last = t;
      state.maxRows = Math.max(state.maxRows, document.querySelectorAll('li.conversation-row').length);
      if (!state.stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const box = (await list.boundingBox())!;
  await panel.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const atEnd = () =>
    list.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 2 && el.scrollTop > 0);
  const started = Date.now();
  for (let i = 0; i < 400 && !(await atEnd()); i++) await panel.mouse.wheel(0, 40_000);
  const scrollMs = Date.now() - started;
  // The oldest conversation is the last row, and it is on screen.
  await expect(list.locator(`[data-conversation-id="${OLDEST_ID}"]`)).toBeInViewport();
  const { frames, maxRows } = await panel.evaluate(() => {
    const state = (window as unknown as ScrollWindow).__scroll!;
    state.stop = true;
    return state;
  });
  const sorted = frames.slice(1).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  test.info().annotations.push({
    type: 'frames',
    description:
      `${sorted.length} frames over ${scrollMs} ms of scrolling; median ${at(0.5).toFixed(1)} ms, ` +
      `p90 ${at(0.9).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms; at most ${maxRows} rows in the DOM`,
  });
  // Virtualized: a window of rows, not ten thousand.
  expect(maxRows).toBeGreaterThan(3);
  expect(maxRows).toBeLessThan(100);
  await expect(list.locator('li.conversation-row')).not.toHaveCount(0);
  expect(await list.locator('li.conversation-row').count()).toBeLessThan(100);
  // Smooth on a slow, shared machine: half of the frames within 50 ms (20 per second).
  expect(sorted.length).toBeGreaterThan(10);
  expect(at(0.5)).toBeLessThanOrEqual(50);
});
