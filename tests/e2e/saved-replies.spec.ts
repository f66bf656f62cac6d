// Saved replies fill in the order the chat is about, the same way in the side panel and on the seller-center
// page (lib/domain/reply-context.ts). The demo customer Harry Taylor (UK shop) writes about his order
// 572022464320806111 while his newest order is 576289530957949319.
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { DEMO_SIGN_INS } from '../../server/demo/seed';
import { expect, test, type ServerProcess } from './fixtures';
import { openConversationWith } from './pages';

const NAMED = '572022464320806111';
const NEWEST = '576289530957949319';
const UK_SHOP = 'shop_demo_gb';

/** The demo customer page as Harry Taylor, in the UK shop. */
async function openHarry(context: BrowserContext, server: ServerProcess): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.url}/demo/customer`);
  await page.getByTestId('shop-select').selectOption(UK_SHOP);
  await page.getByTestId('customer-select').selectOption('harrytaylor90');
  await expect(page.getByTestId('message-input')).toBeEnabled();
  return page;
}

async function sendAsHarry(harry: Page, text: string): Promise<void> {
  await harry.getByTestId('message-input').fill(text);
  await harry.getByTestId('send-button').click();
  await expect(harry.getByTestId('message').filter({ hasText: text })).toBeVisible();
}

/** Harry's chat in the side panel, brought up by a new message of his that names no order. */
async function openHarrysChat(panel: Page, harry: Page): Promise<void> {
  const nudge = `Any news? (${Date.now()})`;
  await sendAsHarry(harry, nudge);
  await openConversationWith(panel, nudge);
  await expect(panel.getByTestId('chat-customer')).toHaveText('Harry Taylor');
}

/** Types "/" and what follows in the panel's reply box. */
async function slash(panel: Page, query: string): Promise<Locator> {
  const box = panel.getByTestId('reply-input');
  await box.fill('');
  await box.click();
  await box.pressSequentially(`/${query}`);
  await expect(panel.getByTestId('reply-picker')).toBeVisible();
  return box;
}

const trackReply = (number: string, status: string) =>
  `Hi Harry, your order ${number} is ${status}. You can follow it with the tracking number in the order page.`;

test('in the side panel, "/" lists English replies first in a UK chat, previews them with the chat\'s values, and /track fills in the order the customer named', async ({
  server,
  extension,
}) => {
  const panel = await extension.openSidePanel();
  const harry = await openHarry(extension.context, server);
  await openHarrysChat(panel, harry);

  await slash(panel, '');
  const options = panel.getByTestId('reply-option');
  // A UK logistics chat: the English reply for its topic first, every English one before the Italian ones.
  await expect(options.first()).toContainText('Where is my order');
  const titles = await options.locator('strong').allTextContents();
  expect(titles.indexOf('Hello')).toBeLessThan(titles.indexOf('Ciao'));
  expect(titles.indexOf('Thanks, bye')).toBeLessThan(titles.indexOf('Dov’è il mio ordine'));
  // Previews read as the customer will: his name and the order he wrote about, no raw variables.
  await expect(options.first().getByTestId('reply-preview')).toHaveText(trackReply(NAMED, 'delivered'));
  await expect(panel.getByTestId('reply-preview').filter({ hasText: '{{customer.firstName}}' })).toHaveCount(
    0,
  );
  await panel.setViewportSize({ width: 320, height: 640 });
  await panel.screenshot({ path: test.info().outputPath('panel-slash-320.png') });

  const box = await slash(panel, 'track');
  await box.press('Enter');
  await expect(box).toHaveValue(trackReply(NAMED, 'delivered'));
  await expect(panel.getByTestId('unfilled-note')).toHaveCount(0);
});

test("when the customer names two orders the agent chooses one, which then fills the next replies; an order opened from the seller page becomes the chat's order there and in the panel", async ({
  server,
  extension,
}) => {
  const panel = await extension.openSidePanel();
  const harry = await openHarry(extension.context, server);
  await openHarrysChat(panel, harry);
  await sendAsHarry(harry, `And what about ${NEWEST}?`);
  await expect(panel.getByTestId('message').filter({ hasText: NEWEST })).toBeVisible();

  // Two orders named: the choice comes before anything goes in, the latest named first.
  const box = await slash(panel, 'track');
  await box.press('Enter');
  const choice = panel.getByTestId('reply-order-choice');
  await expect(choice).toBeVisible();
  await expect(box).toHaveValue('/track');
  const choices = choice.getByTestId('reply-order-option');
  await expect(choices).toHaveCount(2);
  await expect(choices.first()).toHaveAttribute('data-order-number', NEWEST);
  await expect(choices.first()).toBeFocused();
  await panel.setViewportSize({ width: 320, height: 640 });
  await panel.screenshot({ path: test.info().outputPath('panel-order-choice-320.png') });
  // Esc goes back to the text as it was.
  await panel.keyboard.press('Escape');
  await expect(choice).toHaveCount(0);
  await expect(box).toHaveValue('/track');
  await expect(panel.getByTestId('chat-messages')).toBeVisible();

  await slash(panel, 'track');
  await box.press('Enter');
  await panel.keyboard.press('ArrowDown');
  await expect(choices.nth(1)).toBeFocused();
  await panel.keyboard.press('Enter');
  await expect(box).toHaveValue(trackReply(NAMED, 'delivered'));
  await expect(box).toBeFocused();

  // The choice is the chat's order now: the next reply naming an order takes it without asking.
  await slash(panel, 'refund');
  await box.press('Enter');
  await expect(choice).toHaveCount(0);
  await expect(box).toHaveValue(
    `I’ve started the refund for order ${NAMED}. It reaches your account in 3–5 working days.`,
  );
  await box.fill('');

  // On the seller page the same chat fills the same order, with ;track and with the palette.
  const seller = await extension.context.newPage();
  await seller.goto(`${server.url}/demo/seller/chat?shop=${UK_SHOP}`);
  await seller.getByTestId('seller-conversation').filter({ hasText: 'Harry Taylor' }).first().click();
  const sellerBox = seller.getByTestId('message-input');
  await expect(sellerBox).toBeEnabled();
  await sellerBox.click();
  await sellerBox.pressSequentially(';track');
  await sellerBox.press('Tab');
  await expect(sellerBox).toHaveValue(trackReply(NAMED, 'delivered'));
  await sellerBox.fill('');

  // The member opens the newest order from its link on the page: it becomes the chat's order.
  const link = seller.locator(`#customer-orders a.sidedesk-order[data-sidedesk-order="${NEWEST}"]`);
  await link.click();
  await expect(panel.getByTestId('pane-orders')).toHaveAttribute('aria-selected', 'true');
  await sellerBox.click();
  await sellerBox.press('Alt+Shift+KeyE');
  const search = seller.locator('sidedesk-palette input[type="search"]');
  await expect(search).toBeFocused();
  await search.pressSequentially('where is');
  const active = seller.locator('sidedesk-palette li[aria-selected="true"]');
  await expect(active).toContainText('Where is my order');
  // The palette previews with the chat's values too.
  await expect(active).toContainText(trackReply(NEWEST, 'awaiting shipment'));
  await search.press('Enter');
  await expect(sellerBox).toHaveValue(trackReply(NEWEST, 'awaiting shipment'));

  await panel.getByTestId('pane-chat').click();
  await slash(panel, 'track');
  await panel.getByTestId('reply-input').press('Enter');
  await expect(panel.getByTestId('reply-input')).toHaveValue(trackReply(NEWEST, 'awaiting shipment'));
});

