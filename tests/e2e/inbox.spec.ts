import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { customersWithoutOngoingChat, openCustomerPage, sendAsCustomer } from './pages';

const items = (panel: Page) => panel.getByTestId('conversation-list').getByTestId('conversation-item');

test('search, filters, sorting, saved views and the keyboard', async ({ server, extension }) => {
  const panel = await extension.openSidePanel();
  const [fresh] = await customersWithoutOngoingChat(server);
  const customer = await openCustomerPage(extension.context, server, fresh!);
  const stamp = String(Date.now()).slice(-6);
  const question = `La spedizione è in ritardo, il pacco ZX-${stamp} non si muove`;
  await sendAsCustomer(customer, question);
  await panel.getByTestId('view-all').click();
  const ours = items(panel).filter({ hasText: question });
  await expect(ours).toBeVisible();
  // The keyword rules gave it its category.
  await expect(ours).toContainText('Logistics');
  const allCount = await items(panel).count();

  // Instant search over the cache: words of a message, ignoring case and accents.
  await panel.getByTestId('search-input').fill(`zx-${stamp} SPEDIZIONE`);
  await expect(items(panel)).toHaveCount(1);
  await expect(items(panel).first()).toContainText(`ZX-${stamp}`);
  // The server's search knows word stems: "spedizioni ritardi" finds "spedizione … ritardo".
  await panel.getByTestId('search-input').fill(`spedizioni ritardi ${stamp}`);
  await expect(items(panel)).toHaveCount(0);
  await panel.getByTestId('search-input').fill('spedizioni ritardi');
  const serverHit = panel.getByTestId('server-hit').filter({ hasText: 'in a message' }).first();
  await expect(panel.getByTestId('server-results')).toBeVisible();
  await expect(serverHit).toBeVisible();
  await panel.getByTestId('search-input').fill('');
  await expect(items(panel).first()).toBeVisible();

  // Filters: a channel nobody wrote on empties the list; the category keeps ours.
  await panel.getByTestId('filter-toggle').click();
  await panel.getByTestId('filter-categories-logistics').check();
  await expect(ours).toBeVisible();
  for (const row of await items(panel).all()) await expect(row).toContainText('Logistics');
  await panel.getByTestId('filter-channels-sms').check();
  await expect(panel.getByText('Nothing matches. Change the search or the filters.')).toBeVisible();
  await panel.getByTestId('filter-channels-sms').uncheck();
  await expect(panel.getByTestId('filter-toggle')).toHaveText('Filters (1)');

  // Saved as a view, which survives a reload.
  await panel.getByTestId('save-view-name').fill('Logistics to do');
  await panel.getByTestId('save-view').click();
  await expect(panel.getByTestId('saved-view-row')).toHaveText(/Logistics to do/);
  await panel.reload();
  await expect(panel.getByTestId('view-mine')).toBeVisible();
  await panel.getByTestId('view-select').selectOption({ label: 'Logistics to do' });
  await expect(panel.getByTestId('filter-toggle')).toHaveText('Filters (1)');
  await expect(items(panel).filter({ hasText: question })).toBeVisible();
  await panel.getByTestId('view-all').click();
  await expect(items(panel)).toHaveCount(allCount);

  // Sorting: latest first puts the new chat on top; longest waiting puts the oldest waiting chat there.
  await expect(items(panel).first()).toContainText(question);
  await panel.getByTestId('sort-select').selectOption('waiting');
  await expect(items(panel).first()).not.toContainText(question);
  await expect(items(panel).first()).toContainText('Not replied');
  await panel.getByTestId('sort-select').selectOption('latest');
  await expect(items(panel).first()).toContainText(question);

  // The keyboard: j/k move, Enter opens, Esc goes back, ? lists the keys, / searches, r replies.
  await panel.locator('body').click({ position: { x: 5, y: 5 } });
  await panel.keyboard.press('j');
  await expect(items(panel).nth(1)).toHaveAttribute('data-focused', 'true');
  await panel.keyboard.press('k');
  await expect(items(panel).nth(0)).toHaveAttribute('data-focused', 'true');
  await panel.keyboard.press('Enter');
  await expect(panel.getByTestId('chat-messages')).toContainText(question);
  await panel.keyboard.press('Escape');
  await expect(items(panel).first()).toBeVisible();
  await panel.keyboard.press('?');
  await expect(panel.getByTestId('keyboard-help')).toBeVisible();
  await panel.keyboard.press('Escape');
  await expect(panel.getByTestId('keyboard-help')).toBeHidden();
  await panel.keyboard.press('/');
  await expect(panel.getByTestId('search-input')).toBeFocused();
  await panel.keyboard.press('Escape');
  await panel.keyboard.press('r');
  await expect(panel.getByTestId('reply-input')).toBeFocused();
  await panel.keyboard.type('Ti scrivo subito il tracking.');
  await panel.keyboard.press('Enter');
  await expect(
    customer.getByTestId('message').filter({ hasText: 'Ti scrivo subito il tracking.' }),
  ).toBeVisible();
  // e ends the session of the open chat (once out of the reply box).
  await panel.keyboard.press('Escape');
  await panel.keyboard.press('e');
  await expect(panel.getByTestId('closed-note')).toBeVisible();
  await expect(customer.getByTestId('rating-star').first()).toBeVisible();
});

