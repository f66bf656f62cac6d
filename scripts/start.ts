// `npm start`: builds the extension, starts the sync server (embedded store in ./data unless DATABASE_URL is
// set, demo workspace seeded on first start; with DEMO=off, a setup link while there is no workspace) and
// says where everything is. `-- --browser` also opens Chromium with the extension loaded on the demo seller
// center, where a display is available.
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { startServer } from '../server/app';
import { loadConfig } from '../server/config';
import { demoUrls } from '../server/demo';
import { linkForThisStart } from '../server/setup/links';
import { findChromium } from './ensure-chromium';
import { startBanner } from './start-banner';

const root = path.resolve(import.meta.dirname, '..');
const extensionDir = path.join(root, '.output', 'chrome-mv3');
const wantsBrowser = process.argv.includes('--browser');

console.log('Building the extension…');
execFileSync('npx', ['wxt', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

const config = loadConfig();
const server = await startServer(config, { logger: process.env.LOG_LEVEL !== undefined });
const urls = demoUrls(config.publicUrl);
const setupLink = await linkForThisStart(server.store.db, config.publicUrl);

console.log(
  startBanner({
    publicUrl: config.publicUrl,
    demo: config.demo,
    store: server.store.kind === 'pglite' ? `embedded, in ${config.dataDir}` : 'PostgreSQL',
    extensionDir,
    setupLink,
  }),
);

if (wantsBrowser) openBrowser();

function openBrowser(): void {
  const chromium = findChromium();
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && process.platform === 'linux') {
    console.log('No display here: open Chromium yourself and load the extension as above.');
    return;
  }
  if (!chromium) {
    console.log('Chromium was not found (set CHROMIUM_PATH); load the extension by hand as above.');
    return;
  }
  const args = [
    `--user-data-dir=${path.join(config.dataDir, 'chromium-profile')}`,
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--no-first-run',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    urls.sellerCenter,
  ];
  spawn(chromium, args, { stdio: 'ignore', detached: true }).unref();
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