test("on the seller page with no chat open in the panel, the palette offers the page's orders, a variable nobody knows is left selected in the chat box, and the warning leaves the box clear", async ({
  server,
  extension,
}) => {
  await extension.openSidePanel();
  const seller = await extension.context.newPage();
  await seller.setViewportSize({ width: 360, height: 720 });
  await seller.goto(`${server.url}/demo/seller/chat?shop=${UK_SHOP}`);
  await seller.getByTestId('seller-conversation').filter({ hasText: 'Harry Taylor' }).first().click();
  const box = seller.getByTestId('message-input');
  await expect(box).toBeEnabled();
  const shown = await seller.locator('#customer-orders .order-id').allTextContents();
  expect(shown.length).toBeGreaterThan(1);
  expect(shown).toContain(NAMED);

  await box.click();
  await box.pressSequentially('Hello again. ;track');
  await box.press('Tab');
  // Several orders on the page and none decided: the palette asks which, the shortcut still as typed.
  const options = seller.locator('sidedesk-palette li[role="option"]');
  await expect(options).toHaveCount(shown.length);
  await expect(box).toHaveValue('Hello again. ;track');
  await seller.screenshot({ path: test.info().outputPath('seller-order-choice-360.png') });
  await seller.locator('sidedesk-palette input[type="search"]').pressSequentially(NAMED.slice(-6));
  await expect(options).toHaveCount(1);
  await seller.locator('sidedesk-palette input[type="search"]').press('Enter');

  // The page shows no order status: it is left for the member, selected, never sent raw.
  const inserted = `Hello again. ${trackReply(NAMED, '{{order.status}}')}`;
  await expect(box).toHaveValue(inserted);
  await expect(box).toBeFocused();
  const selection = await box.evaluate((b: HTMLTextAreaElement) =>
    b.value.slice(b.selectionStart, b.selectionEnd),
  );
  expect(selection).toBe('{{order.status}}');
  const toast = seller.locator('sidedesk-toast');
  await expect(toast).toContainText('Fill in {{order.status}}');
  const toastBox = (await toast.locator('p').boundingBox())!;
  const chatBox = (await box.boundingBox())!;
  const overlaps =
    toastBox.x < chatBox.x + chatBox.width &&
    chatBox.x < toastBox.x + toastBox.width &&
    toastBox.y < chatBox.y + chatBox.height &&
    chatBox.y < toastBox.y + toastBox.height;
  expect(overlaps).toBe(false);
  await seller.screenshot({ path: test.info().outputPath('seller-unfilled-360.png') });

  // Typing goes over the variable.
  await seller.keyboard.type('delivered');
  await expect(box).toHaveValue(`Hello again. ${trackReply(NAMED, 'delivered')}`);
});

