import { expect, test } from './fixtures';
import { openConversationWith, openCustomerPage, sendAsCustomer } from './pages';

test("the workbench shows the customer's orders, finds products, and sends cards the customer sees; an expired or used-up voucher can't go", async ({
  server,
  extension,
}) => {
  const panel = await extension.openSidePanel();
  const customer = await openCustomerPage(extension.context, server, 4);
  const question = `Is there a discount for me? (${Date.now()})`;
  await sendAsCustomer(customer, question);
  await openConversationWith(panel, question);

  // Orders: every demo customer has one or two; the newest is open with its items, status and total.
  await panel.getByTestId('pane-orders').click();
  await expect(panel.getByTestId('pane-orders')).toHaveAttribute('aria-selected', 'true');
  const orders = panel.getByTestId('workbench-order');
  await expect(orders.first()).toBeVisible();
  await expect(orders.first().locator('details')).toHaveAttribute('open', '');
  await expect(orders.first().locator('.order-items li').first()).toContainText('×');
  await expect(orders.first()).toContainText(/Order 57\d{16}/);
  await expect(orders.first()).toContainText('€');

  // Products: search by a word of the name or by SKU; send one as a card.
  await panel.getByTestId('pane-products').click();
  await panel.getByTestId('product-search').fill('acm-mat');
  const products = panel.getByTestId('workbench-product');
  await expect(products).toHaveCount(1);
  await expect(products).toContainText('Materassino autogonfiante');
  await panel.getByTestId('product-search').fill('materassino');
  await expect(products).toHaveCount(1);
  await products.getByTestId('workbench-send').click();
  await expect(products.getByTestId('workbench-send')).toHaveText('Sent ✓');

  // Vouchers: terms, minimum spend, expiry and what remains; expired and used-up ones say why and can't be sent.
  await panel.getByTestId('pane-vouchers').click();
  const voucher = (code: string) => panel.locator(`[data-testid="workbench-voucher"][data-code="${code}"]`);
  await expect(voucher('BENVENUTO10')).toContainText('Minimum spend');
  await expect(voucher('BENVENUTO10')).toContainText('288 left');
  await expect(voucher('TREKKING15')).toContainText('No limit');
  await expect(voucher('PRIMAVERA20').getByTestId('voucher-problem')).toHaveText(/Expired/);
  await expect(voucher('PRIMAVERA20').getByTestId('workbench-send')).toBeDisabled();
  await expect(voucher('ESTATE5').getByTestId('voucher-problem')).toHaveText(/Used up/);
  await expect(voucher('ESTATE5').getByTestId('workbench-send')).toBeDisabled();
  await voucher('BENVENUTO10').getByTestId('workbench-send').click();
  await expect(voucher('BENVENUTO10').getByTestId('workbench-send')).toHaveText('Sent ✓');

  // Back in the chat, both cards are in the timeline; the customer's page shows them too.
  await panel.getByTestId('pane-chat').click();
  const cards = panel.getByTestId('chat-messages').getByTestId('card');
  await expect(cards).toHaveCount(2);
  await expect(cards.nth(0)).toHaveAttribute('data-card-type', 'product');
  await expect(cards.nth(1)).toHaveAttribute('data-card-type', 'voucher');
  await expect(cards.nth(1)).toContainText('BENVENUTO10');
  await expect(customer.getByTestId('card').filter({ hasText: 'BENVENUTO10' })).toBeVisible();
  // The buyer claims it on the marketplace.
  const claim = customer.getByTestId('card').filter({ hasText: 'BENVENUTO10' }).getByTestId('claim-voucher');
  await claim.click();
  await expect(claim).toHaveText('Claimed ✓');
  await expect(customer.getByTestId('card').filter({ hasText: 'Materassino autogonfiante' })).toBeVisible();
  // The list's preview names the card, its mark drawn as an icon (no emoji font needed).
  await panel.getByRole('button', { name: 'Back to the inbox' }).click();
  const row = panel.getByTestId('conversation-item').filter({ hasText: 'BENVENUTO10' });
  await expect(row.getByTestId('preview-mark')).toBeVisible();
  await expect(row.locator('.preview')).not.toContainText('🎟');
});

test('saved replies: added on the options page, "/" in the composer fills their variables; a variable left empty is never sent', async ({
  server,
  extension,
}) => {
  const panel = await extension.openSidePanel();
  const options = await extension.context.newPage();
  await options.goto(`chrome-extension://${extension.extensionId}/options.html#replies`);
  await expect(options.getByTestId('saved-replies-team').getByTestId('saved-reply')).not.toHaveCount(0);
  await options.getByTestId('add-saved-reply').click();
  const form = options.getByTestId('saved-reply-form');
  await form.getByLabel('Title').fill('Shipping time');
  await form.getByLabel('Shortcut').fill('two words');
  await form
    .getByLabel('Text')
    .fill('Hi {{customer.firstName}}, order {{order.id}} leaves today. {{agent.nickname}}');
  await form.getByRole('button', { name: 'Save' }).click();
  // The server's own words say what is wrong, and nothing is saved.
  await expect(options.getByTestId('saved-reply-error')).toContainText('shortcut must be');
  await form.getByLabel('Shortcut').fill('ships');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(options.getByTestId('saved-replies-personal').getByTestId('saved-reply')).toHaveCount(1);
  await expect(options.locator('[data-testid="saved-reply"][data-shortcut="ships"]')).toContainText(
    'Shipping time',
  );

  const customer = await openCustomerPage(extension.context, server, 5);
  const question = `When does it leave? (${Date.now()})`;
  await sendAsCustomer(customer, question);
  await openConversationWith(panel, question);
  const firstName = ((await panel.getByTestId('chat-customer').textContent()) ?? '').split(' ')[0]!;

  const box = panel.getByTestId('reply-input');
  await box.pressSequentially('/ship');
  const picker = panel.getByTestId('reply-picker');
  await expect(picker.getByTestId('reply-option').first()).toContainText('Shipping time');
  // Esc closes the list and leaves the chat open; typing on opens it again at the next "/".
  await box.press('Escape');
  await expect(picker).toBeHidden();
  await expect(panel.getByTestId('chat-messages')).toBeVisible();
  await box.fill('');
  await box.pressSequentially('/ships');
  await expect(picker.getByTestId('reply-option').first()).toHaveAttribute('aria-selected', 'true');
  await box.press('Tab');
  await expect(picker).toBeHidden();
  await expect(box).toHaveValue(new RegExp(`^Hi ${firstName}, order 57\\d{16} leaves today\\. Marco$`));
  const sent = await box.inputValue();
  await box.press('Enter');
  await expect(customer.getByTestId('message').filter({ hasText: sent })).toBeVisible();

  // A placeholder with no value stays visible to the agent and blocks sending.
  await box.fill('Your parcel {{order.tracking}} ships today');
  await expect(panel.getByTestId('unfilled-note')).toContainText('{{order.tracking}}');
  await expect(panel.getByTestId('reply-send')).toBeDisabled();
  await box.press('Enter');
  await expect(panel.getByRole('alert')).toContainText('Fill in {{order.tracking}}');
  await expect(box).toHaveValue('Your parcel {{order.tracking}} ships today');
  await expect(customer.getByTestId('message').filter({ hasText: 'Your parcel' })).toHaveCount(0);
});
