import type { Page } from '@playwright/test';
import { DEMO_SIGN_INS } from '../../server/demo/seed';
import { expect, test } from './fixtures';
import { customersWithoutOngoingChat, openCustomerPage, sendAsCustomer } from './pages';

// What a member sees of the inbox list's rules: the bucket chips and the rows agree in every view, an agent
// reaches their closed and snoozed chats, "latest" goes by the customer's last message, and a search found
// only on the server says so.

const CHIPS = ['unread', 'unreplied', 'due_soon', 'overdue', 'starred', 'snoozed', 'closed'] as const;
type Chip = (typeof CHIPS)[number];

/** What a row shows of its state. */
interface RowMarks {
  id: string;
  name: string;
  preview: string;
  dot: boolean;
  star: boolean;
  tags: string[];
  /** The whole text of the row's labels and countdown, where "due soon" must not show unless it is. */
  meta: string;
  time: string;
}

const items = (panel: Page) => panel.getByTestId('conversation-list').getByTestId('conversation-item');

/** Every row of the shown list, scrolled through (only a window of the rows is in the DOM at a time). */
async function allRows(panel: Page): Promise<RowMarks[]> {
  const seen = new Map<string, RowMarks & { index: number }>();
  const scroller = panel.getByTestId('conversation-list');
  await scroller.evaluate((el) => (el.scrollTop = 0));
  for (let step = 0; step < 200; step++) {
    const { rows, atEnd } = await scroller.evaluate((el) => {
      const rows = [...el.querySelectorAll('li.conversation-row')].map((li) => {
        const item = li.querySelector('[data-testid="conversation-item"]')!;
        return {
          index: Number(li.getAttribute('data-index')),
          id: item.getAttribute('data-conversation-id')!,
          name: item.querySelector('.customer-name')!.textContent!.replace('★', '').trim(),
          preview: item.querySelector('.preview')!.textContent!,
          dot: item.querySelector('[data-testid="unread-dot"]') !== null,
          star: item.querySelector('.row-star') !== null,
          tags: [...item.querySelectorAll('.conversation-meta .tag')].map((t) => t.textContent!.trim()),
          meta: item.querySelector('.conversation-meta')!.textContent!,
          time: item.querySelector('time')!.getAttribute('datetime')!,
        };
      });
      const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - 2;
      el.scrollTop += Math.max(100, el.clientHeight - 80);
      return { rows, atEnd };
    });
    for (const row of rows) seen.set(row.id, row);
    if (atEnd) break;
    await panel.waitForTimeout(50);
  }
  await scroller.evaluate((el) => (el.scrollTop = 0));
  return [...seen.values()].sort((a, b) => a.index - b.index);
}

/** The list's length as its rows say (0 when it has none), once the whole cache is read. */
async function listSize(panel: Page): Promise<number> {
  await expect(panel.getByTestId('conversation-list').locator('ul[aria-busy]')).toHaveCount(0);
  const row = panel.getByTestId('conversation-list').locator('li.conversation-row').first();
  if ((await row.count()) === 0) return 0;
  return Number(await row.getAttribute('aria-setsize'));
}

async function chipCount(panel: Page, chip: Chip): Promise<number> {
  const count = panel.getByTestId(`bucket-${chip}`).locator('.count');
  await expect(count).toHaveText(/^\d+$/);
  return Number(await count.textContent());
}

/** Whether a row shows the mark of a chip. */
const marked: Record<Exclude<Chip, 'snoozed'>, (row: RowMarks) => boolean> = {
  unread: (row) => row.dot,
  unreplied: (row) => row.tags.includes('Not replied'),
  due_soon: (row) => /due soon/i.test(row.meta),
  overdue: (row) => row.tags.includes('Overdue'),
  starred: (row) => row.star,
  closed: (row) => row.tags.includes('Closed'),
};

/**
 * In the view on screen: each chip's count is the number of rows it selects, and every row shows a chip's mark
 * exactly when that chip selects it. Returns the rows each chip selects, and those shown with no chip.
 */
