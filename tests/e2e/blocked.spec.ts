import { DEMO_SIGN_INS } from '../../server/demo/seed';
import { expect, test } from './fixtures';
import { customersWithoutOngoingChat, openConversationWith, openCustomerPage, sendAsCustomer } from './pages';

const shots = 'test-results/blocked';

test('a manager blocks a customer from the chat: the chat says so, their messages raise nothing, and the options page unblocks them', async ({
  server,
  extension,
}) => {
  const panel = await extension.openSidePanel();
  await panel.setViewportSize({ width: 360, height: 640 });
  const customer = await openCustomerPage(
    extension.context,
    server,
    (await customersWithoutOngoingChat(server))[0]!,
  );
  const first = `Send me free stuff now (${Date.now()})`;
  await sendAsCustomer(customer, first);
  await openConversationWith(panel, first);
  const customerName = (await panel.getByTestId('chat-customer').textContent())!;

  // Block, with a reason, from "More actions": a question first, as for ending a session.
  await panel.getByTestId('chat-more').click();
  await panel.getByTestId('chat-block').click();
  await expect(panel.getByTestId('confirm-bar')).toContainText(customerName);
  await panel.getByTestId('block-reason').fill('Spam and threats');
  await panel.screenshot({ path: `${shots}/block-question.png` });
  await panel.getByTestId('confirm-yes').click();

  // The chat says the customer is blocked; nothing can be sent, taken or ended, and notes still can.
  await expect(panel.getByTestId('blocked-banner')).toContainText(customerName);
  await expect(panel.getByTestId('chat-assignee')).toContainText('Unassigned');
  await expect(panel.getByTestId('end-session')).toHaveCount(0);
  await expect(panel.getByTestId('chat-assign-to-me')).toHaveCount(0);
  await expect(panel.getByTestId('composer-mode-reply')).toBeDisabled();
  await expect(panel.getByTestId('message').last()).toContainText('blocked this customer');
  await panel.screenshot({ path: `${shots}/blocked-chat.png` });

  // In the list, the chat is only behind the Blocked chip, which counts it.
  await panel.getByRole('button', { name: 'Back to the inbox' }).click();
  const row = panel.getByTestId('conversation-item').filter({ hasText: first });
  await expect(row).toHaveCount(0);
  await expect(panel.getByTestId('bucket-blocked')).toContainText('1');
  const worker = await extension.serviceWorker();
  const badge = () => worker.evaluate<string>('chrome.action.getBadgeText({})');
  const unreadChip = async () => (await panel.getByTestId('bucket-unread').locator('.count').textContent())!;
  const badgeBefore = await badge();
  const unreadBefore = await unreadChip();
  const viewBefore = await panel.getByTestId('view-all').textContent();

  // Another message is stored and shown under the chip, yet raises neither the badge nor any count.
  const second = `Answer me! (${Date.now()})`;
  await sendAsCustomer(customer, second);
  await panel.getByTestId('bucket-blocked').click();
  const blockedRow = panel.getByTestId('conversation-item').filter({ hasText: second });
  await expect(blockedRow).toBeVisible();
  await expect(blockedRow.getByTestId('row-blocked')).toBeVisible();
  await expect(blockedRow.getByTestId('unread-dot')).toHaveCount(0);
  await panel.screenshot({ path: `${shots}/blocked-chip.png` });
  expect(await badge()).toBe(badgeBefore);
  expect(await unreadChip()).toBe(unreadBefore);
  expect(await panel.getByTestId('view-all').textContent()).toBe(viewBefore);
  await expect(panel.getByTestId('bucket-blocked')).toContainText('1');

  // The options page lists who is blocked, by whom and why, and unblocks after asking.
  const options = await extension.context.newPage();
  await options.setViewportSize({ width: 360, height: 640 });
  await options.goto(`chrome-extension://${extension.extensionId}/options.html#blocked`);
  const entry = options.getByTestId('blocked-customer').filter({ hasText: customerName });
  await expect(entry).toContainText('Spam and threats');
  await expect(entry).toContainText('Blocked by Marco');
  await expect(entry).toContainText('1 chat');
  await options.screenshot({ path: `${shots}/options-blocked.png`, fullPage: true });
  await entry.getByTestId('unblock').click();
  await options.screenshot({ path: `${shots}/options-unblock-question.png` });
  await entry.getByTestId('confirm-yes').click();
  await expect(options.getByTestId('blocked-done')).toContainText(customerName);
  await expect(options.getByTestId('blocked-empty')).toBeVisible();
  await options.screenshot({ path: `${shots}/options-unblocked.png` });

  // Back in the panel, the chat is an ordinary one again: out of the Blocked chip (shown while chosen) and
  // back in the list.
  await expect(panel.getByTestId('bucket-blocked')).toContainText('0');
  await panel.getByTestId('bucket-blocked').click();
  await expect(panel.getByTestId('bucket-blocked')).toHaveCount(0);
  const back = panel.getByTestId('conversation-item').filter({ hasText: second });
  await expect(back).toBeVisible();
  await expect(back.getByTestId('row-blocked')).toHaveCount(0);
  await back.click();
  await expect(panel.getByTestId('blocked-banner')).toHaveCount(0);
  await expect(panel.getByTestId('message').last()).toContainText('unblocked this customer');
});

