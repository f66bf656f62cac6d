import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  test as base,
  chromium,
  expect,
  type BrowserContext,
  type Page,
  type Worker,
} from '@playwright/test';
import { DEMO_SIGN_INS } from '../../server/demo/seed';

const root = path.resolve(import.meta.dirname, '../..');
// E2E_EXTENSION_DIR points the tests at a build made elsewhere (e.g. by bench/wxt.config.ts into a folder of its own).
export const extensionDir = process.env.E2E_EXTENSION_DIR ?? path.join(root, '.output', 'chrome-mv3');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The sync server as a real process on its own port and data folder, which a test may stop and start. */
export class ServerProcess {
  private child: ChildProcess | null = null;
  readonly url: string;
  /** What the server printed so far (its setup link, on an empty store without the demo). */
  output = '';

  constructor(
    readonly port: number,
    readonly dataDir: string,
    /** More environment, such as `{ DEMO: 'off' }` for an empty server. */
    private readonly extraEnv: Record<string, string> = {},
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  /** A server of its own on a free port and a fresh data folder (remove it with `dispose`). */
  static async fresh(env: Record<string, string> = {}): Promise<ServerProcess> {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sidedesk-e2e-'));
    // The run's migrated store (tests/e2e/global-setup.ts): empty of workspaces, so a first start.
    const template = process.env.E2E_STORE_TEMPLATE;
    if (template) cpSync(template, dataDir, { recursive: true });
    return new ServerProcess(await freePort(), dataDir, env);
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  async start(): Promise<void> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(this.port),
      HOST: '127.0.0.1',
      DATA_DIR: this.dataDir,
      LOG_LEVEL: 'warn',
      ...this.extraEnv,
    };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    this.child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
      process.stdout.write(chunk);
    });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`the server exited with ${this.child.exitCode}`);
      const ready = await fetch(`${this.url}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the server did not become ready within 60 s');
  }

  /** SIGTERM, as an orchestrator would: the server finishes what is in flight and closes its store. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    this.child = null;
  }
}

export interface Extension {
  context: BrowserContext;
  extensionId: string;
  serviceWorker(): Promise<Worker>;
  /**
   * The side panel page, opened in a tab and signed in (as the demo manager unless told otherwise); it
   * fills the form by its English labels.
   */
  openSidePanel(email?: string): Promise<Page>;
}

export interface LaunchOptions {
  /**
   * The browser's UI language. `--lang` picks the extension's locale (chrome.i18n); on Linux the
   * LANGUAGE and LANG variables do not reach a headless Chromium. `locale` sets the pages' own
   * navigator.language and Intl, which the dates follow.
   */
  language?: string;
}

export const test = base.extend<{ uiLanguage: string; server: ServerProcess; extension: Extension }>({
  /** `test.use({ uiLanguage: 'it' })` runs a file's tests in an Italian browser; English by default. */
  uiLanguage: ['en-US', { option: true }],
  server: async ({}, use) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sidedesk-e2e-'));
    // A copy of the run's migrated store (tests/e2e/global-setup.ts); the server seeds it as on a first start.
    const template = process.env.E2E_STORE_TEMPLATE;
    if (template) cpSync(template, dataDir, { recursive: true });
    const server = new ServerProcess(await freePort(), dataDir);
    await server.start();
    await use(server);
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  },
  extension: async ({ server, uiLanguage }, use) => {
    const extension = await launchWithExtension(server, { language: uiLanguage });
    await use(extension);
    await extension.context.close();
  },
});

/** Chromium's flags for the tests and benchmarks: headless on this machine, quiet, in one UI language. */
export function chromiumArgs(language = 'en-US'): string[] {
  return [
    `--lang=${language}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
}

/** A browser of its own (profile, extension, worker) signed in to nothing yet; a test may start several. */
export async function launchWithExtension(
  server: ServerProcess,
  { language = 'en-US' }: LaunchOptions = {},
): Promise<Extension> {
  const context = await chromium.launchPersistentContext('', {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    locale: language,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      ...chromiumArgs(language),
    ],
  });
  const serviceWorker = async () =>
    context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL((await serviceWorker()).url()).host;
  const manager = DEMO_SIGN_INS.find((s) => s.role === 'manager')!;
  return {
    context,
    extensionId,
    serviceWorker,
    async openSidePanel(email = manager.email) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/sidepanel.html`);
      await page.getByLabel('Server URL').fill(server.url);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(manager.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByTestId('view-mine')).toBeVisible();
      return page;
    },
  };
}

export { expect };