async function checkChipsAgree(panel: Page, what: string): Promise<Record<Chip | 'none', RowMarks[]>> {
  const selected = {} as Record<Chip | 'none', RowMarks[]>;
  selected.none = await allRows(panel);
  for (const chip of CHIPS) {
    const button = panel.getByTestId(`bucket-${chip}`);
    if ((await button.count()) === 0) {
      selected[chip] = [];
      continue;
    }
    const count = await chipCount(panel, chip);
    await button.click();
    await expect(button).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(() => listSize(panel), `${what}: rows under ${chip}`).toBe(count);
    selected[chip] = await allRows(panel);
    expect(selected[chip], `${what}: rows under ${chip}`).toHaveLength(count);
    await button.click();
    await expect(button).toHaveAttribute('aria-pressed', 'false');
  }
  const rows = new Map<string, RowMarks>();
  for (const list of Object.values(selected)) for (const row of list) rows.set(row.id, row);
  for (const [chip, hasMark] of Object.entries(marked) as [Chip, (row: RowMarks) => boolean][]) {
    const ids = new Set(selected[chip].map((r) => r.id));
    for (const row of rows.values()) {
      expect(
        hasMark(row),
        `${what}: ${row.name} (${row.meta}) is ${ids.has(row.id) ? '' : 'not '}${chip}`,
      ).toBe(ids.has(row.id));
    }
  }
  return selected;
}

/** Opens a row's chat (by its text, or its row), scrolled to where it is, and comes back to the list. */
async function openAndBack(panel: Page, row: string | RowMarks, act?: () => Promise<void>): Promise<void> {
  const item =
    typeof row === 'string'
      ? items(panel).filter({ hasText: row }).first()
      : panel.locator(`[data-testid="conversation-item"][data-conversation-id="${row.id}"]`);
  const scroller = panel.getByTestId('conversation-list');
  await scroller.evaluate((el) => (el.scrollTop = 0));
  for (let step = 0; step < 200 && (await item.count()) === 0; step++) {
    await scroller.evaluate((el) => (el.scrollTop += Math.max(100, el.clientHeight - 80)));
    await panel.waitForTimeout(50);
  }
  await item.click();
  await expect(panel.getByTestId('chat-messages')).toBeVisible();
  await act?.();
  await panel.getByRole('button', { name: 'Back to the inbox' }).click();
  await expect(panel.getByTestId('conversation-list')).toBeVisible();
}

test('every chip counts the rows it selects and the rows show what the chips count, in every view and filter', async ({
  server,
  extension,
}) => {
  test.setTimeout(240_000);
  const panel = await extension.openSidePanel();
  // Tall, so most lists are on one screen and reading every row scrolls little.
  await panel.setViewportSize({ width: 360, height: 3000 });
  // A new customer, waiting for a reply: on time, so no row may say "due soon".
  const [fresh] = await customersWithoutOngoingChat(server);
  const customer = await openCustomerPage(extension.context, server, fresh!);
  const question = `Is the blue one back in stock? (${Date.now()})`;
  await sendAsCustomer(customer, question);
  await panel.getByTestId('view-all').click();
  await expect(items(panel).filter({ hasText: question })).toBeVisible();

  // Opened, it is read and still awaits a reply: not replied, on time.
  await openAndBack(panel, question);
  const opened = (await allRows(panel)).find((r) => r.preview.includes(question))!;
  expect(opened.dot).toBe(false);
  expect(opened.tags).toContain('Not replied');
  expect(opened.meta).toMatch(/overdue in \d+ h/);
  expect(opened.meta).not.toMatch(/due soon/i);

  // The manager's own chats: several never opened, one starred.
  await panel.getByTestId('view-mine').click();
  await expect.poll(() => listSize(panel)).toBeGreaterThan(0);
  const mine = await allRows(panel);
  expect(mine.filter((r) => r.dot).length, 'unread chats of the manager').toBeGreaterThan(0);
  await openAndBack(panel, mine.at(-1)!, async () => {
    await panel.getByTestId('star').click();
    await expect(panel.getByTestId('star')).toHaveAttribute('aria-pressed', 'true');
  });

  const { shops } = (await (await fetch(`${server.url}/demo/api/context`)).json()) as {
    shops: { id: string; name: string }[];
  };
  const views: [string, () => Promise<unknown>][] = [
    ['Assigned to me', () => panel.getByTestId('view-mine').click()],
    ['Unassigned', () => panel.getByTestId('view-unassigned').click()],
    ['All', () => panel.getByTestId('view-all').click()],
    ['Sara (agent)', () => panel.getByTestId('view-select').selectOption({ label: 'Sara (agent)' })],
    [
      `All, ${shops[1]!.name} only`,
      async () => {
        await panel.getByTestId('view-all').click();
        await panel.getByTestId('filter-toggle').click();
        await panel.getByTestId(`filter-shopIds-${shops[1]!.id}`).check();
        await panel.getByTestId('filter-toggle').click();
      },
    ],
  ];
  for (const [what, show] of views) {
    await show();
    const selected = await checkChipsAgree(panel, what);
    expect(selected.none.length, `${what} shows rows`).toBeGreaterThan(0);
    expect(selected.starred.length + selected.unreplied.length, `${what} has marked rows`).toBeGreaterThan(0);
  }
});