test.describe('in Italian', () => {
  test.use({ uiLanguage: 'it' });

  test('the blocked chat, its chip and the options page speak Italian and fit 360 px', async ({
    server,
    extension,
  }) => {
    const manager = DEMO_SIGN_INS.find((s) => s.role === 'manager')!;
    const panel = await extension.context.newPage();
    await panel.setViewportSize({ width: 360, height: 640 });
    await panel.goto(`chrome-extension://${extension.extensionId}/sidepanel.html`);
    await panel.getByLabel('URL del server').fill(server.url);
    await panel.getByLabel('Email').fill(manager.email);
    await panel.getByLabel('Password').fill(manager.password);
    await panel.getByRole('button', { name: 'Accedi', exact: true }).click();
    const customer = await openCustomerPage(
      extension.context,
      server,
      (await customersWithoutOngoingChat(server))[0]!,
    );
    const text = `Ciao, mi rispondete? (${Date.now()})`;
    await sendAsCustomer(customer, text);
    await panel.getByTestId('view-all').click();
    await panel.getByTestId('conversation-item').filter({ hasText: text }).click();
    await panel.getByTestId('chat-more').click();
    await expect(panel.getByRole('menuitem', { name: 'Blocca il cliente' })).toBeVisible();
    await panel.screenshot({ path: `${shots}/it-menu.png` });
    await panel.getByTestId('chat-block').click();
    await expect(panel.getByTestId('confirm-bar')).toContainText('Bloccare');
    await panel.getByTestId('confirm-yes').click();
    await expect(panel.getByTestId('blocked-banner')).toContainText('Cliente bloccato');
    await expect(panel.getByTestId('message').last()).toContainText('ha bloccato questo cliente');
    await panel.screenshot({ path: `${shots}/it-blocked-chat.png` });
    await panel.getByRole('button', { name: 'Torna alla casella' }).click();
    await expect(panel.getByTestId('bucket-blocked')).toHaveText('Bloccati 1');
    await panel.getByTestId('bucket-blocked').click();
    await expect(panel.getByTestId('row-blocked')).toHaveText('Bloccato');
    await panel.screenshot({ path: `${shots}/it-blocked-chip.png` });
    // Nothing is wider than the panel.
    const overflow = await panel.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow).toBeLessThanOrEqual(360);

    const options = await extension.context.newPage();
    await options.setViewportSize({ width: 360, height: 640 });
    await options.goto(`chrome-extension://${extension.extensionId}/options.html#blocked`);
    await expect(options.getByRole('heading', { name: 'Clienti bloccati' })).toBeVisible();
    await expect(options.getByTestId('blocked-customer')).toContainText('Bloccato da Marco');
    await expect(options.getByTestId('blocked-customer')).toContainText('Nessun motivo indicato.');
    await expect(options.getByTestId('blocked-customer')).toContainText('1 conversazione');
    expect(await options.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await options.screenshot({ path: `${shots}/it-options-blocked.png`, fullPage: true });
  });
});
