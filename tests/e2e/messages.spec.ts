import { expect, test } from './fixtures';
import {
  chatTexts,
  customersWithoutOngoingChat,
  openConversationWith,
  openCustomerPage,
  sendAsCustomer,
  stopServiceWorker,
} from './pages';

test('a customer message reaches the side panel and the reply reaches the customer page', async ({
  server,
  extension,
}) => {
  const panel = await extension.openSidePanel();
  await panel.getByTestId('view-all').click();
  // A customer with no ongoing chat starts one in the queue, which the manager is the one to open: the badge
  // counts what the Unread chip counts, and a chat that is someone else's is theirs to read.
  const customer = await openCustomerPage(
    extension.context,
    server,
    (await customersWithoutOngoingChat(server))[0]!,
  );
  const question = `Hello, where is my parcel? (${Date.now()})`;
  await sendAsCustomer(customer, question);

  // The toolbar badge counts unread conversations; opening this one takes it down by one.
  const worker = await extension.serviceWorker();
  const badge = () => worker.evaluate<string>('chrome.action.getBadgeText({})');
  await expect(panel.getByTestId('conversation-item').filter({ hasText: question })).toBeVisible();
  await expect.poll(badge).not.toBe('');
  const unreadBefore = Number(await badge());
  await openConversationWith(panel, question);
  await expect(panel.getByTestId('message').filter({ hasText: question })).toHaveAttribute(
    'data-direction',
    'inbound',
  );
  await expect.poll(badge).toBe(String(unreadBefore - 1));

  const answer = 'It left our warehouse this morning; you will have it tomorrow.';
  await panel.getByTestId('reply-input').fill(answer);
  await panel.getByTestId('reply-send').click();
  await expect(customer.getByTestId('message').filter({ hasText: answer })).toHaveAttribute(
    'data-direction',
    'outbound',
  );
  await expect(panel.getByTestId('message').filter({ hasText: answer })).not.toHaveAttribute(
    'data-pending',
    'true',
  );
});

test('messages sent while the service worker is stopped all arrive, in order, once', async ({
  server,
  extension,
}) => {
  const panel = await extension.openSidePanel();
  const customer = await openCustomerPage(extension.context, server, 2);
  const opening = `Before the worker stops (${Date.now()})`;
  await sendAsCustomer(customer, opening);
  await panel.getByTestId('view-all').click();
  await expect(panel.getByTestId('conversation-item').filter({ hasText: opening })).toBeVisible();

  const workerStatus = await stopServiceWorker(extension, panel);

  const burst = Array.from({ length: 20 }, (_, i) => `Burst message ${String(i + 1).padStart(2, '0')}`);
  for (const text of burst) await sendAsCustomer(customer, text);
  expect(workerStatus()).toBe('stopped');

  // Opening the panel again wakes the worker, which catches up from the last seq it applied.
  await panel.goto(`chrome-extension://${extension.extensionId}/sidepanel.html`);
  await openConversationWith(panel, burst.at(-1)!);
  expect(workerStatus()).toBe('running');
  await expect(panel.getByTestId('message').filter({ hasText: burst.at(-1)! })).toBeVisible();
  const texts = (await chatTexts(panel)).filter((t) => t.startsWith('Burst message'));
  expect(texts).toEqual(burst);
});

test('after a server restart the panel reconnects and receives what was sent meanwhile', async ({
  server,
  extension,
}) => {
  const panel = await extension.openSidePanel();
  const customer = await openCustomerPage(extension.context, server, 3);
  const opening = `Before the restart (${Date.now()})`;
  await sendAsCustomer(customer, opening);
  await openConversationWith(panel, opening);

  await server.stop();
  await expect(panel.getByTestId('connection-banner')).toContainText('Offline');
  await server.start();

  // The customer writes again before the extension has reconnected (its backoff is still running).
  await customer.reload();
  await expect(customer.getByTestId('message-input')).toBeEnabled();
  const afterRestart = ['Are you there?', 'I need to change the address.'];
  for (const text of afterRestart) await sendAsCustomer(customer, text);

  for (const text of afterRestart) {
    await expect(panel.getByTestId('message').filter({ hasText: text })).toHaveCount(1, { timeout: 45_000 });
  }
  await expect(panel.getByTestId('connection-banner')).toBeHidden();
});

test('a reply typed while the server is down is delivered exactly once when it is back', async ({
  server,
  extension,
}) => {
  const panel = await extension.openSidePanel();
  const customer = await openCustomerPage(extension.context, server, 4);
  const opening = `Can I return this? (${Date.now()})`;
  await sendAsCustomer(customer, opening);
  await openConversationWith(panel, opening);

  await server.stop();
  await expect(panel.getByTestId('connection-banner')).toContainText('Offline');
  // Offline, the inbox still reads from the cache: back to the list and into the chat again.
  await panel.getByRole('button', { name: 'Back to the inbox' }).click();
  await expect(panel.getByTestId('conversation-item').filter({ hasText: opening })).toBeVisible();
  await panel.screenshot({ path: test.info().outputPath('offline-banner.png') });
  await panel.getByTestId('conversation-item').filter({ hasText: opening }).click();
  await expect(panel.getByTestId('chat-messages')).toContainText(opening);
  const reply = 'Yes, within 30 days: I will send you the return label.';
  await panel.getByTestId('reply-input').fill(reply);
  await panel.getByTestId('reply-send').click();
  await expect(panel.getByTestId('message').filter({ hasText: reply })).toHaveAttribute(
    'data-pending',
    'true',
  );
  await expect(panel.getByTestId('connection-banner')).toContainText('1 reply will be sent');

  await server.start();
  await expect(panel.getByTestId('message').filter({ hasText: reply })).not.toHaveAttribute(
    'data-pending',
    'true',
    {
      timeout: 45_000,
    },
  );
  await customer.reload();
  await expect(customer.getByTestId('message').filter({ hasText: reply })).toHaveCount(1);
  // Give a duplicate the time to show up if one was sent, then count again on both sides.
  await panel.waitForTimeout(2_000);
  await expect(panel.getByTestId('message').filter({ hasText: reply })).toHaveCount(1);
  await customer.reload();
  await expect(customer.getByTestId('message').filter({ hasText: reply })).toHaveCount(1);
});
