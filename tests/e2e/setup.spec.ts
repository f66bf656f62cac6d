import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { WxtBrowser } from 'wxt/browser';
import { expect, launchWithExtension, ServerProcess, test } from './fixtures';
import { seriousProblems } from './pages';

// A server with no demo starts empty: it prints a one-time setup link, and the side panel sets it up.

const SHOTS = 'test-results/setup';
mkdirSync(SHOTS, { recursive: true });

async function setupLinkOf(server: ServerProcess): Promise<string> {
  await expect.poll(() => /\/setup\?token=\S+/.test(server.output), { timeout: 30_000 }).toBe(true);
  return /http:\/\/\S+\/setup\?token=\S+/.exec(server.output)![0];
}

/** Everything the panel's page keeps of the session, as the background stored it. */
const storedSession = (page: Page) =>
  page.evaluate(async () => {
    // The extension's own storage API, in its own page.
    const storage = (globalThis as unknown as { chrome: WxtBrowser }).chrome.storage;
    const { session } = await storage.local.get('session');
    return session as {
      serverUrl: string;
      member: { role: string; nickname: string; email: string };
      workspace: { name: string };
      shops: { name: string; marketplace: string; country: string; currency: string; timeZone: string }[];
    };
  });

test('an empty server prints a setup link, and the side panel sets it up and signs the owner in', async () => {
  const server = await ServerProcess.fresh({ DEMO: 'off' });
  await server.start();
  const extension = await launchWithExtension(server);
  try {
    const link = await setupLinkOf(server);
    expect(link.startsWith(`${server.url}/setup?token=`)).toBe(true);

    const panel = await extension.context.newPage();
    await panel.setViewportSize({ width: 360, height: 900 });
    await panel.goto(`chrome-extension://${extension.extensionId}/sidepanel.html`);
    await panel.getByLabel('Server URL').fill(server.url);
    await expect(panel.getByText('This server has no workspace yet.')).toBeVisible();
    await panel.screenshot({ path: `${SHOTS}/1-sign-in-offers-setup.png`, fullPage: true });
    await panel.getByRole('button', { name: 'Set up this server' }).click();

    // A link that is not one is named as such; the real one is checked with the server.
    await panel.getByLabel('Setup link').fill('https://example.com/nothing');
    await panel.getByRole('button', { name: 'Continue' }).click();
    await expect(panel.getByRole('alert')).toContainText('This is not a setup link');
    await panel.getByLabel('Setup link').fill(link);
    await panel.getByRole('button', { name: 'Continue' }).click();

    await panel.getByLabel('Workspace name').fill('Bottega Rossi');
    await panel.getByLabel('Nickname').fill('Giulia');
    await panel.getByLabel('Email').fill('giulia@bottega.example');
    await panel.getByLabel('Password').fill('password123');
    await panel.getByLabel('Shop name').fill('Bottega Rossi IT');
    await panel.getByLabel('Marketplace').selectOption('tiktok_shop');
    await panel.getByLabel('Country').selectOption('IT');
    // The country brings its currency and its only time zone.
    await expect(panel.getByLabel('Currency')).toHaveValue('EUR');
    await expect(panel.getByLabel('Time zone')).toHaveValue('Europe/Rome');
    await panel.getByLabel('Time zone').fill('Mars/Olympus');
    await panel.getByRole('button', { name: 'Create and sign in' }).click();
    // The password is judged before anything is sent, by the server's own policy.
    await expect(panel.getByText('One of the passwords people pick most; choose another.')).toBeVisible();
    await panel.getByLabel('Password').fill('lanterna verde 42');
    await panel.getByRole('button', { name: 'Create and sign in' }).click();
    // The time zone is the server's to refuse: its word shows beside the field, which gets the focus.
    await expect(panel.getByText('Choose a time zone from the list, such as Europe/Rome.')).toBeVisible();
    await expect(panel.getByLabel('Time zone')).toBeFocused();
    await panel.screenshot({ path: `${SHOTS}/2-setup-form-with-error.png`, fullPage: true });
    expect(await seriousProblems(panel)).toEqual([]);
    await panel.getByLabel('Time zone').fill('Europe/Rome');
    await panel.getByRole('button', { name: 'Create and sign in' }).click();

    await expect(panel.getByTestId('view-mine')).toBeVisible();
    await expect(panel.locator('.panel-workspace')).toHaveText('Bottega Rossi');
    await expect(panel.locator('.panel-member')).toContainText('Giulia');
    await panel.screenshot({ path: `${SHOTS}/3-signed-in-as-owner.png` });
    const session = await storedSession(panel);
    expect(session.serverUrl).toBe(server.url);
    expect(session.member).toMatchObject({
      role: 'owner',
      nickname: 'Giulia',
      email: 'giulia@bottega.example',
    });
    expect(session.shops).toEqual([
      expect.objectContaining({
        name: 'Bottega Rossi IT',
        marketplace: 'tiktok_shop',
        country: 'IT',
        currency: 'EUR',
        timeZone: 'Europe/Rome',
      }),
    ]);

    // The link worked once: its page now says so, and the server offers no setup any more.
    const page = await extension.context.newPage();
    await page.goto(link);
    await expect(page.getByRole('alert')).toContainText('already used');
    await panel.getByRole('button', { name: 'Sign out' }).click();
    await panel.getByLabel('Server URL').fill(server.url);
    await expect(panel.getByRole('button', { name: 'I have a setup link' })).toBeVisible();
    await expect(panel.getByText('This server has no workspace yet.')).toHaveCount(0);

    // Ten wrong passwords later, the panel says how long to wait, and the right one waits too.
    for (let i = 0; i < 10; i++) {
      const wrong = await fetch(`${server.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'giulia@bottega.example', password: `wrong guess ${i}` }),
      });
      expect(wrong.status).toBe(401);
    }
    await panel.getByLabel('Email').fill('giulia@bottega.example');
    await panel.getByLabel('Password').fill('lanterna verde 42');
    await panel.getByRole('button', { name: 'Sign in' }).click();
    await expect(panel.getByRole('alert')).toHaveText(/^Too many sign-in attempts\. Try again in \d+ min\.$/);
    await panel.screenshot({ path: `${SHOTS}/3b-sign-in-limited.png` });
  } finally {
    await extension.context.close();
    await server.dispose();
  }
});

test('in Italian, the setup page creates the workspace and the owner then signs in from the panel', async () => {
  const server = await ServerProcess.fresh({ DEMO: 'off' });
  await server.start();
  const extension = await launchWithExtension(server, { language: 'it' });
  try {
    const link = await setupLinkOf(server);
    // The panel's setup form in Italian, as far as its fields; it goes back to the sign-in.
    const first = await extension.context.newPage();
    await first.setViewportSize({ width: 360, height: 900 });
    await first.goto(`chrome-extension://${extension.extensionId}/sidepanel.html`);
    await first.getByLabel('URL del server').fill(server.url);
    await expect(first.getByText('Questo server non ha ancora uno spazio di lavoro.')).toBeVisible();
    await first.screenshot({ path: `${SHOTS}/4-panel-it-offer.png`, fullPage: true });
    await first.getByRole('button', { name: 'Configura questo server' }).click();
    await first.getByLabel('Link di configurazione').fill(link);
    await first.getByRole('button', { name: 'Continua' }).click();
    await expect(first.getByRole('group', { name: 'Primo negozio' })).toBeVisible();
    await first.screenshot({ path: `${SHOTS}/5-panel-it-form.png`, fullPage: true });
    await first.getByRole('button', { name: "Torna all'accesso" }).click();
    await expect(first.getByRole('button', { name: 'Accedi' })).toBeVisible();
    await first.close();

    // The setup link opened in the browser: the server's own page, in the browser's language.
    const page = await extension.context.newPage();
    await page.setViewportSize({ width: 360, height: 900 });
    await page.goto(link);
    await expect(page.getByRole('heading', { name: 'Configura Sidedesk' })).toBeVisible();
    await page.getByLabel('Nome dello spazio di lavoro').fill('Negozio Bianchi');
    await page.getByLabel('Nome visualizzato').fill('Marco');
    await page.getByLabel('Email').fill('marco@negozio.example');
    await page.getByLabel('Password').fill('marco');
    await page.getByLabel('Nome del negozio').fill('Bianchi Amazon');
    await page.getByLabel('Piattaforma di vendita').selectOption('amazon');
    await page.getByLabel('Paese').selectOption('IT');
    await expect(page.getByLabel('Valuta')).toHaveValue('EUR');
    await expect(page.getByLabel('Fuso orario')).toHaveValue('Europe/Rome');
    await page.getByRole('button', { name: 'Crea lo spazio di lavoro' }).click();
    await expect(page.getByText('Deve avere almeno 10 caratteri.')).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/6-setup-page-it-error.png`, fullPage: true });
    expect(await seriousProblems(page)).toEqual([]);
    await page.getByLabel('Password').fill('girasole di maggio');
    await page.getByRole('button', { name: 'Crea lo spazio di lavoro' }).click();
    await expect(page.getByRole('heading', { name: 'Il tuo spazio di lavoro è pronto' })).toBeVisible();
    await expect(page.locator('#done-server')).toHaveText(server.url);
    await page.screenshot({ path: `${SHOTS}/7-setup-page-it-done.png`, fullPage: true });

    // The side panel, in Italian, signs the new owner in.
    const panel = await extension.context.newPage();
    await panel.setViewportSize({ width: 360, height: 900 });
    await panel.goto(`chrome-extension://${extension.extensionId}/sidepanel.html`);
    await panel.getByLabel('URL del server').fill(server.url);
    await expect(panel.getByRole('button', { name: 'Ho un link di configurazione' })).toBeVisible();
    await panel.getByLabel('Email').fill('marco@negozio.example');
    await panel.getByLabel('Password').fill('girasole di maggio');
    await panel.getByRole('button', { name: 'Accedi' }).click();
    await expect(panel.getByTestId('view-mine')).toBeVisible();
    await expect(panel.locator('.panel-workspace')).toHaveText('Negozio Bianchi');
    expect((await storedSession(panel)).shops.map((s) => s.name)).toEqual(['Bianchi Amazon']);

    // The panel's own setup form, in Italian, from a link made for one more workspace.
    await panel.getByRole('button', { name: 'Disconnetti' }).click();
    await panel.getByRole('button', { name: 'Ho un link di configurazione' }).click();
    await panel.getByLabel('Link di configurazione').fill(link);
    await panel.getByRole('button', { name: 'Continua' }).click();
    await expect(panel.getByRole('alert')).toContainText('già stato usato');
    await panel.screenshot({ path: `${SHOTS}/8-panel-it-used-link.png`, fullPage: true });
  } finally {
    await extension.context.close();
    await server.dispose();
  }
});