test('an agent reaches their own closed and snoozed chats from the chips of "Assigned to me"', async ({
  extension,
}) => {
  test.setTimeout(180_000);
  const sara = DEMO_SIGN_INS.find((s) => s.nickname === 'Sara')!;
  const panel = await extension.openSidePanel(sara.email);
  await expect(panel.getByTestId('view-all')).toHaveCount(0);
  await expect.poll(() => listSize(panel)).toBeGreaterThan(2);
  const closedBefore = await chipCount(panel, 'closed');
  // The demo's week left Sara closed chats of her own.
  expect(closedBefore).toBeGreaterThan(0);

  // She snoozes one chat and ends another.
  const [toSnooze, toClose] = await allRows(panel);
  await openAndBack(panel, toSnooze!, async () => {
    await panel.getByTestId('chat-more').click();
    await panel.getByTestId('snooze-4h').click();
    await expect(panel.getByTestId('snoozed-note')).toBeVisible();
  });
  await openAndBack(panel, toClose!, async () => {
    await panel.getByTestId('end-session').click();
    await panel.getByTestId('confirm-yes').click();
    await expect(panel.getByTestId('closed-note')).toBeVisible();
  });

  // Neither is in her list any more; both are behind their chips, with the counts to match.
  await expect(items(panel).filter({ hasText: toSnooze!.name })).toHaveCount(0);
  await expect(items(panel).filter({ hasText: toClose!.name })).toHaveCount(0);
  await expect(panel.getByTestId('bucket-closed').locator('.count')).toHaveText(String(closedBefore + 1));
  await expect(panel.getByTestId('bucket-snoozed').locator('.count')).toHaveText('1');
  const selected = await checkChipsAgree(panel, 'Sara, Assigned to me');
  expect(selected.closed.map((r) => r.id)).toContain(toClose!.id);
  expect(selected.snoozed.map((r) => r.id)).toEqual([toSnooze!.id]);
  const shown = new Set(selected.none.map((r) => r.id));
  expect([...selected.closed, ...selected.snoozed].filter((r) => shown.has(r.id))).toEqual([]);
  // The view's count is its list without a chip.
  await expect(panel.getByTestId('view-mine').locator('.count')).toHaveText(String(selected.none.length));

  await panel.getByTestId('bucket-closed').click();
  await expect(items(panel).filter({ hasText: toClose!.name })).toBeVisible();
  for (const width of [320, 360]) {
    await panel.setViewportSize({ width, height: 640 });
    await panel.screenshot({ path: test.info().outputPath(`agent-closed-${width}.png`) });
  }
  // The queue holds open chats only: no Snoozed or Closed chip there.
  await panel.getByTestId('view-unassigned').click();
  await expect(panel.getByTestId('bucket-unread')).toBeVisible();
  await expect(panel.getByTestId('bucket-closed')).toHaveCount(0);
  await expect(panel.getByTestId('bucket-snoozed')).toHaveCount(0);
  await checkChipsAgree(panel, 'Sara, Unassigned');
});

test("latest first goes by the customer's last message: a reply moves nothing, on the first screen as in the whole list", async ({
  extension,
}) => {
  test.setTimeout(120_000);
  const panel = await extension.openSidePanel();
  await panel.getByTestId('view-all').click();
  await expect.poll(() => listSize(panel)).toBeGreaterThan(10);
  const isLatestFirst = (rows: RowMarks[]) => {
    const times = rows.map((r) => r.time);
    expect(times).toEqual([...times].sort().reverse());
  };
  const before = await allRows(panel);
  isLatestFirst(before);

  // The manager answers a customer who wrote long ago: the chat stays where its customer put it.
  const old = before.findLast((r) => !r.tags.includes('Closed'))!;
  const place = before.findIndex((r) => r.id === old.id);
  expect(place).toBeGreaterThan(5);
  await openAndBack(panel, old, async () => {
    await panel.getByTestId('reply-input').fill('Sorry for the wait: it is on its way.');
    await panel.getByTestId('reply-send').click();
    await expect(panel.getByTestId('message').filter({ hasText: 'Sorry for the wait' })).toBeVisible();
  });
  await expect(items(panel).first()).not.toContainText('Sorry for the wait');
  const after = await allRows(panel);
  isLatestFirst(after);
  expect(after.findIndex((r) => r.id === old.id)).toBe(place);
  expect(after.find((r) => r.id === old.id)!.time).toBe(old.time);

  // Reopened, the panel draws its own list's first screen before reading the rest: in the same order.
  const again = await extension.context.newPage();
  await again.goto(panel.url());
  await expect(items(again).first()).toBeVisible();
  const first = await items(again).evaluateAll((els) =>
    els.slice(0, 8).map((el) => el.getAttribute('data-conversation-id')),
  );
  await expect.poll(() => listSize(again)).toBeGreaterThan(0);
  const whole = await allRows(again);
  isLatestFirst(whole);
  expect(first).toEqual(whole.slice(0, 8).map((r) => r.id));
});

