import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '../../server/store';

/**
 * One embedded store with every migration applied, made once per run: each test's server starts from a copy
 * of it (E2E_STORE_TEMPLATE) instead of creating and migrating a database of its own, which costs seconds.
 */
export default async function globalSetup(): Promise<() => void> {
  const template = mkdtempSync(path.join(tmpdir(), 'sidedesk-e2e-template-'));
  const store = await openStore({ dataDir: template });
  await store.close();
  process.env.E2E_STORE_TEMPLATE = template;
  return () => rmSync(template, { recursive: true, force: true });
}
