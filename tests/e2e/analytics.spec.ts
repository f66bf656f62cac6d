import { readFile } from 'node:fs/promises';
import { DEMO_SIGN_INS } from '../../server/demo/seed';
import { expect, test } from './fixtures';
import { customersWithoutOngoingChat, openConversationWith, openCustomerPage, sendAsCustomer } from './pages';

test('the popup shows the headline figures and the team, and follows a reply live', async ({
  server,
  extension,
}) => {
  const panel = await extension.openSidePanel();
  const popup = await extension.context.newPage();
  await popup.goto(`chrome-extension://${extension.extensionId}/popup.html`);
  const figures = popup.getByTestId('popup-figures');
  await expect(figures).toBeVisible();
  for (const name of ['responseRate', 'satisfaction', 'sessions']) {
    await expect(figures.getByTestId(`headline-${name}`).getByTestId('headline-today')).not.toBeEmpty();
    await expect(figures.getByTestId(`headline-${name}`).locator('svg.sparkline')).toBeVisible();
  }
  // The demo team: its three agents always, each with a status (nobody but the manager is signed in).
  for (const agent of ['Sara', 'Luca', 'Tom']) {
    const row = popup.getByTestId('team-row').filter({ hasText: agent });
    await expect(row.locator('.presence-offline')).toHaveCount(1);
  }
  const rows = await popup.getByTestId('team-row').count();
  await expect(popup.getByTestId('team-row').locator('.presence')).toHaveCount(rows);

  // A new chat answered now counts at once in today's 24 h response rate: one more answered of one more.
  const basis = figures.getByTestId('headline-responseRate').locator('.headline-basis');
  const before = (await basis.textContent())!;
  const [answered, countable] = before.match(/\d+/g)!.map(Number) as [number, number];
  const fresh = (await customersWithoutOngoingChat(server))[0]!;
  const customer = await openCustomerPage(extension.context, server, fresh);
  const question = `Do you ship to Sardinia? (${Date.now()})`;
  await sendAsCustomer(customer, question);
  await openConversationWith(panel, question);
  await panel.getByTestId('reply-input').fill('Yes, in 3 working days.');
  await panel.getByTestId('reply-send').click();
  await expect(basis).toHaveText(`${answered + 1} of ${countable + 1}`, { timeout: 20_000 });
});

test('the reports page: totals, charts, a drill-down to the conversations behind a figure, and a CSV export', async ({
  extension,
}) => {
  const panel = await extension.openSidePanel();
  const reports = await extension.context.newPage();
  await reports.goto(`chrome-extension://${extension.extensionId}/reports.html`);
  const created = reports.getByTestId('total-created');
  await expect(created.locator('strong')).toHaveText(/^\d+$/);
  const total = Number(await created.locator('strong').textContent());
  expect(total).toBeGreaterThan(0);
  await expect(reports.getByTestId('report-chart').locator('canvas')).toHaveCount(3);

  // Drill down: the list says how many, and holds them page by page.
  await created.click();
  const drill = reports.getByTestId('drill-down');
  await expect(drill).toContainText(`${total} conversation`);
  await expect(drill.getByTestId('drill-row').first()).toBeVisible();
  const shown = await drill.getByTestId('drill-row').count();
  expect(shown).toBe(Math.min(total, 50));

  // A shop filter narrows every figure.
  await reports.getByTestId('report-shop').selectOption({ index: 1 });
  await expect(created.locator('strong')).not.toHaveText(String(total));
  const narrowed = Number(await created.locator('strong').textContent());
  expect(narrowed).toBeLessThan(total);

  // CSV: one row per conversation with its timings.
  const download = reports.waitForEvent('download');
  await reports.getByTestId('export-csv').click();
  const csv = await readFile((await (await download).path())!, 'utf8');
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toMatch(/first_response_seconds/);
  expect(lines.length - 1).toBeGreaterThanOrEqual(narrowed);

  // A conversation behind a figure opens in the side panel.
  await reports.getByTestId('total-created').click();
  const row = reports.getByTestId('drill-row').first();
  const name = (await row.locator('th button').textContent())!;
  await row.locator('th button').click();
  await expect(panel.getByTestId('chat-customer')).toHaveText(name);
});

test('an agent’s popup shows their own figures, never the server’s refusal', async ({ extension }) => {
  const sara = DEMO_SIGN_INS.find((s) => s.nickname === 'Sara')!;
  await extension.openSidePanel(sara.email);
  const popup = await extension.context.newPage();
  await popup.setViewportSize({ width: 320, height: 600 });
  await popup.goto(`chrome-extension://${extension.extensionId}/popup.html`);
  const figures = popup.getByTestId('popup-figures');
  await expect(figures).toBeVisible();
  await expect(figures).toContainText('Your own figures');
  for (const name of ['responseRate', 'satisfaction', 'sessions'])
    await expect(figures.getByTestId(`headline-${name}`).getByTestId('headline-today')).not.toBeEmpty();
  // An agent's glance has no team table, and nothing of the API's wording shows.
  await expect(popup.getByTestId('team-figures')).toHaveCount(0);
  await expect(popup.getByRole('alert')).toHaveCount(0);
  await expect(popup.locator('body')).not.toContainText('memberIds');
  await popup.screenshot({ path: test.info().outputPath('popup-agent.png') });
});
