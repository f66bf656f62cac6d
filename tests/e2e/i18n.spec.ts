import { DEMO_SIGN_INS } from '../../server/demo/seed';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { customersWithoutOngoingChat, openCustomerPage, sendAsCustomer } from './pages';

test.use({ uiLanguage: 'it' });

test('in an Italian browser the sign-in form, the view tabs and the bucket bar are in Italian', async ({
  server,
  extension,
}) => {
  const manager = DEMO_SIGN_INS.find((s) => s.role === 'manager')!;
  const panel = await extension.context.newPage();
  await panel.goto(`chrome-extension://${extension.extensionId}/sidepanel.html`);

  await expect(panel.locator('html')).toHaveAttribute('lang', 'it');
  await expect(panel.getByRole('heading', { name: 'Accedi a Sidedesk' })).toBeVisible();
  await panel.getByLabel('URL del server').fill(server.url);
  await panel.getByLabel('Email').fill(manager.email);
  await panel.getByLabel('Password').fill(manager.password);
  await panel.getByRole('button', { name: 'Accedi', exact: true }).click();

  const tabs = panel.getByRole('tablist', { name: 'Viste della casella' });
  await expect(tabs.getByRole('tab', { name: /^Assegnate a me/ })).toHaveAttribute('aria-selected', 'true');
  for (const name of ['Non assegnate', 'Tutte', 'Cestino'])
    await expect(tabs.getByRole('tab', { name: new RegExp(`^${name}`) })).toBeVisible();
  await expect(tabs.getByRole('tab', { name: /^Assigned to me/ })).toHaveCount(0);

  const buckets = panel.getByRole('group', { name: 'Filtri' });
  for (const name of [
    'Non lette',
    'Senza risposta',
    'In scadenza',
    'Scadute',
    'Con stella',
    'Posticipate',
    'Chiuse',
  ])
    await expect(buckets.getByRole('button', { name: new RegExp(`^${name}`) })).toBeVisible();

  await expect(panel.getByRole('button', { name: 'Disconnetti' })).toBeVisible();
  await expect(panel.getByText('· responsabile')).toBeVisible();
});

/** The side panel signed in through its Italian form (the shared helper fills the English labels). */
async function signInInItalian(
  extension: { context: BrowserContext; extensionId: string },
  serverUrl: string,
  who: (typeof DEMO_SIGN_INS)[number],
): Promise<Page> {
  const panel = await extension.context.newPage();
  await panel.setViewportSize({ width: 360, height: 760 });
  await panel.goto(`chrome-extension://${extension.extensionId}/sidepanel.html`);
  await panel.getByLabel('URL del server').fill(serverUrl);
  await panel.getByLabel('Email').fill(who.email);
  await panel.getByLabel('Password').fill(who.password);
  await panel.getByRole('button', { name: 'Accedi', exact: true }).click();
  await expect(panel.getByTestId('view-mine')).toBeVisible();
  return panel;
}

/** A member's token for the REST API, to make the changes the timeline then tells. */
async function tokenOf(serverUrl: string, who: (typeof DEMO_SIGN_INS)[number]): Promise<string> {
  const response = await fetch(`${serverUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: who.email, password: who.password }),
  });
  return ((await response.json()) as { token: string }).token;
}

test('the timeline’s system lines are in Italian, from their codes, with the names as written', async ({
  server,
  extension,
}) => {
  const manager = DEMO_SIGN_INS.find((s) => s.role === 'manager')!;
  const sara = DEMO_SIGN_INS.find((s) => s.nickname === 'Sara')!;
  const panel = await signInInItalian(extension, server.url, manager);

  const fresh = (await customersWithoutOngoingChat(server))[0]!;
  const customer = await openCustomerPage(extension.context, server, fresh);
  const question = `Spedite in Sardegna? (${Date.now()})`;
  await sendAsCustomer(customer, question);
  await panel.getByTestId('view-all').click();
  const item = panel.getByTestId('conversation-item').filter({ hasText: question });
  await expect(item).toBeVisible();
  const id = (await item.getAttribute('data-conversation-id'))!;
  await item.click();

  // The manager transfers it to Sara with a note, then Sara ends the session.
  const as = async (who: (typeof DEMO_SIGN_INS)[number], path: string, body?: object) => {
    const response = await fetch(`${server.url}/api/conversations/${id}/${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await tokenOf(server.url, who)}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    expect(response.status, path).toBe(200);
  };
  await as(manager, 'transfer', { toMemberId: 'mb_demo_sara', note: 'Cliente abituale' });
  await as(sara, 'end');

  // The open chat follows live.
  const lines = panel
    .getByTestId('chat-messages')
    .locator('[data-testid="message"][data-direction="system"] p');
  await expect(lines.last()).toHaveText('Sara ha terminato la sessione.');
  const texts = await lines.allTextContents();
  // The queue may have handed it to the manager first (his panel is open): that line is in Italian too.
  expect(texts.slice(-2)).toEqual([
    'Marco ha trasferito questa chat a Sara. Nota: Cliente abituale',
    'Sara ha terminato la sessione.',
  ]);
  for (const text of texts.slice(0, -2)) expect(text).toBe('Assegnata a Marco dalla coda.');
  await panel.screenshot({ path: test.info().outputPath('timeline-it.png') });
});

