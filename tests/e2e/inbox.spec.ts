import type { Locator, Page } from '@playwright/test';
import { expect, test, type Extension } from './fixtures';
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
  // A waiting row counts down to overdue, or says it is.
  await expect(items(panel).first()).toContainText(/Overdue|overdue in/);
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
  // e ends the session of the open chat (once out of the reply box), after asking: Enter confirms.
  await panel.keyboard.press('Escape');
  await panel.keyboard.press('e');
  await expect(panel.getByTestId('confirm-bar')).toBeVisible();
  await expect(panel.getByTestId('confirm-yes')).toBeFocused();
  await expect(panel.getByTestId('closed-note')).toBeHidden();
  await panel.keyboard.press('Enter');
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
  await panel.getByTestId('view-select').selectOption({ label: 'Tom (agent)' });
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

/** The side panel in a new tab of the same browser, still signed in: what a member sees on reopening it. */
async function reopenPanel(extension: Extension): Promise<Page> {
  const page = await extension.context.newPage();
  await page.goto(`chrome-extension://${extension.extensionId}/sidepanel.html`);
  await expect(page.getByTestId('view-mine')).toBeVisible();
  return page;
}

interface Cached {
  id: string;
  shopId: string;
  status: string;
  trashedAt: string | null;
  lastCustomerMessageAt: string | null;
  createdAt: string;
}

/** The conversations in the extension's cache, read in the panel's page, each with its day in that page. */
async function cachedConversations(panel: Page): Promise<(Cached & { day: string })[]> {
  return panel.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('sidedesk');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const all = await new Promise<Cached[]>((resolve, reject) => {
      const r = db.transaction('conversations').objectStore('conversations').getAll();
      r.onsuccess = () => resolve(r.result as Cached[]);
      r.onerror = () => reject(r.error);
    });
    db.close();
    // As the list's date filter counts days: of the customer's last message (or when the chat began), in the
    // member's time zone, YYYY-MM-DD.
    const day = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' });
    return all.map((c) => ({ ...c, day: day.format(new Date(c.lastCustomerMessageAt ?? c.createdAt)) }));
  });
}

/** How long the shown list is: every row says, since only a window of them is in the DOM. */
async function listSize(panel: Page): Promise<number> {
  const row = panel.getByTestId('conversation-list').locator('li.conversation-row').first();
  if ((await row.count()) === 0) return 0;
  return Number(await row.getAttribute('aria-setsize'));
}

/** Two views saved, reordered and one deleted; the order and the deletion outlast the panel. */
async function checkSavedViews(extension: Extension, panel: Page): Promise<void> {
  // The filter panel is open, with no filter set.
  await expect(panel.getByTestId('filter-toggle')).toHaveText('Filters');
  const rows = (page: Page) => page.getByTestId('saved-view-row');
  const options = (page: Page) =>
    page.getByTestId('view-select').locator('optgroup[label="Saved views"] option');

  await panel.getByTestId('filter-categories-logistics').check();
  await panel.getByTestId('save-view-name').fill('Parcels');
  await panel.getByTestId('save-view').click();
  await expect(rows(panel)).toHaveText([/^Parcels/]);
  await panel.getByTestId('filter-categories-after_sale').check();
  await panel.getByTestId('save-view-name').fill('After the sale');
  await panel.getByTestId('save-view').click();
  await expect(rows(panel)).toHaveText([/^Parcels/, /^After the sale/]);

  // The list shows a change once the server has stored it.
  await panel.getByRole('button', { name: 'Move After the sale up' }).click();
  await expect(rows(panel)).toHaveText([/^After the sale/, /^Parcels/]);
  await expect(options(panel)).toHaveText(['After the sale', 'Parcels']);

  const second = await reopenPanel(extension);
  await panel.close();
  await expect(options(second)).toHaveText(['After the sale', 'Parcels']);
  await second.getByTestId('filter-toggle').click();
  await expect(rows(second)).toHaveText([/^After the sale/, /^Parcels/]);
  await second.getByRole('button', { name: 'Delete the view After the sale' }).click();
  await expect(rows(second)).toHaveText([/^Parcels/]);

  const third = await reopenPanel(extension);
  await second.close();
  await expect(options(third)).toHaveText(['Parcels']);
  // What is left still applies its filter.
  await third.getByTestId('view-select').selectOption({ label: 'Parcels' });
  await expect(third.getByTestId('filter-toggle')).toHaveText('Filters (1)');
  await third.getByTestId('filter-toggle').click();
  await expect(third.getByTestId('filter-categories-logistics')).toBeChecked();
  await expect(third.getByTestId('filter-categories-after_sale')).not.toBeChecked();
}

