// A seller team's first day on a server of its own, with no demo: the setup link, the owner's workspace and
// shop with its signed webhook, an agent invited by email who joins from a second browser, a customer's
// message through the webhook assigned to the agent, replies delivered to the shop's integration (through
// two refusals, in order), and the agent's removal signing them out at once.
import type { Page } from '@playwright/test';
import { Webhook } from 'standardwebhooks';
import { startSmtp } from '../fixtures/smtp';
import { expect, launchWithExtension, ServerProcess, test, type Extension } from './fixtures';
import { startWebhookReceiver } from './receiver';

const OWNER = { email: 'giulia@bottega.example', password: 'lanterna verde 42' };
const AGENT = { email: 'nina@bottega.example', password: 'a long enough secret' };

async function panelOf(extension: Extension): Promise<Page> {
  const panel = await extension.context.newPage();
  await panel.setViewportSize({ width: 360, height: 860 });
  await panel.goto(`chrome-extension://${extension.extensionId}/sidepanel.html`);
  return panel;
}

test("a team's first day: setup link, shop with webhook, invitation by email, a delivered reply, and removal", async () => {
  test.setTimeout(240_000);
  const smtp = await startSmtp();
  const receiver = await startWebhookReceiver();
  const server = await ServerProcess.fresh({
    DEMO: 'off',
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Sidedesk <sidedesk@bottega.example>',
    // The first retry within a second, so two refusals are over in a few seconds.
    DELIVERY_RETRY_SECONDS: '1',
  });
  await server.start();
  const owner = await launchWithExtension(server);
  let agent: Extension | null = null;
  try {
    // 1. The empty server prints its one-time setup link.
    await expect.poll(() => /\/setup\?token=\S+/.test(server.output), { timeout: 30_000 }).toBe(true);
    const setupLink = /http:\/\/\S+\/setup\?token=\S+/.exec(server.output)![0];

    // 2. The owner sets the server up from the side panel and is signed in.
    const ownerPanel = await panelOf(owner);
    await ownerPanel.getByLabel('Server URL').fill(server.url);
    await ownerPanel.getByRole('button', { name: 'Set up this server' }).click();
    await ownerPanel.getByLabel('Setup link').fill(setupLink);
    await ownerPanel.getByRole('button', { name: 'Continue' }).click();
    await ownerPanel.getByLabel('Workspace name').fill('Bottega Rossi');
    await ownerPanel.getByLabel('Nickname').fill('Giulia');
    await ownerPanel.getByLabel('Email').fill(OWNER.email);
    await ownerPanel.getByLabel('Password').fill(OWNER.password);
    await ownerPanel.getByLabel('Shop name').fill('Bottega Rossi IT');
    await ownerPanel.getByLabel('Marketplace').selectOption('tiktok_shop');
    await ownerPanel.getByLabel('Country').selectOption('IT');
    await ownerPanel.getByRole('button', { name: 'Create and sign in' }).click();
    await expect(ownerPanel.getByTestId('view-mine')).toBeVisible();

    // The owner turns the shop's webhook on (its secret shown once) and gives the delivery URL.
    const options = await owner.context.newPage();
    await options.setViewportSize({ width: 360, height: 900 });
    await options.goto(`chrome-extension://${owner.extensionId}/options.html#shops`);
    await options.getByTestId('shop-row').filter({ hasText: 'Bottega Rossi IT' }).click();
    const channel = options.getByTestId('shop-channel');
    await channel.getByRole('button', { name: 'Turn the webhook on' }).click();
    const secret = (await channel.getByTestId('webhook-secret').textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    receiver.useSecret(secret);
    const inboundUrl = (await channel.getByTestId('webhook-inbound-url').textContent())!.trim();
    const shopId = /\/api\/channels\/webhook\/([^/]+)\//.exec(inboundUrl)![1]!;
    await channel.getByLabel('Delivery URL').fill(receiver.url);
    await channel.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(channel.getByRole('status')).toHaveText('Saved');
    await channel.getByRole('button', { name: 'I have saved it' }).click();

    // The owner invites an agent; the invitation arrives at the test's own mail server.
    await options.goto(`chrome-extension://${owner.extensionId}/options.html#team`);
    const invite = options.getByTestId('team-invite-form');
    await invite.getByLabel('Email', { exact: true }).fill(AGENT.email);
    await invite.getByLabel('Role').selectOption('agent');
    await invite.getByRole('group', { name: 'Shops they serve' }).getByRole('checkbox').first().check();
    await invite.getByRole('button', { name: 'Invite' }).click();
    await expect(options.getByTestId('team-issued')).toBeVisible();
    const mail = await smtp.mailTo(AGENT.email);
    const invitationLink = /http:\/\/\S+\/invite\?token=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
    expect(invitationLink, `the invitation email holds its link:\n${mail.text}`).toBeTruthy();

    // 3. The agent accepts in a browser of their own and is online with the side panel open.
    agent = await launchWithExtension(server);
    const agentPanel = await panelOf(agent);
    await agentPanel.getByTestId('have-invitation').click();
    await agentPanel.getByLabel('Invitation link').fill(invitationLink!);
    await agentPanel.getByLabel('Nickname').fill('Nina');
    await agentPanel.getByLabel('Password', { exact: true }).fill(AGENT.password);
    await agentPanel.getByLabel('Password again').fill(AGENT.password);
    await agentPanel.getByRole('button', { name: 'Join and sign in' }).click();
    await expect(agentPanel.getByTestId('view-mine')).toBeVisible();

    // 4. A customer writes through the signed webhook (Standard Webhooks headers); the agent gets the chat.
    const question = 'Is the green lamp still available in Milan?';
    const body = JSON.stringify({
      channel: 'marketplace',
      customerHandle: 'marta_b',
      customerName: 'Marta Bianchi',
      externalId: 'tts-msg-1',
      body: question,
    });
    const at = new Date();
    const posted = await fetch(`${server.url}/api/channels/webhook/${shopId}/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'evt_1',
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': new Webhook(secret).sign('evt_1', at, body),
      },
      body,
    });
    expect(posted.status).toBe(200);
    const row = agentPanel.getByTestId('conversation-item').filter({ hasText: question });
    await expect(row).toBeVisible({ timeout: 30_000 });
    await row.click();

    // 5. The reply reaches the integration, signed so that the standardwebhooks library verifies it.
    const reply = async (text: string) => {
      await agentPanel.getByTestId('reply-input').fill(text);
      await agentPanel.getByTestId('reply-send').click();
      await expect(agentPanel.getByTestId('message').filter({ hasText: text })).toBeVisible();
    };
    const first = 'Yes, we have two left in Milan.';
    await reply(first);
    const sent = agentPanel.getByTestId('message').filter({ hasText: first });
    await expect(sent.getByTestId('delivery-state')).toHaveAttribute('data-state', 'delivered');
    expect(receiver.attemptsOf(first).map((a) => [a.status, a.verified])).toEqual([[204, true]]);

    // 6. The integration refuses twice: the reply is retried and delivered once, before the next one.
    receiver.refuse(503, '', 2);
    const second = 'I can reserve one for you until Saturday.';
    const third = 'Shall I send you the address of the shop?';
    await reply(second);
    await reply(third);
    const last = agentPanel.getByTestId('message').filter({ hasText: third });
    await expect(last.getByTestId('delivery-state')).toHaveAttribute('data-state', 'delivered', {
      timeout: 30_000,
    });
    expect(receiver.attemptsOf(second).map((a) => a.status)).toEqual([503, 503, 204]);
    expect(new Set(receiver.attemptsOf(second).map((a) => a.id)).size).toBe(1);
    expect(receiver.attemptsOf(third).map((a) => a.status)).toEqual([204]);
    const delivered = receiver.received.filter((r) => r.status === 204);
    expect(delivered.every((r) => r.verified)).toBe(true);
    const order = delivered.map((r) => [first, second, third].findIndex((t) => r.text.includes(t)));
    expect(order).toEqual([0, 1, 2]);
    await agentPanel.screenshot({ path: test.info().outputPath('agent-chat-360.png') });

    // 7. The owner removes the agent: the agent's open panel is signed out at once, the chat goes back to the queue.
    // The Team page, open since the invitation, shows the new member by itself.
    const nina = options.getByTestId('team-members').locator(`[data-email="${AGENT.email}"]`);
    await expect(nina).toContainText('Nina', { timeout: 20_000 });
    await nina.getByTestId('team-remove').click();
    await nina.getByTestId('confirm-yes').click();
    await expect(agentPanel.getByRole('heading', { name: 'Sign in to Sidedesk' })).toBeVisible({
      timeout: 10_000,
    });
    await expect(agentPanel.getByText('You were removed from the team')).toBeVisible();
    await ownerPanel.getByTestId('view-unassigned').click();
    await expect(
      ownerPanel.getByTestId('conversation-item').filter({ hasText: 'Marta Bianchi' }),
    ).toBeVisible();
  } finally {
    await agent?.context.close();
    await owner.context.close();
    await server.dispose();
    await receiver.close();
    await smtp.close();
  }
});
