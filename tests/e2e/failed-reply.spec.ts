import type { Page } from '@playwright/test';
import { DEMO_SIGN_INS } from '../../server/demo/seed';
import { expect, test } from './fixtures';
import { openConversationWith, openCustomerPage, sendAsCustomer } from './pages';

/** Types a reply in the open chat and sends it, as a member would (Enter-free: the Send button). */
async function reply(panel: Page, text: string): Promise<void> {
  await panel.getByTestId('reply-input').fill(text);
  await panel.getByTestId('reply-send').click();
}

const shots = 'test-results/failed-reply';
const manager = DEMO_SIGN_INS.find((s) => s.role === 'manager')!;

test('a reply the server refuses is shown failed with the reason; the next replies go on; edit and resend, or discard', async ({
  server,
  extension,
}) => {
  const panel = await extension.openSidePanel();
  const customer = await openCustomerPage(extension.context, server, 4);
  const question = `Can I change the size? (${Date.now()})`;
  await sendAsCustomer(customer, question);
  await openConversationWith(panel, question);

  // A pasted text carrying an invisible NUL character: the server refuses it with a 400.
  await reply(panel, 'Sure,\u0000 which size?');
  await reply(panel, 'We have S, M and L.');
  const failed = panel.getByTestId('failed-reply');
  await expect(failed).toBeVisible();
  await expect(failed.getByRole('alert')).toHaveText(
    "Not sent: the text has an invisible NUL character, which can't be sent. Edit it and send it again.",
  );
  // The reply after it was not held up: it reached the customer.
  await expect(customer.getByTestId('message').filter({ hasText: 'We have S, M and L.' })).toBeVisible();
  await expect(panel.locator('[data-pending="true"]')).toHaveCount(0);

  for (const width of [320, 360]) {
    await panel.setViewportSize({ width, height: 640 });
    await failed.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: `${shots}/failed-${width}.png` });
  }

  // Edit and resend: the text comes back without the invisible character, goes out as a new reply.
  await failed.getByRole('button', { name: 'Edit and resend' }).click();
  const editor = failed.getByRole('textbox', { name: 'Edit the reply' });
  await expect(editor).toHaveValue('Sure, which size?');
  await panel.screenshot({ path: `${shots}/editing-320.png` });
  await editor.fill('Sure, which size would you like?');
  await failed.getByRole('button', { name: 'Send again' }).click();
  await expect(
    customer.getByTestId('message').filter({ hasText: 'Sure, which size would you like?' }),
  ).toBeVisible();
  await expect(panel.getByTestId('failed-reply')).toHaveCount(0);

  // Discard: another refused reply goes away for good.
  await reply(panel, 'oops\u0000');
  await expect(panel.getByTestId('failed-reply')).toBeVisible();
  await panel.getByTestId('failed-reply').getByRole('button', { name: 'Discard' }).click();
  await expect(panel.getByTestId('failed-reply')).toHaveCount(0);
  await expect(panel.getByTestId('message').filter({ hasText: 'oops' })).toHaveCount(0);
});

test.describe('in Italian', () => {
  test.use({ uiLanguage: 'it' });

  test('the failed reply and its actions speak Italian and fit 320 px', async ({ server, extension }) => {
    const panel = await extension.context.newPage();
    await panel.goto(`chrome-extension://${extension.extensionId}/sidepanel.html`);
    await panel.setViewportSize({ width: 320, height: 640 });
    await panel.getByLabel('URL del server').fill(server.url);
    await panel.getByLabel('Email').fill(manager.email);
    await panel.getByLabel('Password').fill(manager.password);
    await panel.getByRole('button', { name: 'Accedi', exact: true }).click();
    await expect(panel.getByTestId('view-mine')).toBeVisible();
    const customer = await openCustomerPage(extension.context, server, 5);
    const question = `Spedite in Sicilia? (${Date.now()})`;
    await sendAsCustomer(customer, question);
    await panel.getByTestId('view-all').click();
    await panel.getByTestId('conversation-item').filter({ hasText: question }).click();
    await reply(panel, 'Sì,\u0000 certo.');
    const failed = panel.getByTestId('failed-reply');
    await expect(failed.getByRole('alert')).toContainText(
      'Non inviato: il testo contiene un carattere NUL invisibile',
    );
    await expect(failed.getByRole('button', { name: 'Modifica e reinvia' })).toBeVisible();
    await expect(failed.getByRole('button', { name: 'Elimina' })).toBeVisible();
    await failed.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: `${shots}/failed-it-320.png` });
    const box = await failed.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(320);
  });
});
