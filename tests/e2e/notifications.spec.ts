import type { Worker } from '@playwright/test';
import type { Session, SyncPage } from '../../lib/protocol';
import { DEMO_SIGN_INS } from '../../server/demo/seed';
import { expect, test, type ServerProcess } from './fixtures';

/** Records the notifications the service worker shows, instead of letting the desktop show them. */
async function recordNotifications(worker: Worker): Promise<void> {
  await worker.evaluate(() => {
    type Create = (id: string, options: { title: string }) => Promise<string>;
    const scope = globalThis as unknown as { shown: string[]; chrome: { notifications: { create: Create } } };
    scope.shown = [];
    scope.chrome.notifications.create = (id, options) => {
      scope.shown.push(`${id}|${options.title}`);
      return Promise.resolve(id);
    };
  });
}
/** The assignment notifications shown so far (a customer writing in a chat has notifications of its own). */
const shown = (worker: Worker) =>
  worker.evaluate(() =>
    (globalThis as unknown as { shown: string[] }).shown.filter((s) => s.startsWith('assigned:')),
  );

/** The owner hands an unassigned or someone else's open chat to the manager. */
async function assignToManager(server: ServerProcess): Promise<string> {
  const owner = DEMO_SIGN_INS.find((s) => s.role === 'owner')!;
  const manager = DEMO_SIGN_INS.find((s) => s.role === 'manager')!;
  const session = (await (
    await fetch(`${server.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: owner.email, password: owner.password }),
    })
  ).json()) as Session;
  const headers = { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' };
  const page = (await (
    await fetch(`${server.url}/api/sync?after=0&limit=1000`, { headers })
  ).json()) as SyncPage;
  const latest = new Map<
    string,
    { id: string; status: string; assigneeId: string | null; trashedAt: string | null }
  >();
  for (const e of page.events)
    if (e.type === 'conversation.upserted') latest.set(e.conversation.id, e.conversation);
  const managerId = `mb_demo_${manager.nickname.toLowerCase()}`;
  const target = [...latest.values()].find(
    (c) => c.status === 'open' && c.trashedAt === null && c.assigneeId !== managerId,
  )!;
  const response = await fetch(`${server.url}/api/conversations/${target.id}/assign`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ assigneeId: managerId }),
  });
  expect(response.status).toBe(200);
  return target.id;
}

test('a chat assigned to me shows a notification, unless I turned that off on the options page', async ({
  server,
  extension,
}) => {
  await extension.openSidePanel();
  const worker = await extension.serviceWorker();
  await recordNotifications(worker);

  const first = await assignToManager(server);
  await expect.poll(() => shown(worker)).toEqual([expect.stringMatching(new RegExp(`^assigned:${first}:`))]);

  const options = await extension.context.newPage();
  await options.goto(`chrome-extension://${extension.extensionId}/options.html#notifications`);
  await options.getByTestId('pref-assigned-system').uncheck();
  await expect(options.getByTestId('notify-saved')).toBeVisible();
  await options.reload();
  await expect(options.getByTestId('pref-assigned-system')).not.toBeChecked();

  const second = await assignToManager(server);
  // The second hand-over reaches the panel, yet nothing new is shown.
  const panel = extension.context.pages().find((p) => p.url().endsWith('sidepanel.html'))!;
  await panel.getByTestId('view-mine').click();
  await expect(panel.locator(`[data-conversation-id="${second}"]`)).toBeVisible();
  await panel.waitForTimeout(1_000);
  expect(await shown(worker)).toHaveLength(1);
});
