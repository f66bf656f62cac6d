import type { Page } from '@playwright/test';
import { DEMO_SIGN_INS } from '../../server/demo/seed';
import { expect, launchWithExtension, test } from './fixtures';

const owner = DEMO_SIGN_INS.find((s) => s.role === 'owner')!;
const PASSWORD = 'a long enough secret';

/** The page at a side panel's width, and its screenshot beside the test's results. */
async function shoot(page: Page, name: string, width = 360) {
  await page.setViewportSize({ width, height: 900 });
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

test('the owner invites on the Team page, the invitee joins from the side panel, a promotion shows at once, and removal signs them out at once', async ({
  server,
  extension,
}) => {
  // The owner, signed in, opens the Team page of the options.
  await extension.openSidePanel(owner.email);
  const options = await extension.context.newPage();
  await options.setViewportSize({ width: 360, height: 900 });
  await options.goto(`chrome-extension://${extension.extensionId}/options.html#team`);
  await expect(options.getByTestId('options-nav-team')).toHaveAttribute('aria-current', 'page');

  // A bad address comes back with the server's message beside the field.
  const form = options.getByTestId('team-invite-form');
  await form.getByLabel('Email', { exact: true }).fill('nina@');
  await form.getByRole('button', { name: 'Invite' }).click();
  await expect(options.getByTestId('team-error-email')).toContainText('email');

  await form.getByLabel('Email', { exact: true }).fill('nina@acme.example');
  await form.getByLabel('Role').selectOption('agent');
  const shops = form.getByRole('group', { name: 'Shops they serve' }).getByRole('checkbox');
  await shops.first().check();
  await form.getByLabel('Capacity (open chats)').fill('4');
  await form.getByRole('button', { name: 'Invite' }).click();
  const issued = options.getByTestId('team-issued');
  // No SMTP on this server: the link is shown once, to be passed on by hand.
  await expect(issued.getByTestId('team-issued-mail')).toContainText('No email server is set up');
  const link = await issued.getByTestId('team-issued-link').inputValue();
  expect(link).toMatch(/\/invite\?token=/);
  await expect(
    options.getByTestId('team-invitations').locator('[data-email="nina@acme.example"]'),
  ).toBeVisible();
  await shoot(options, 'team-page-360');

  // The invitee, in a browser of their own, pastes the link in the side panel.
  const invitee = await launchWithExtension(server);
  try {
    // They paste the link they were sent ("I have an invitation").
    const panel = await invitee.context.newPage();
    await panel.setViewportSize({ width: 360, height: 800 });
    await panel.goto(`chrome-extension://${invitee.extensionId}/sidepanel.html`);
    await panel.getByTestId('have-invitation').click();
    await panel.getByLabel('Invitation link').fill(link);
    await expect(panel.getByTestId('invitation-summary')).toContainText('Elena invited you to');
    await panel.getByLabel('Nickname').fill('Nina');
    await panel.getByLabel('Password', { exact: true }).fill('password123');
    await panel.getByLabel('Password again').fill('password123');
    await panel.getByRole('button', { name: 'Join and sign in' }).click();
    // The password policy's message, beside the password.
    await expect(panel.getByTestId('invitation-error-password')).toContainText('passwords people pick most');
    await panel.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await panel.getByLabel('Password again').fill(PASSWORD);
    await shoot(panel, 'accept-invitation-360');
    await panel.getByRole('button', { name: 'Join and sign in' }).click();
    await expect(panel.getByTestId('view-mine')).toBeVisible();

    // The owner sees Nina in the team, and the invitation is no longer pending.
    await options.reload();
    const nina = options.getByTestId('team-members').locator('[data-email="nina@acme.example"]');
    await expect(nina).toContainText('Nina');
    await expect(
      options.getByTestId('team-invitations').locator('[data-email="nina@acme.example"]'),
    ).toHaveCount(0);

    // Promoted to manager, her open panel sees the whole team's chats at once, without signing in again.
    await expect(panel.getByTestId('view-all')).toHaveCount(0);
    await nina.getByTestId('team-edit').click();
    await nina.getByLabel('Role').selectOption('manager');
    await nina.getByTestId('team-save').click();
    await expect(nina.locator('.team-role')).toHaveText('manager');
    await panel.getByTestId('view-all').click();
    await expect(
      panel.getByTestId('conversation-list').getByTestId('conversation-item').nth(5),
    ).toBeVisible();

    // Removed: her open side panel is signed out at once, with the reason.
    await nina.getByTestId('team-remove').click();
    await expect(nina.getByRole('alertdialog')).toContainText('They are signed out everywhere at once');
    await shoot(options, 'team-remove-confirm-360');
    await nina.getByTestId('confirm-yes').click();
    await expect(panel.getByRole('heading', { name: 'Sign in to Sidedesk' })).toBeVisible({
      timeout: 10_000,
    });
    await expect(panel.getByText('You were removed from the team')).toBeVisible();
    await expect(nina).toHaveCount(0);
  } finally {
    await invitee.context.close();
  }
});

test.describe('in Italian', () => {
  test.use({ uiLanguage: 'it' });

  test('the Team page and the invitation form read in Italian at 360 px', async ({ server, extension }) => {
    const panel = await extension.context.newPage();
    await panel.setViewportSize({ width: 360, height: 800 });
    await panel.goto(`chrome-extension://${extension.extensionId}/sidepanel.html`);
    await panel.getByTestId('have-invitation').click();
    await expect(panel.getByRole('heading', { name: 'Entra in un team' })).toBeVisible();
    await shoot(panel, 'accept-invitation-it-360');
    await panel.getByRole('button', { name: "Torna all'accesso" }).click();
    await panel.getByLabel('URL del server').fill(server.url);
    await panel.getByLabel('Email').fill(owner.email);
    await panel.getByLabel('Password').fill(owner.password);
    await panel.getByRole('button', { name: 'Accedi' }).click();
    await expect(panel.getByTestId('view-mine')).toBeVisible();

    const options = await extension.context.newPage();
    await options.setViewportSize({ width: 360, height: 900 });
    await options.goto(`chrome-extension://${extension.extensionId}/options.html#team`);
    await expect(options.getByRole('heading', { name: 'Invita un membro' })).toBeVisible();
    const marco = options.getByTestId('team-members').locator('[data-email="manager@acme.example"]');
    await marco.getByTestId('team-edit').click();
    await expect(marco.getByTestId('team-editor')).toBeVisible();
    await shoot(options, 'team-page-it-360');
  });
});
