// What the benchmarks that drive the built extension share: a build of their own, Chromium with it loaded and
// signed in as the demo manager, and a free port for the server.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { DEMO_SIGN_INS } from '../server/demo/seed';
import { chromiumArgs, type ServerProcess } from '../tests/e2e/fixtures';

const root = path.resolve(import.meta.dirname, '..');

/**
 * tests/e2e/fixtures.ts's launchWithExtension (the same Chromium and flags, signed in the same way), with the
 * extension loaded from `dir`: the fixture always loads .output/chrome-mv3, which an e2e run rebuilds.
 */
export async function launchWithExtension(server: ServerProcess, dir: string) {
  const context = await chromium.launchPersistentContext('', {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    locale: 'en-US',
    args: [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`, ...chromiumArgs()],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const manager = DEMO_SIGN_INS.find((s) => s.role === 'manager')!;
  return {
    context,
    extensionId,
    /** The side panel page in a tab, signed in as the demo manager by its English labels. */
    async openSidePanel(): Promise<Page> {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/sidepanel.html`);
      await page.getByLabel('Server URL').fill(server.url);
      await page.getByLabel('Email').fill(manager.email);
      await page.getByLabel('Password').fill(manager.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('view-mine').waitFor();
      return page;
    },
  };
}

/**
 * The extension as the sources say now: WXT's production build, into `outDir` (bench/wxt.config.ts is the
 * project's config with that folder). WXT also writes the folder into .wxt/tsconfig.json's exclude list;
 * that file is put back as it was.
 */
export function build(outDir: string): void {
  const started = Date.now();
  const generated = path.join(root, '.wxt', 'tsconfig.json');
  const before = existsSync(generated) ? readFileSync(generated, 'utf8') : null;
  try {
    execFileSync('npx', ['wxt', 'build', '-c', 'bench/wxt.config.ts'], {
      cwd: root,
      env: { ...process.env, BENCH_EXTENSION_OUT_DIR: outDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer };
    console.error(String(e.stdout ?? ''), String(e.stderr ?? ''));
    throw new Error('npx wxt build failed');
  } finally {
    if (before !== null) writeFileSync(generated, before);
  }
  console.log(`extension built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
