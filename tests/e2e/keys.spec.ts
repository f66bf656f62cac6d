import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumArgs, expect, extensionDir, test } from './fixtures';

interface ManifestCommands {
  commands: Record<string, { suggested_key?: { default?: string }; description: string }>;
}

const manifestOf = (dir: string) =>
  JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as ManifestCommands;
const shots = 'test-results/keys';

test('every browser command gets the key the manifest suggests; the options page and the README show them', async ({
  extension,
}) => {
  const { commands } = manifestOf(extensionDir);
  const suggested = Object.entries(commands).map(([name, c]) => [name, c.suggested_key?.default ?? '']);
  // Chrome takes at most four suggested keys, each Alt+Shift and a letter here.
  expect(suggested).toHaveLength(4);
  for (const [, key] of suggested) expect(key).toMatch(/^Alt\+Shift\+[A-Z0-9]$/);

  // What the browser really assigned: a key it keeps for itself would come back empty.
  const worker = await extension.serviceWorker();
  const assigned = await worker.evaluate<string[][]>(
    "chrome.commands.getAll().then((all) => all.map((c) => [c.name, c.shortcut || '']))",
  );
  for (const [name, key] of suggested) expect(assigned).toContainEqual([name, key]);

  // The options page lists them in the manifest's order, with their keys and nothing "not set".
  const options = await extension.context.newPage();
  await options.goto(`chrome-extension://${extension.extensionId}/options.html#keys`);
  const rows = options.getByTestId('browser-keys').locator('tr');
  await expect(rows).toHaveCount(4);
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-command')))).toEqual(
    suggested.map(([name]) => name),
  );
  await expect(rows.locator('kbd')).toHaveText(suggested.map(([, key]) => key!));
  await expect(options.getByTestId('browser-keys')).not.toContainText('not set');
  await expect(options.getByTestId('browser-keys-unset')).toHaveCount(0);
  await options.setViewportSize({ width: 360, height: 900 });
  await options.getByTestId('browser-keys').scrollIntoViewIfNeeded();
  await options.screenshot({ path: `${shots}/options-360.png` });

  // The README's keyboard table says the same keys.
  const readme = readFileSync(path.join(import.meta.dirname, '../../README.md'), 'utf8');
  const documented = [...readme.matchAll(/^\| (Alt\+Shift\+[A-Z0-9]) +\|/gm)].map((m) => m[1]);
  expect(documented).toEqual(suggested.map(([, key]) => key));
});

test('a command the browser leaves without a key is shown "not set", with the way to set it', async () => {
  // The same extension, but with a key Chromium keeps for itself on the next-unreplied command.
  const dir = mkdtempSync(path.join(tmpdir(), 'sidedesk-keys-'));
  cpSync(extensionDir, dir, { recursive: true });
  const manifest = manifestOf(dir);
  manifest.commands['next-unreplied']!.suggested_key = { default: 'Alt+Shift+N' };
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  const context = await chromium.launchPersistentContext('', {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`, ...chromiumArgs()],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const extensionId = new URL(worker.url()).host;
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html#keys`);
    const row = options.locator('tr[data-command="next-unreplied"]');
    await expect(row.locator('th')).toHaveText('not set');
    await expect(options.locator('tr[data-command="open-side-panel"] kbd')).toHaveText('Alt+Shift+S');
    await expect(options.getByTestId('browser-keys-unset')).toContainText(
      '“Open the next chat waiting for a reply”',
    );
    await options.setViewportSize({ width: 360, height: 900 });
    await options.getByTestId('browser-keys').scrollIntoViewIfNeeded();
    await options.screenshot({ path: `${shots}/options-unset-360.png` });
    const opened = context.waitForEvent('page');
    await options.getByRole('button', { name: "Open the browser's shortcuts page" }).click();
    await expect.poll(async () => (await opened).url()).toBe('chrome://extensions/shortcuts');
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