test('filters by shop and dates show only matching chats, with counts that agree with the cache; saved views reordered and deleted outlast the panel', async ({
  server,
  extension,
}) => {
  const panel = await extension.openSidePanel();
  await panel.getByTestId('view-all').click();
  await expect(items(panel).first()).toBeVisible();
  const { shops } = (await (await fetch(`${server.url}/demo/api/context`)).json()) as {
    shops: { id: string; name: string }[];
  };
  expect(shops.length).toBeGreaterThan(1);
  // The list read the whole cache (the first screen comes before) and the catch-up is over.
  const cache = await cachedConversations(panel);
  const inAll = cache.filter((c) => c.trashedAt === null);
  await expect(panel.getByTestId('view-all').locator('.count')).toHaveText(String(inAll.length));
  await expect(panel.getByTestId('conversation-list').locator('ul[aria-busy]')).toHaveCount(0);
  expect(await listSize(panel)).toBe(inAll.length);

  /** The list is `expected` long; each row in the DOM passes `check`; the Closed bucket counts right. */
  const expectList = async (expected: Cached[], check: (row: Locator) => Promise<void>) => {
    await expect.poll(() => listSize(panel)).toBe(expected.length);
    await expect(panel.getByTestId('bucket-closed').locator('.count')).toHaveText(
      String(expected.filter((c) => c.status === 'closed').length),
    );
    // The views' counts do not follow the filter.
    await expect(panel.getByTestId('view-all').locator('.count')).toHaveText(String(inAll.length));
    const shown = await items(panel).all();
    expect(shown.length).toBeGreaterThan(0);
    for (const row of shown) await check(row);
  };

  await panel.getByTestId('filter-toggle').click();
  let sizes = 0;
  for (const shop of shops) {
    await panel.getByTestId(`filter-shopIds-${shop.id}`).check();
    await expectList(
      inAll.filter((c) => c.shopId === shop.id),
      (row) => expect(row.locator('.conversation-meta > span').first()).toHaveText(shop.name),
    );
    sizes += await listSize(panel);
    await panel.getByTestId(`filter-shopIds-${shop.id}`).uncheck();
  }
  // Each chat is in one shop's list.
  expect(sizes).toBe(inAll.length);

  // A range of days that holds some chats and leaves others out.
  const days = [...new Set(inAll.map((c) => c.day))].sort();
  expect(days.length).toBeGreaterThan(2);
  const [from, to] = [days[1]!, days[days.length - 2]!];
  await panel.getByTestId('filter-from').fill(from);
  await panel.getByTestId('filter-to').fill(to);
  await expect(panel.getByTestId('filter-toggle')).toHaveText('Filters (2)');
  const inRange = inAll.filter((c) => c.day >= from && c.day <= to);
  expect(inRange.length).toBeLessThan(inAll.length);
  const dayOf = (iso: string) =>
    panel.evaluate(
      (at) =>
        new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(
          new Date(at),
        ),
      iso,
    );
  const withinRange = async (row: Locator) => {
    const day = await dayOf((await row.locator('time').getAttribute('datetime'))!);
    expect(day >= from && day <= to, `${day} within ${from}…${to}`).toBe(true);
  };
  await expectList(inRange, withinRange);

  // Both at once: one shop within the range.
  const shop = shops[0]!;
  await panel.getByTestId(`filter-shopIds-${shop.id}`).check();
  await expectList(
    inRange.filter((c) => c.shopId === shop.id),
    async (row) => {
      await withinRange(row);
      await expect(row.locator('.conversation-meta > span').first()).toHaveText(shop.name);
    },
  );
  await panel.getByTestId('filter-reset').click();
  await expect.poll(() => listSize(panel)).toBe(inAll.length);

  await checkSavedViews(extension, panel);
});