test('bulk actions: tag, assign, close and trash several chats; the per-agent view', async ({
  server,
  extension,
}) => {
  const panel = await extension.openSidePanel();
  const stamp = String(Date.now()).slice(-6);
  const texts = [`Bulk one ${stamp}`, `Bulk two ${stamp}`];
  const fresh = await customersWithoutOngoingChat(server);
  for (const [i, text] of texts.entries()) {
    const customer = await openCustomerPage(extension.context, server, fresh[i]!);
    await sendAsCustomer(customer, text);
  }
  await panel.getByTestId('view-all').click();
  await panel.getByTestId('search-input').fill(String(stamp));
  await expect(items(panel)).toHaveCount(2);
  const boxes = panel.getByTestId('select-conversation');
  await boxes.first().check();
  await expect(panel.getByTestId('bulk-count')).toHaveText('1 selected');
  await panel.getByTestId('bulk-select-all').click();
  await expect(panel.getByTestId('bulk-count')).toHaveText('2 selected');

  await panel.getByTestId('bulk-tag-input').fill(`vip${stamp}`);
  await panel.getByTestId('bulk-tag').click();
  await expect(panel.getByTestId('bulk-result')).toHaveText('Done for 2 conversations.');
  for (const row of await items(panel).all()) await expect(row).toContainText(`#vip${stamp}`);

  await boxes.first().check();
  await panel.getByTestId('bulk-select-all').click();
  await panel.getByTestId('bulk-assign').selectOption({ label: 'Tom' });
  await expect(panel.getByTestId('bulk-result')).toHaveText('Done for 2 conversations.');
  // The per-agent view lists what Tom has now.
  await panel.getByTestId('search-input').fill('');
  await panel.getByTestId('view-select').selectOption({ label: 'Agent: Tom' });
  for (const text of texts) await expect(items(panel).filter({ hasText: text })).toBeVisible();

  await panel.getByTestId('search-input').fill(String(stamp));
  await boxes.first().check();
  await panel.getByTestId('bulk-select-all').click();
  await panel.getByTestId('bulk-close').click();
  await expect(panel.getByTestId('bulk-result')).toHaveText('Done for 2 conversations.');
  for (const row of await items(panel).all()) await expect(row).toContainText('Closed');

  await boxes.first().check();
  await panel.getByTestId('bulk-select-all').click();
  await panel.getByTestId('bulk-trash').click();
  await expect(panel.getByTestId('bulk-result')).toHaveText('Done for 2 conversations.');
  await panel.getByTestId('view-trash').click();
  await expect(items(panel)).toHaveCount(2);
});
