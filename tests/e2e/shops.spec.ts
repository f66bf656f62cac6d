// The Shops page of the options, as an owner uses it at 360 px: a new shop with its calendar and webhook,
// the secret seen once, a server refusal beside the field it names, and the side panel picking the shop up
// (and dropping it when archived) without signing in again.
import { DEMO_SIGN_INS } from '../../server/demo/seed';
import { expect, test } from './fixtures';

const owner = DEMO_SIGN_INS.find((s) => s.role === 'owner')!;
const shotDir = process.env.E2E_SCREENSHOTS;

test('an owner adds a shop with its working hours and webhook; the side panel lists it at once', async ({
  extension,
}) => {
  test.setTimeout(120_000);
  const panel = await extension.openSidePanel(owner.email);
  const options = await extension.context.newPage();
  await options.setViewportSize({ width: 360, height: 900 });
  await options.goto(`chrome-extension://${extension.extensionId}/options.html#shops`);
  const shot = async (name: string) => {
    if (!shotDir) return;
    // In window-high pieces, to be looked at one by one.
    const height = await options.evaluate(() => document.documentElement.scrollHeight);
    for (let y = 0, part = 0; y < height; y += 900, part++) {
      await options.screenshot({
        path: `${shotDir}/${name}-${part}.png`,
        fullPage: true,
        clip: { x: 0, y, width: 360, height: Math.min(900, height - y) },
      });
    }
  };

  await test.step('the list, then "Add a shop" with the basics', async () => {
    await expect(options.getByTestId('shop-row').first()).toBeVisible();
    await shot('1-list');
    await options.getByTestId('shops-add').click();
    await options.getByLabel('Shop name').fill('Berlin store');
    await options.getByLabel('Marketplace').selectOption('amazon');
    await options.getByLabel('Country').selectOption('DE');
    await options.getByLabel('Currency').selectOption('EUR');
    await options.getByLabel('Search time zones').fill('berlin');
    await options.getByRole('option', { name: /Europe\/Berlin/ }).click();
    await expect(options.getByTestId('shop-time-zone')).toHaveText('Europe/Berlin');
    await shot('2-new');
    await options.getByRole('button', { name: 'Create the shop' }).click();
    await expect(options.getByTestId('shop-title')).toHaveText('Berlin store');
  });

  await test.step('working hours: an office week with a lunch break, copied to the weekdays, and a holiday', async () => {
    const hours = options.getByTestId('shop-hours');
    await hours.getByLabel('Count reply times in working hours only').check();
    await hours.getByLabel('Monday, opening 1 until').fill('13:00');
    await hours.getByRole('button', { name: 'Add hours to Monday' }).click();
    await hours.getByLabel('Monday, opening 2 from').fill('14:00');
    await hours.getByLabel('Monday, opening 2 until').fill('18:00');
    await hours.getByRole('button', { name: 'Copy Monday to all weekdays' }).click();
    await expect(hours.getByLabel('Friday, opening 2 from')).toHaveValue('14:00');
    await hours.getByLabel('Holiday date').fill('2026-12-25');
    await hours.getByRole('button', { name: 'Add holiday' }).click();
    await hours.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(hours.getByRole('status')).toHaveText('Saved');
    await shot('3-hours');
  });

  await test.step('reply times: the server refuses due soon after overdue, beside the field', async () => {
    const times = options.getByTestId('shop-reply-times');
    await times.getByLabel('Due soon after').fill('30');
    await times.getByRole('button', { name: 'Save', exact: true }).click();
    const refusal = times.locator('#shop-dueSoonHours-error');
    await expect(refusal).toHaveText('body.dueSoonHours: must come before overdueHours');
    await expect(times.getByLabel('Due soon after')).toHaveAttribute('aria-invalid', 'true');
    await shot('4-refused');
    await times.getByLabel('Due soon after').fill('8');
    await times.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(times.getByRole('status')).toHaveText('Saved');
    await expect(refusal).toHaveCount(0);
  });

  let secret = '';
  await test.step('the webhook: its secret shown once, a bad delivery URL refused beside the field', async () => {
    const channel = options.getByTestId('shop-channel');
    await channel.getByRole('button', { name: 'Turn the webhook on' }).click();
    secret = (await channel.getByTestId('webhook-secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await expect(channel.getByTestId('webhook-state')).toContainText('Webhook on');
    await expect(channel.getByTestId('webhook-inbound-url')).toContainText('/api/channels/webhook/shop_');
    await channel.getByLabel('Delivery URL').fill('http://integration.example.com/in');
    await channel.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(channel.locator('#shop-delivery-error')).toContainText('body.deliveryUrl: must use https');
    await shot('5-channel');
    await channel.getByLabel('Delivery URL').fill('http://127.0.0.1:9/deliveries');
    await channel.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(channel.getByRole('status')).toHaveText('Saved');
    await channel.getByRole('button', { name: 'I have saved it' }).click();
    await expect(channel.getByTestId('webhook-secret')).toHaveCount(0);
  });

  await test.step('never shown again: the page opened afresh has no secret in it', async () => {
    await options.reload();
    await options.getByTestId('shop-row').filter({ hasText: 'Berlin store' }).click();
    await expect(options.getByTestId('webhook-state')).toContainText('Webhook on');
    expect(await options.content()).not.toContain(secret.slice(6));
    await expect(options.getByLabel('Delivery URL')).toHaveValue('http://127.0.0.1:9/deliveries');
    await expect(options.getByTestId('holidays')).toContainText('2026');
  });

  await test.step('the side panel lists the new shop, and drops it once archived', async () => {
    await panel.getByTestId('filter-toggle').click();
    const filters = panel.getByTestId('filter-panel');
    await expect(filters.getByText('Berlin store')).toBeVisible();
    await options.getByRole('button', { name: 'Archive this shop' }).click();
    await options.getByRole('button', { name: 'Archive', exact: true }).click();
    await expect(options.getByTestId('shop-title')).toContainText('Archived');
    await expect(filters.getByText('Berlin store')).toHaveCount(0);
    await options.getByTestId('shops-back').click();
    await expect(options.getByTestId('shop-row').filter({ hasText: 'Berlin store' })).toHaveCount(0);
    await options.getByTestId('shops-filter').selectOption('only');
    await expect(options.getByTestId('shop-row')).toHaveText(/Berlin store/);
  });
});

test.describe('in Italian', () => {
  test.use({ uiLanguage: 'it' });

  test('the Shops page reads in Italian and fits 360 px', async ({ extension, server }) => {
    const panel = await extension.context.newPage();
    await panel.goto(`chrome-extension://${extension.extensionId}/sidepanel.html`);
    await panel.getByLabel('URL del server').fill(server.url);
    await panel.getByLabel('Email').fill(owner.email);
    await panel.getByLabel('Password').fill(owner.password);
    await panel.getByRole('button', { name: 'Accedi', exact: true }).click();
    await expect(panel.getByTestId('view-mine')).toBeVisible();
    const options = await extension.context.newPage();
    await options.setViewportSize({ width: 360, height: 900 });
    await options.goto(`chrome-extension://${extension.extensionId}/options.html#shops`);
    await expect(options.getByTestId('options-nav-shops')).toHaveText('Negozi');
    await options.getByTestId('shop-row').first().click();
    const hours = options.getByTestId('shop-hours');
    await expect(hours).toContainText('Orari di lavoro');
    // The week's grid too, as it opens with office hours to start from.
    await hours.getByLabel('Conta i tempi di risposta solo nelle ore di lavoro').check();
    await expect(hours.getByLabel('lunedì, fascia 1 dalle')).toHaveValue('09:00');
    // Nothing wider than the window: no sideways scrolling.
    const overflow = await options.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    if (shotDir) {
      const height = await options.evaluate(() => document.documentElement.scrollHeight);
      for (let y = 0, part = 0; y < height; y += 900, part++)
        await options.screenshot({
          path: `${shotDir}/6-italian-${part}.png`,
          fullPage: true,
          clip: { x: 0, y, width: 360, height: Math.min(900, height - y) },
        });
    }
  });
});
