import type { Page, Worker } from '@playwright/test';
import type { Session, SyncPage } from '../../lib/protocol';
import { DEMO_SIGN_INS } from '../../server/demo/seed';
import { expect, test, type ServerProcess } from './fixtures';
import { seriousProblems } from './pages';

const owner = DEMO_SIGN_INS.find((s) => s.role === 'owner')!;
const manager = DEMO_SIGN_INS.find((s) => s.role === 'manager')!;
const managerId = `mb_demo_${manager.nickname.toLowerCase()}`;

/** The owner hands the manager an open chat they do not have yet; its id. */
async function assignToManager(server: ServerProcess): Promise<string> {
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

/** Signs in over the API as another browser would; the answer's status, and the token when it worked. */
async function signInStatus(server: ServerProcess, email: string, password: string) {
  const response = await fetch(`${server.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as Partial<Session>;
  return { status: response.status, token: body.token ?? '' };
}

/** Records the notifications the worker shows and the sounds it asks for, instead of showing them. */
async function recordNotifications(worker: Worker): Promise<void> {
  await worker.evaluate(() => {
    type Create = (id: string, options: { title: string }) => Promise<string>;
    const scope = globalThis as unknown as { shown: string[]; chrome: { notifications: { create: Create } } };
    scope.shown = [];
    scope.chrome.notifications.create = (id) => {
      scope.shown.push(id);
      return Promise.resolve(id);
    };
  });
}
const shownAssigned = (worker: Worker) =>
  worker.evaluate(() =>
    (globalThis as unknown as { shown: string[] }).shown.filter((s) => s.startsWith('assigned:')),
  );
/** The extension's APIs as the worker sees them, the few the test reads. */
type WorkerScope = {
  chrome: {
    action: { getBadgeText(details: object): Promise<string> };
    storage: {
      local: { set(items: object): Promise<void>; get(key: string): Promise<Record<string, unknown>> };
    };
    runtime: { getContexts(filter: object): Promise<unknown[]> };
  };
};
const badgeText = (worker: Worker) =>
  worker.evaluate(() => (globalThis as unknown as WorkerScope).chrome.action.getBadgeText({}));

/** A 300×200 picture drawn in the page, as a PNG file's bytes (the form makes a 256 px square of it). */
async function drawnPicture(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 300;
    canvas.height = 200;
    const c = canvas.getContext('2d')!;
    c.fillStyle = '#0f766e';
    c.fillRect(0, 0, 300, 200);
    c.fillStyle = '#fbbf24';
    c.beginPath();
    c.arc(150, 100, 70, 0, Math.PI * 2);
    c.fill();
    return canvas.toDataURL('image/png');
  });
  return Buffer.from(dataUrl.split(',')[1]!, 'base64');
}

test('a member sets their profile and notification choices on the options page; the panel and the worker follow', async ({
  server,
  extension,
}) => {
  // This browser kept a choice locally before choices moved to the server: assignments were turned off.
  const worker = await extension.serviceWorker();
  await worker.evaluate(() =>
    (globalThis as unknown as WorkerScope).chrome.storage.local.set({
      notificationPrefs: { assigned: false, sla: true, snoozeEnded: true },
    }),
  );
  const panel = await extension.openSidePanel();
  await recordNotifications(worker);

  const options = await extension.context.newPage();
  await options.setViewportSize({ width: 360, height: 800 });
  await options.goto(`chrome-extension://${extension.extensionId}/options.html#account`);
  await expect(options.getByTestId('profile-nickname')).toHaveValue(manager.nickname);

  // A capacity above the limit an admin set is refused beside the field, and nothing changes.
  await options.getByTestId('profile-capacity').fill('500');
  await options.getByTestId('profile-save').click();
  await expect(options.getByTestId('profile-error-capacity')).toBeVisible();
  await expect(panel.getByTestId('own-load')).not.toContainText('/500');

  // The whole form, working hours open, reads well to a screen reader.
  await options.getByTestId('profile-hours-own').check();
  expect(await seriousProblems(options)).toEqual([]);
  await options.getByRole('radio', { name: 'Always available' }).check();

  await options.getByTestId('profile-nickname').fill('Marta Rossi');
  await options.getByTestId('profile-capacity').fill('7');
  await options.getByTestId('profile-save').click();
  await expect(options.getByTestId('profile-saved')).toBeVisible();
  await options.getByTestId('profile-picture').setInputFiles({
    name: 'me.png',
    mimeType: 'image/png',
    buffer: await drawnPicture(options),
  });
  await expect(options.locator('.profile-card [data-testid="member-avatar"]')).toBeVisible();

  // The side panel shows the new name, picture and capacity without signing in again.
  await expect(panel.getByTestId('panel-member')).toContainText('Marta Rossi');
  const avatar = panel.getByTestId('panel-member').getByTestId('member-avatar');
  await expect(avatar).toHaveAttribute('src', new RegExp(`^${server.url}/avatars/.+\\.webp$`));
  expect(await avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(256);
  await expect(panel.getByTestId('own-load')).toContainText('/7');

  // The old local choice was carried over to the server once: no notification for an assignment.
  await options.goto(`chrome-extension://${extension.extensionId}/options.html#notifications`);
  await expect(options.getByTestId('pref-assigned-system')).not.toBeChecked();
  await expect(options.getByTestId('pref-sla-system')).toBeChecked();
  await expect(options.getByTestId('pref-assigned-email')).toBeDisabled();
  await expect(options.getByTestId('email-unavailable')).toBeVisible();
  expect(await seriousProblems(options)).toEqual([]);
  const quiet = await assignToManager(server);
  await panel.getByTestId('view-mine').click();
  await expect(panel.locator(`[data-conversation-id="${quiet}"]`)).toBeVisible();
  await panel.waitForTimeout(1_000);
  expect(await shownAssigned(worker)).toEqual([]);

  // Turned on, the next assignment is shown.
  await options.getByTestId('pref-assigned-system').check();
  await expect(options.getByTestId('notify-saved')).toBeVisible();
  const told = await assignToManager(server);
  await expect
    .poll(() => shownAssigned(worker))
    .toEqual([expect.stringMatching(new RegExp(`^assigned:${told}:`))]);
  // Its sound (on by default) plays in the offscreen document, the one place a Manifest V3 extension has audio.
  await expect
    .poll(() =>
      worker.evaluate(() =>
        (globalThis as unknown as WorkerScope).chrome.runtime
          .getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })
          .then((c) => c.length),
      ),
    )
    .toBe(1);
  // The old local choice was read once and is gone.
  expect(
    await worker.evaluate(() =>
      (globalThis as unknown as WorkerScope).chrome.storage.local.get('notificationPrefs'),
    ),
  ).toEqual({});

  // The badge counts unread chats until it is turned off, and again when turned back on.
  await expect.poll(() => badgeText(worker)).not.toBe('');
  await options.getByTestId('pref-badge').uncheck();
  await expect.poll(() => badgeText(worker)).toBe('');
  await options.reload();
  await expect(options.getByTestId('pref-badge')).not.toBeChecked();
  await options.getByTestId('pref-badge').check();
  await expect.poll(() => badgeText(worker)).not.toBe('');

  // The member changes their password on the Account page while signed in elsewhere too.
  const elsewhere = await signInStatus(server, manager.email, manager.password);
  expect(elsewhere.status).toBe(200);
  const newPassword = 'a brand new passphrase';
  await options.goto(`chrome-extension://${extension.extensionId}/options.html#account`);
  await options.getByTestId('password-currentPassword').fill('not my password');
  await options.getByTestId('password-newPassword').fill(newPassword);
  await options.getByTestId('password-confirm').fill(newPassword);
  await options.getByTestId('password-save').click();
  await expect(options.getByTestId('password-error-currentPassword')).toHaveText(
    'This is not your current password.',
  );
  await options.getByTestId('password-currentPassword').fill(manager.password);
  await options.getByTestId('password-save').click();
  await expect(options.getByTestId('password-changed')).toContainText(
    'the other browser signed in as you was signed out',
  );
  await expect(options.getByTestId('password-currentPassword')).toHaveValue('');
  // The other session is over, this browser is still signed in, and only the new password signs in.
  const ended = await fetch(`${server.url}/api/me`, {
    headers: { authorization: `Bearer ${elsewhere.token}` },
  });
  expect(ended.status).toBe(401);
  await panel.reload();
  await expect(panel.getByTestId('panel-member')).toContainText('Marta Rossi');
  expect((await signInStatus(server, manager.email, manager.password)).status).toBe(401);
  expect((await signInStatus(server, manager.email, newPassword)).status).toBe(200);
});
