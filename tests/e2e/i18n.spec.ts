import { DEMO_SIGN_INS } from '../../server/demo/seed';
import { expect, test } from './fixtures';

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