test("in the side panel, a variable nobody knows is left selected and nothing is sent while it is there; the customer's language ranks the list over the shop's country", async ({
  server,
  extension,
}) => {
  const panel = await extension.openSidePanel();
  // Harry writes in English to the Italian shop, where he has no order.
  const text = `Hi, where is my parcel? I have not received it yet (${Date.now()})`;
  const sent = await fetch(`${server.url}/demo/api/customer/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      shopId: 'shop_demo_it',
      customerHandle: 'harrytaylor90',
      externalId: crypto.randomUUID(),
      body: text,
    }),
  });
  expect(sent.ok).toBe(true);
  await openConversationWith(panel, text);

  await slash(panel, '');
  const titles = await panel.getByTestId('reply-option').locator('strong').allTextContents();
  // Every English reply before every Italian one, though the shop is Italian.
  const at = (list: string[]) => list.map((title) => titles.indexOf(title));
  const english = at(['Hello', 'Where is my order', 'Refund started', 'Thanks, bye']);
  const italian = at(['Ciao', 'Dov’è il mio ordine', 'Rimborso avviato', 'Grazie, a presto']);
  expect([...english, ...italian]).not.toContain(-1);
  expect(Math.max(...english)).toBeLessThan(Math.min(...italian));

  const box = await slash(panel, 'track');
  await box.press('Enter');
  await expect(box).toHaveValue(trackReply('{{order.id}}', '{{order.status}}'));
  await expect(box).toBeFocused();
  const selected = () =>
    box.evaluate((b: HTMLTextAreaElement) => b.value.slice(b.selectionStart, b.selectionEnd));
  expect(await selected()).toBe('{{order.id}}');
  await expect(panel.getByTestId('unfilled-note')).toContainText('{{order.id}}, {{order.status}}');
  await expect(panel.getByTestId('reply-send')).toBeDisabled();
  await box.press('Enter');
  await expect(panel.getByRole('alert')).toContainText(
    'Fill in {{order.id}}, {{order.status}} before sending',
  );
  await expect(box).toHaveValue(trackReply('{{order.id}}', '{{order.status}}'));
  await expect(panel.getByTestId('message').filter({ hasText: 'Hi Harry, your order' })).toHaveCount(0);

  await panel.keyboard.type('572022');
  await expect(box).toHaveValue(trackReply('572022', '{{order.status}}'));
  await expect(panel.getByTestId('unfilled-note')).toContainText('{{order.status}}');
  await expect(panel.getByTestId('reply-send')).toBeDisabled();
});

test.describe('in an Italian browser', () => {
  test.use({ uiLanguage: 'it' });

  test('the order choice and the palette read in Italian', async ({ server, extension }) => {
    const manager = DEMO_SIGN_INS.find((s) => s.role === 'manager')!;
    const panel = await extension.context.newPage();
    await panel.goto(`chrome-extension://${extension.extensionId}/sidepanel.html`);
    await panel.getByLabel('URL del server').fill(server.url);
    await panel.getByLabel('Email').fill(manager.email);
    await panel.getByLabel('Password').fill(manager.password);
    await panel.getByRole('button', { name: 'Accedi', exact: true }).click();
    await expect(panel.getByTestId('view-mine')).toBeVisible();
    const harry = await openHarry(extension.context, server);
    const nudge = `Any news? (${Date.now()})`;
    await sendAsHarry(harry, `${nudge} ${NEWEST} or ${NAMED}`);
    await panel.getByTestId('view-all').click();
    await panel.getByTestId('conversation-item').filter({ hasText: nudge }).click();
    await panel.setViewportSize({ width: 320, height: 640 });
    const box = await slash(panel, '');
    // Still a UK chat: the English replies first, whatever the member's own language.
    await expect(panel.getByTestId('reply-option').first()).toContainText('Where is my order');
    await panel.screenshot({ path: test.info().outputPath('panel-slash-it-320.png') });
    await box.pressSequentially('track');
    await box.press('Enter');
    await expect(panel.getByTestId('reply-order-choice')).toContainText('Di quale ordine');
    await panel.screenshot({ path: test.info().outputPath('panel-order-choice-it-320.png') });
  });
});