test('a search found only on the server says so, not "Nothing matches"', async ({ server, extension }) => {
  const panel = await extension.openSidePanel();
  const [fresh] = await customersWithoutOngoingChat(server);
  const customer = await openCustomerPage(extension.context, server, fresh!);
  const stamp = String(Date.now()).slice(-6);
  await sendAsCustomer(customer, `I ordered an umbrella ${stamp} last week`);
  await panel.getByTestId('view-all').click();
  await expect(items(panel).first()).toBeVisible();
  // "umbrellas" does not start "umbrella", but the two share a stem: only the server's search knows.
  await panel.getByTestId('search-input').fill('umbrellas');
  const results = panel.getByTestId('server-results');
  await expect(results.getByTestId('server-hit').first()).toBeVisible();
  await expect(items(panel)).toHaveCount(0);
  await expect(results.getByRole('heading')).toHaveText('Nothing in this list matches. Found on the server:');
  await expect(panel.getByText('Nothing matches. Change the search or the filters.')).toHaveCount(0);
  for (const width of [320, 360]) {
    await panel.setViewportSize({ width, height: 640 });
    await panel.screenshot({ path: test.info().outputPath(`server-only-${width}.png`) });
  }
  // Found in the list too: the server's other hits are "more".
  await panel.getByTestId('search-input').fill(`umbrella ${stamp}`);
  await expect(items(panel)).toHaveCount(1);
  await expect(panel.getByText('Nothing in this list matches. Found on the server:')).toHaveCount(0);
});

test.describe('in Italian', () => {
  test.use({ uiLanguage: 'it' });

  test("an agent's closed chats and a search found only on the server, in Italian at 320 and 360 px", async ({
    server,
    extension,
  }) => {
    const sara = DEMO_SIGN_INS.find((s) => s.nickname === 'Sara')!;
    const panel = await extension.context.newPage();
    await panel.goto(`chrome-extension://${extension.extensionId}/sidepanel.html`);
    await panel.getByLabel('URL del server').fill(server.url);
    await panel.getByLabel('Email').fill(sara.email);
    await panel.getByLabel('Password').fill(sara.password);
    await panel.getByRole('button', { name: 'Accedi', exact: true }).click();
    await expect(panel.getByTestId('view-mine')).toBeVisible();
    await expect.poll(() => listSize(panel)).toBeGreaterThan(0);
    // A waiting row counts down to overdue ("scade tra …") or says it is ("Scaduta").
    await expect(
      items(panel)
        .filter({ hasText: /scade tra|Scaduta/ })
        .first(),
    ).toBeVisible();

    const closed = panel.getByRole('button', { name: /^Chiuse/ });
    const count = Number(await closed.locator('.count').textContent());
    expect(count).toBeGreaterThan(0);
    await closed.click();
    await expect.poll(() => listSize(panel)).toBe(count);
    for (const row of await items(panel).all()) await expect(row).toContainText('Chiusa');
    for (const width of [320, 360]) {
      await panel.setViewportSize({ width, height: 640 });
      await panel.screenshot({ path: test.info().outputPath(`it-closed-${width}.png`) });
    }
    await closed.click();

    const [fresh] = await customersWithoutOngoingChat(server);
    const customer = await openCustomerPage(extension.context, server, fresh!);
    const stamp = String(Date.now()).slice(-6);
    await sendAsCustomer(customer, `Ho ordinato un ombrello ${stamp}`);
    await panel.getByTestId('view-unassigned').click();
    await panel.getByTestId('search-input').fill('ombrelli');
    await expect(panel.getByTestId('server-hit').first()).toBeVisible();
    await expect(panel.getByTestId('server-results').getByRole('heading')).toHaveText(
      'Niente in questo elenco corrisponde. Trovate sul server:',
    );
    for (const width of [320, 360]) {
      await panel.setViewportSize({ width, height: 640 });
      await panel.screenshot({ path: test.info().outputPath(`it-server-only-${width}.png`) });
    }
  });
});
