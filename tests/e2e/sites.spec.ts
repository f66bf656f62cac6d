// The demo seller center's adapter against the real demo pages served by the sync server: detection from
// the page's own URL, its selectors, a reply put into its chat box and sent, and what it reads from the page
// (customer name, order ids), all run from an isolated world as the content script runs them.
import type { Page } from '@playwright/test';
import { buildContentScript, runInIsolatedWorld } from '../editors/serve';
import type { InsertResult } from '../../lib/sites/insert';
import type { PageFacts } from '../../lib/sites/site';
import { expect, test } from './fixtures';
import { findChromium } from '../../scripts/ensure-chromium';

test.use({
  launchOptions: {
    executablePath: findChromium() ?? undefined,
    args: ['--no-sandbox', '--disable-gpu'],
  },
});

let contentScript: string;
test.beforeAll(async () => {
  contentScript = await buildContentScript();
});

interface Seen {
  site: { id: string; page: string } | null;
  composerFound: boolean;
  inserted: InsertResult | null;
  facts: PageFacts | null;
  orderLinks: string[];
}

/** What the content script would do on this page, for a member signed in to `serverUrl`. */
function visit(page: Page, serverUrl: string, reply: string): Promise<Seen> {
  return runInIsolatedWorld<Seen>(
    page,
    contentScript,
    `(() => {
      const url = new URL(location.href);
      const found = SidedeskContent.siteFor(url, { serverUrls: [${JSON.stringify(serverUrl)}], allowedOrigins: [] });
      if (!found) return { site: null, composerFound: false, inserted: null, facts: null, orderLinks: [] };
      const composer = SidedeskContent.findFirst(document, found.adapter.selectors.composer);
      const inserted = composer && ${JSON.stringify(reply)} ? SidedeskContent.insertText(composer.element, ${JSON.stringify(reply)}) : null;
      const facts = SidedeskContent.readPageFacts(document, found.adapter, url);
      return {
        site: { id: found.adapter.id, page: found.page },
        composerFound: Boolean(composer),
        inserted,
        facts,
        orderLinks: facts.orderIds.map((id) => found.adapter.orderUrl(id, url)),
      };
    })()`,
  );
}

// One test, so that the server (a process with its database and demo data) starts once.
test('the demo seller center: its pages detected, a reply put in and sent, customer and order ids read', async ({
  server,
  page,
}) => {
  await test.step('the chat page', async () => {
    await page.goto(`${server.url}/demo/seller/chat`);
    const conversations = page.getByTestId('seller-conversation');
    await expect(conversations.first()).toBeVisible();

    // A chat whose customer has orders, so that there are order ids to read.
    let orderIds: string[] = [];
    let name = '';
    for (let i = 0; i < Math.min(await conversations.count(), 8) && orderIds.length === 0; i++) {
      const conversation = conversations.nth(i);
      name = (await conversation.locator('.name-text').textContent())!;
      await conversation.click();
      await expect(page.locator('#chat-header strong')).toHaveText(name);
      await expect(page.locator('#customer-orders li').first()).toBeVisible();
      orderIds = await page
        .locator('#customer-orders [data-order-id]')
        .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.orderId!));
    }
    expect(orderIds.length).toBeGreaterThan(0);
    await expect(page.getByTestId('message-input')).toBeEnabled();

    const reply = `Your order is on its way (${Date.now()})\nThanks for waiting!`;
    const seen = await visit(page, server.url, reply);
    expect(seen.site).toEqual({ id: 'demo', page: 'chat' });
    expect(seen.composerFound).toBe(true);
    expect(seen.inserted).toMatchObject({ inserted: true, strategy: 'execCommand', editor: 'textarea' });
    expect(seen.facts).toEqual({ customerName: name, orderIds });
    const shop = new URL(page.url()).searchParams.get('shop');
    for (const link of seen.orderLinks)
      expect(link).toBe(`${server.url}/demo/seller/orders${shop ? `?shop=${encodeURIComponent(shop)}` : ''}`);

    // The page's own code takes the text as typed: its send button sends it.
    await expect(page.getByTestId('message-input')).toHaveValue(reply);
    await page.getByTestId('send-button').click();
    // Its pending copy gives way to the server's copy: one message in the end.
    await expect(page.getByTestId('message').filter({ hasText: 'Your order is on its way' })).toHaveCount(1);
    await expect(
      page.getByTestId('message').filter({ hasText: 'Your order is on its way' }),
    ).not.toHaveAttribute('data-pending', 'true');
  });

  await test.step('the orders page', async () => {
    await page.goto(`${server.url}/demo/seller/orders`);
    const rows = page.locator('table.orders tr[data-order-id]');
    await expect(rows.first()).toBeVisible();
    const orderIds = await rows.evaluateAll((items) =>
      items.map((item) => (item as HTMLElement).dataset.orderId!),
    );
    const seen = await visit(page, server.url, '');
    expect(seen.site).toEqual({ id: 'demo', page: 'orders' });
    expect(seen.facts?.orderIds).toEqual(orderIds);
  });

  await test.step('the customer page is not the seller center', async () => {
    await page.goto(`${server.url}/demo/customer`);
    expect((await visit(page, server.url, '')).site).toBeNull();
  });
});
