import { asc, eq } from 'drizzle-orm';
import type { Page } from '@playwright/test';
import { Webhook } from 'standardwebhooks';
import { openStore } from '../../server/store';
import { shop } from '../../server/store/schema';
import { expect, test, type ServerProcess } from './fixtures';
import { openConversationWith } from './pages';
import { startWebhookReceiver } from './receiver';

const shots = 'test-results/delivery';
/** The demo shops' webhook secret: a plain word, which a verifier reads as raw key bytes. */
const DEMO_SECRET = 'sidedesk-demo-webhook';

/** Points the first demo shop at the receiver, as its admin would in the shop's channel settings. */
async function setDeliveryUrl(server: ServerProcess, url: string): Promise<string> {
  await server.stop();
  const store = await openStore({ dataDir: server.dataDir });
  const [first] = await store.db
    .select({ id: shop.id })
    .from(shop)
    .orderBy(asc(shop.createdAt), asc(shop.id));
  await store.db.update(shop).set({ deliveryUrl: url }).where(eq(shop.id, first!.id));
  await store.close();
  await server.start();
  return first!.id;
}

/** A customer's message through the shop's signed webhook (Standard Webhooks headers). */
async function customerWrites(server: ServerProcess, shopId: string, text: string): Promise<void> {
  const body = JSON.stringify({
    channel: 'marketplace',
    customerHandle: 'integration_buyer',
    customerName: 'Integration Buyer',
    externalId: `e2e-${Date.now()}`,
    body: text,
  });
  const id = `msg_in_${Date.now()}`;
  const at = new Date();
  const response = await fetch(`${server.url}/api/channels/webhook/${shopId}/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(DEMO_SECRET, { format: 'raw' }).sign(id, at, body),
    },
    body,
  });
  expect(response.status).toBe(200);
}

async function reply(panel: Page, text: string): Promise<void> {
  await panel.getByTestId('reply-input').fill(text);
  await panel.getByTestId('reply-send').click();
}

test('a reply to a webhook shop reaches the integration and shows delivered; a refused one shows why, and a manager retries it from Failed deliveries and from the chat', async ({
  server,
  extension,
}) => {
  const receiver = await startWebhookReceiver();
  receiver.useSecret(DEMO_SECRET, 'raw');
  try {
    const shopId = await setDeliveryUrl(server, receiver.url);
    const question = `Does the blue one come in size 38? (${Date.now()})`;
    await customerWrites(server, shopId, question);

    const panel = await extension.openSidePanel();
    await panel.setViewportSize({ width: 360, height: 720 });
    await openConversationWith(panel, question);

    // Delivered: the integration got it once, and its signature verifies with the standardwebhooks library.
    const answer = 'Yes, size 38 is in stock.';
    await reply(panel, answer);
    const sent = panel.getByTestId('message').filter({ hasText: answer });
    await expect(sent.getByTestId('delivery-state')).toHaveAttribute('data-state', 'delivered');
    await expect(sent.getByTestId('delivery-state')).toHaveText('Delivered');
    const delivered = receiver.received.filter((r) => r.status < 300);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({
      verified: true,
      body: { type: 'message.created', data: { shopId, message: { body: answer, kind: 'text' } } },
    });

    // The receiver refuses the next one: it shows failed at once, with the receiver's answer.
    receiver.refuse(422, '{"error":"unknown customer"}');
    const refused = 'I can hold one for you until Friday.';
    await reply(panel, refused);
    const failed = panel.getByTestId('message').filter({ hasText: refused });
    await expect(failed.getByTestId('delivery-state')).toHaveAttribute('data-state', 'failed');
    await expect(failed.getByTestId('delivery-state')).toContainText(
      'Not delivered: the receiver answered 422: {"error":"unknown customer"}',
    );
    await expect(failed.getByTestId('delivery-retry')).toBeVisible();
    for (const width of [320, 360]) {
      await panel.setViewportSize({ width, height: 720 });
      await panel.screenshot({ path: `${shots}/chat-${width}.png` });
    }

    // A manager sees it under Failed deliveries, fixes the receiver and retries it.
    const options = await extension.context.newPage();
    await options.setViewportSize({ width: 360, height: 720 });
    await options.goto(`chrome-extension://${extension.extensionId}/options.html#deliveries`);
    const row = options.getByTestId('failed-delivery');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Integration Buyer');
    await expect(row).toContainText(refused);
    await expect(row.getByTestId('failed-delivery-reason')).toHaveText(
      'The receiver answered 422: {"error":"unknown customer"}',
    );
    await expect(row).toContainText('1 attempt');
    await options.screenshot({ path: `${shots}/failed-deliveries-360.png`, fullPage: true });

    receiver.accept();
    await row.getByTestId('failed-delivery-retry').click();
    await expect(options.getByTestId('deliveries-outcome')).toHaveText('Sending 1 delivery again.');
    await expect(options.getByTestId('deliveries-empty')).toBeVisible();
    await options.screenshot({ path: `${shots}/failed-deliveries-empty-360.png` });

    // The chat follows: the same message is delivered, once, after the refused attempt.
    await expect(failed.getByTestId('delivery-state')).toHaveAttribute('data-state', 'delivered');
    const attempts = receiver.received.filter(
      (r) => (r.body.data as { message?: { body?: string } }).message?.body === refused,
    );
    expect(attempts.map((r) => r.status)).toEqual([422, 204]);
    expect(new Set(attempts.map((r) => r.id)).size).toBe(1);
    expect(attempts.every((r) => r.verified)).toBe(true);

    // A manager also retries from the failed message in the chat.
    receiver.refuse(410, 'gone');
    const again = 'Your parcel left this morning.';
    await reply(panel, again);
    const second = panel.getByTestId('message').filter({ hasText: again });
    await expect(second.getByTestId('delivery-state')).toContainText(
      'Not delivered: the receiver answered 410: gone',
    );
    receiver.accept();
    await second.getByTestId('delivery-retry').click();
    await expect(second.getByTestId('delivery-state')).toHaveAttribute('data-state', 'delivered');
  } finally {
    await receiver.close();
  }
});
