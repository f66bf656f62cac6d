import { signWebhook } from '../../server/channels/webhook';
import { expect, test, type ServerProcess } from './fixtures';
import { openCustomerPage, openConversationWith, sendAsCustomer, seriousProblems } from './pages';

test('no serious or critical accessibility problem on the side panel, popup, options and reports pages', async ({
  server,
  extension,
}) => {
  const panel = await extension.openSidePanel();
  const customer = await openCustomerPage(extension.context, server, 2);
  const question = `Do you ship to Sardinia? (${Date.now()})`;
  await sendAsCustomer(customer, question);
  await panel.getByTestId('view-all').click();
  await expect(panel.getByTestId('conversation-item').first()).toBeVisible();
  await panel.screenshot({ path: test.info().outputPath('inbox.png') });
  expect(await seriousProblems(panel)).toEqual([]);
  await panel.getByTestId('filter-toggle').click();
  expect(await seriousProblems(panel)).toEqual([]);

  await openConversationWith(panel, question);
  await panel
    .getByTestId('reply-input')
    .fill('Yes, in 3 to 5 working days: see https://acme.example/shipping.');
  await panel.getByTestId('reply-send').click();
  await expect(panel.getByTestId('message').filter({ hasText: 'Sardinia' })).toBeVisible();
  await panel.screenshot({ path: test.info().outputPath('chat.png') });
  expect(await seriousProblems(panel)).toEqual([]);

  const popup = await extension.context.newPage();
  await popup.goto(`chrome-extension://${extension.extensionId}/popup.html`);
  await expect(popup.getByTestId('open-inbox')).toBeVisible();
  await expect(popup.getByTestId('team-figures')).toBeVisible();
  await popup.screenshot({ path: test.info().outputPath('popup.png'), fullPage: true });
  expect(await seriousProblems(popup)).toEqual([]);

  const options = await extension.context.newPage();
  await options.goto(`chrome-extension://${extension.extensionId}/options.html`);
  await expect(options.getByTestId('options-server')).toHaveText(server.url);
  expect(await seriousProblems(options)).toEqual([]);

  // The workbench tabs, the reports page and a drill-down.
  await panel.getByTestId('pane-vouchers').click();
  await expect(panel.getByTestId('workbench-voucher').first()).toBeVisible();
  await panel.screenshot({ path: test.info().outputPath('workbench.png') });
  expect(await seriousProblems(panel)).toEqual([]);
  const reports = await extension.context.newPage();
  await reports.setViewportSize({ width: 1200, height: 900 });
  await reports.goto(`chrome-extension://${extension.extensionId}/reports.html`);
  await expect(reports.getByTestId('report-chart').locator('canvas')).toHaveCount(3);
  await reports.getByTestId('total-closed').click();
  await expect(reports.getByTestId('drill-row').first()).toBeVisible();
  await reports.screenshot({ path: test.info().outputPath('reports.png'), fullPage: true });
  expect(await seriousProblems(reports)).toEqual([]);
});

/** Payloads that would run if any customer text reached the page as HTML. */
const XSS = [
  '<script>window.__xss = "script"</script>',
  '<img src=x onerror="window.__xss = \'img\'">',
  '<svg onload="window.__xss = \'svg\'">',
  '"><img src=x onerror=window.__xss=1>',
  '<a href="javascript:window.__xss=1">click me</a>',
  'javascript:window.__xss=1',
  '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
  '{{constructor.constructor("window.__xss=1")()}}',
  '<details open ontoggle="window.__xss=1">',
];

async function deliver(server: ServerProcess, shopId: string, payload: Record<string, unknown>) {
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(`${server.url}/api/channels/webhook/${shopId}/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-sidedesk-timestamp': String(timestamp),
      // The demo shops' webhook secret, the server's default for them.
      'x-sidedesk-signature': signWebhook('sidedesk-demo-webhook', timestamp, body),
    },
    body,
  });
  expect(response.status).toBe(200);
}

test('customer content is text: XSS payloads as names and messages never run, links are safe', async ({
  server,
  extension,
}) => {
  const context = (await (await fetch(`${server.url}/demo/api/context`)).json()) as {
    shops: { id: string }[];
  };
  const shopId = context.shops[0]!.id;
  const stamp = Date.now();
  for (const [i, payload] of XSS.entries()) {
    await deliver(server, shopId, {
      channel: 'marketplace',
      customerHandle: `xss-${stamp}-${i}`,
      customerName: payload,
      externalId: `xss-${stamp}-${i}`,
      body: `${payload} https://safe.example/p/${i} javascript:alert(${i})`,
    });
  }
  const panel = await extension.openSidePanel();
  const dialogs: string[] = [];
  panel.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await panel.getByTestId('view-all').click();
  await panel.getByTestId('search-input').fill('safe.example');
  for (const payload of XSS) {
    await expect(panel.getByTestId('conversation-item').filter({ hasText: payload }).first()).toBeVisible();
  }
  const first = panel.getByTestId('conversation-item').filter({ hasText: XSS[1]! }).first();
  await first.click();
  const bubble = panel.getByTestId('message').filter({ hasText: XSS[1]! });
  await expect(bubble).toBeVisible();
  // The payload shows as the characters it is made of; the http address is a safe link, javascript: is not.
  const link = bubble.locator('a');
  await expect(link).toHaveCount(1);
  await expect(link).toHaveAttribute('href', 'https://safe.example/p/1');
  await expect(link).toHaveAttribute('rel', /noopener/);
  await expect(panel.getByTestId('chat-customer')).toHaveText(XSS[1]!);
  await panel.waitForTimeout(500);
  expect(await panel.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(await panel.locator('img[src="x"], iframe, svg[onload], details[ontoggle]').count()).toBe(0);
  expect(dialogs).toEqual([]);
});