test('the views list names each member with their own role', async ({ server, extension }) => {
  const manager = DEMO_SIGN_INS.find((s) => s.role === 'manager')!;
  const panel = await signInInItalian(extension, server.url, manager);
  const options = panel.getByTestId('view-select').locator('optgroup[label="Per persona"] option');
  await expect(options).not.toHaveCount(0);
  const names = await options.allTextContents();
  for (const expected of ['Elena (titolare)', 'Marco (responsabile)', 'Sara (operatore)', 'Luca (operatore)'])
    expect(names).toContain(expected);
  expect(names.join(' ')).not.toMatch(/Operatore:/);
});

test('the reports page in Italian: days in Italian order, legends without placeholders, the list newest first', async ({
  server,
  extension,
}) => {
  const manager = DEMO_SIGN_INS.find((s) => s.role === 'manager')!;
  await signInInItalian(extension, server.url, manager);
  const reports = await extension.context.newPage();
  await reports.setViewportSize({ width: 1000, height: 900 });
  await reports.goto(`chrome-extension://${extension.extensionId}/reports.html`);
  await expect(reports.getByTestId('report-chart').locator('canvas')).toHaveCount(3);

  // The demo holds a week of chats: the first range starts at its first day with chats, and says so.
  await expect(reports.getByTestId('range-note')).toContainText('il primo giorno con chat');
  const from = await reports.getByLabel('Dal', { exact: true }).inputValue();
  const days = (Date.now() - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  expect(days).toBeLessThan(10);

  // Legends: the day, in Italian ("7 dic"), never uPlot's "--" or its English "Time".
  const legend = reports.locator('.u-legend').first();
  await expect(legend).toContainText('Giorno');
  await expect(legend).not.toContainText('--');
  await expect(legend).not.toContainText('Time');
  const italianDay = /\d{1,2} (gen|feb|mar|apr|mag|giu|lug|ago|set|ott|nov|dic)/;
  await expect(legend).toContainText(italianDay);
  // While no day is pointed at, each line's legend gives the whole range's figure.
  const created = (await reports.getByTestId('total-created').locator('strong').textContent())!;
  await expect(legend.locator('.u-series').nth(1)).toHaveText(new RegExp(`Create:?\\s*${created}$`));
  // Pointing at a day names it, weekday first, in Italian.
  const over = reports.locator('.u-over').first();
  const box = (await over.boundingBox())!;
  await reports.mouse.move(box.x + box.width - 4, box.y + box.height / 2);
  await expect(legend.locator('.u-series').first()).toContainText(/(lun|mar|mer|gio|ven|sab|dom)/);
  await reports.screenshot({ path: test.info().outputPath('reports-it.png'), fullPage: true });

  // The drill-down: sorted by "Iniziata", newest first, with dates in Italian order.
  await reports.getByTestId('total-closed').click();
  const drill = reports.getByTestId('drill-down');
  await expect(drill.getByTestId('drill-row').first()).toBeVisible();
  await expect(drill.getByTestId('drill-started')).toHaveAttribute('aria-sort', 'descending');
  const started = await drill
    .getByTestId('drill-row')
    .locator('time')
    .evaluateAll((times) => times.map((t) => t.getAttribute('datetime')!));
  expect(started.length).toBeGreaterThan(1);
  expect(started).toEqual([...started].sort().reverse());
  await expect(drill.getByTestId('drill-row').first().locator('time')).toHaveText(italianDay);
  await reports.screenshot({ path: test.info().outputPath('drill-it.png'), fullPage: true });
});
