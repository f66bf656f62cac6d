import { readFileSync } from 'node:fs';
import type { browser } from 'wxt/browser';
import path from 'node:path';
import { expect, extensionDir, test } from './fixtures';
import { openConversationWith, openCustomerPage, sendAsCustomer } from './pages';

test('on the demo seller center: ;shortcut expands in the chat box, the palette inserts by keyboard, and an order id opens the workbench', async ({
  server,
  extension,
}) => {
  const panel = await extension.openSidePanel();
  const customer = await openCustomerPage(extension.context, server, 6);
  const question = `Has my parcel left? (${Date.now()})`;
  await sendAsCustomer(customer, question);

  // The seller center's own chat page. With no chat open in the side panel, the page gives what it shows:
  // the customer's name and order ids (the only one, or a choice among them). Nothing shows the order's
  // status: it stays for the member to fill, selected in the chat box.
  const seller = await extension.context.newPage();
  await seller.goto(`${server.url}/demo/seller/chat`);
  await seller.getByTestId('seller-conversation').filter({ hasText: question }).click();
  const box = seller.getByTestId('message-input');
  await expect(box).toBeEnabled();
  const pageName = (await seller.locator('#chat-header strong').textContent())!.trim();
  const pageOrder = (await seller.locator('#customer-orders .order-id').first().textContent())!.trim();
  await box.click();
  await box.pressSequentially(';traccia');
  await box.press('Tab');
  // This customer has several orders on the page: the palette asks which one, the page's first on top.
  expect(await seller.locator('#customer-orders .order-id').count()).toBeGreaterThan(1);
  await expect(seller.locator('sidedesk-palette li[aria-selected="true"]')).toContainText(pageOrder);
  await seller.locator('sidedesk-palette input[type="search"]').press('Enter');
  await expect(box).toHaveValue(
    `Ciao ${pageName.split(' ')[0]}, il tuo ordine ${pageOrder} è {{order.status}}. Puoi seguirlo con il numero di tracciamento nella pagina dell’ordine.`,
  );
  await expect(seller.locator('sidedesk-toast')).toContainText('Fill in {{order.status}}');
  expect(
    await box.evaluate((b: HTMLTextAreaElement) => b.value.slice(b.selectionStart, b.selectionEnd)),
  ).toBe('{{order.status}}');
  await box.fill('');

  // With the chat open in the side panel, its customer and the order it is about fill the variables.
  await openConversationWith(panel, question);
  const name = (await panel.getByTestId('chat-customer').textContent())!;
  expect(name).toBe(pageName);
  const firstName = name.split(' ')[0]!;
  await box.click();
  await box.pressSequentially('Hello! ;ciao');
  await box.press('Space');
  await expect(box).toHaveValue(
    `Hello! Ciao ${firstName}, grazie per aver scritto a Acme Outdoor Italia! Sono Marco, come posso aiutarti?`,
  );
  // The page's own script saw typed text: its Send button sends it to the customer.
  await seller.getByTestId('send-button').click();
  await expect(
    customer.getByTestId('message').filter({ hasText: `Ciao ${firstName}, grazie` }),
  ).toBeVisible();

  // A word that is no shortcut stays as typed, and the space goes in.
  await box.pressSequentially(';nothing');
  await box.press('Space');
  await expect(box).toHaveValue(';nothing ');
  await box.fill('');

  // The palette, by keyboard alone: open, search, Enter inserts at the caret; Esc closes without a change.
  await box.pressSequentially('Thanks. ');
  await box.press('Alt+Shift+KeyE');
  const search = seller.locator('sidedesk-palette input[type="search"]');
  await expect(search).toBeFocused();
  await search.pressSequentially('grazie');
  await expect(seller.locator('sidedesk-palette li[aria-selected="true"]')).toContainText('Grazie, a presto');
  await search.press('Enter');
  await expect(seller.locator('sidedesk-palette')).toHaveCount(0);
  await expect(box).toBeFocused();
  await expect(box).toHaveValue(
    `Thanks. Grazie ${firstName}! Se ti serve altro scrivici pure qui. Buona giornata!`,
  );
  await box.press('Alt+Shift+KeyE');
  await expect(search).toBeFocused();
  await search.press('Escape');
  await expect(seller.locator('sidedesk-palette')).toHaveCount(0);
  await expect(box).toBeFocused();

  // The customer's order ids beside the chat are links; one opens the side panel's Orders tab on that order.
  const orderLink = seller.locator('#customer-orders a.sidedesk-order').first();
  await expect(orderLink).toBeVisible();
  const number = (await orderLink.textContent())!;
  expect(number).toMatch(/^57\d{16}$/);
  await orderLink.click();
  await expect(panel.getByTestId('pane-orders')).toHaveAttribute('aria-selected', 'true');
  const focused = panel.locator(`[data-testid="workbench-order"][data-order-number="${number}"]`);
  await expect(focused).toHaveClass(/focused/);
  await expect(focused.locator('details')).toHaveAttribute('open', '');
  await expect(panel.getByTestId('chat-customer')).toHaveText(name);
});

test('the content script opens no database, calls no server and writes no markup: it asks the background', () => {
  const script = readFileSync(path.join(extensionDir, 'content-scripts', 'seller.js'), 'utf8');
  for (const forbidden of [
    'indexedDB',
    'Dexie',
    'fetch(',
    'XMLHttpRequest',
    'WebSocket',
    'innerHTML',
    'outerHTML',
    'insertAdjacentHTML',
    'DOMParser',
  ]) {
    expect(script, forbidden).not.toContain(forbidden);
  }
  expect(script).toContain('overlay.replies');
});

test('"next unreplied chat" opens a chat waiting for a reply, then the next one', async ({ extension }) => {
  const panel = await extension.openSidePanel();
  // The cache has caught up with the server.
  await panel.getByTestId('view-all').click();
  await expect(panel.getByTestId('conversation-item').first()).toBeVisible();
  const worker = await extension.serviceWorker();
  // What the keyboard command writes for the panel (a headless browser takes no command keys).
  const ask = () =>
    worker.evaluate(() =>
      (globalThis as unknown as { chrome: typeof browser }).chrome.storage.session.set({
        panelRequest: { kind: 'nextUnreplied', at: new Date().toISOString() },
      }),
    );
  await ask();
  await expect(panel.getByTestId('chat-messages')).toBeVisible();
  const first = await panel.locator('[data-conversation-id]').first().getAttribute('data-conversation-id');
  // It waits for a reply: the newest line of the chat itself is the customer's.
  const chatLines = panel.locator(
    '[data-testid="message"]:is([data-direction="inbound"], [data-direction="outbound"])',
  );
  await expect(chatLines.last()).toHaveAttribute('data-direction', 'inbound');
  // Asked again, it moves on to the next one.
  await ask();
  await expect(panel.locator('section.chat')).not.toHaveAttribute('data-conversation-id', first!);
  await expect(chatLines.last()).toHaveAttribute('data-direction', 'inbound');
});
