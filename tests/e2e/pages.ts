import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, type Extension, type ServerProcess } from './fixtures';

/** The demo customer page, as a customer of the first shop: the n-th customer in the picker. */
export async function openCustomerPage(
  context: BrowserContext,
  server: ServerProcess,
  customerIndex: number,
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.url}/demo/customer`);
  await page.getByTestId('shop-select').selectOption({ index: 0 });
  await page.getByTestId('customer-select').selectOption({ index: customerIndex });
  await expect(page.getByTestId('message-input')).toBeEnabled();
  return page;
}

export async function sendAsCustomer(page: Page, text: string): Promise<void> {
  await page.getByTestId('message-input').fill(text);
  await page.getByTestId('send-button').click();
  await expect(page.getByTestId('message').filter({ hasText: text })).toBeVisible();
}

/** Opens, in the side panel's "All" list, the conversation whose last message is `text`. */
export async function openConversationWith(panel: Page, text: string): Promise<void> {
  await panel.getByTestId('view-all').click();
  const item = panel.getByTestId('conversation-item').filter({ hasText: text });
  await expect(item).toBeVisible();
  await item.click();
  await expect(panel.getByTestId('chat-messages')).toBeVisible();
}

export async function chatTexts(panel: Page): Promise<string[]> {
  return panel.getByTestId('chat-messages').getByTestId('message').locator('p').allTextContents();
}

/** Picker positions of the first shop's customers with no ongoing chat: their next message opens a new one. */
export async function customersWithoutOngoingChat(server: ServerProcess): Promise<number[]> {
  const context = (await (await fetch(`${server.url}/demo/api/context`)).json()) as {
    shops: { id: string; customers: { handle: string }[] }[];
  };
  const shop = context.shops[0]!;
  const { conversations } = (await (
    await fetch(`${server.url}/demo/api/seller/conversations?shopId=${shop.id}`)
  ).json()) as { conversations: { customerHandle: string | null; status: string }[] };
  const ongoing = new Set(conversations.filter((c) => c.status !== 'closed').map((c) => c.customerHandle));
  return shop.customers.flatMap((c, index) => (ongoing.has(c.handle) ? [] : [index]));
}

/**
 * Leaves the panel for another extension page, so nothing wakes the worker, then stops the worker the way the
 * browser does when it is idle. Returns the worker's status as CDP reports each change of it.
 */
export async function stopServiceWorker(extension: Extension, panel: Page): Promise<() => string> {
  await panel.goto(`chrome-extension://${extension.extensionId}/manifest.json`);
  const cdp = await extension.context.newCDPSession(panel);
  let workerStatus = 'unknown';
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    const ours = versions.filter((v) =>
      v.scriptURL.startsWith(`chrome-extension://${extension.extensionId}/`),
    );
    if (ours.length > 0) workerStatus = ours.at(-1)!.runningStatus;
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await expect.poll(() => workerStatus).toBe('stopped');
  return () => workerStatus;
}

/** Serious and critical accessibility problems axe finds on a page (WCAG 2.1 A and AA), as "rule: target" lines. */
export async function seriousProblems(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}
