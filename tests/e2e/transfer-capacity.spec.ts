import type { Page } from '@playwright/test';
import type { Session, SyncPage, TeamMember } from '../../lib/protocol';
import { DEMO_SIGN_INS } from '../../server/demo/seed';
import { expect, test, type ServerProcess } from './fixtures';
import { customersWithoutOngoingChat, openCustomerPage, sendAsCustomer } from './pages';

const person = (nickname: string) => DEMO_SIGN_INS.find((s) => s.nickname === nickname)!;
const shots = 'test-results/transfer-capacity';

/** The manager's side of the server: set the stage, and read the loads the server counts. */
async function managerApi(server: ServerProcess) {
  const { email, password } = person('Marco');
  const session = (await (
    await fetch(`${server.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    })
  ).json()) as Session;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status, `${method} ${path}`).toBe(200);
    return (await response.json()) as T;
  };
  const member = async (nickname: string) =>
    (await call<{ members: TeamMember[] }>('GET', '/api/members')).members.find(
      (m) => m.nickname === nickname,
    )!;
  /** Hands every queued chat to an offline member, so only this test's chats move. */
  const emptyQueue = async (toMemberId: string) => {
    const latest = new Map<string, { assigneeId: string | null; status: string }>();
    for (let after = 0; ;) {
      const page = await call<SyncPage>('GET', `/api/sync?after=${after}&limit=1000`);
      for (const e of page.events)
        if (e.type === 'conversation.upserted') latest.set(e.conversation.id, e.conversation);
      after = page.lastSeq;
      if (!page.hasMore) break;
    }
    for (const [id, c] of latest)
      if (c.status === 'open' && c.assigneeId === null)
        await call('POST', `/api/conversations/${id}/assign`, { assigneeId: toMemberId });
  };
  return { call, member, emptyQueue };
}

const ownLoad = (panel: Page) => panel.getByTestId('own-load');

test('the header’s load follows each assignment at once; a transfer to a full member warns and asks first', async ({
  server,
  extension,
}) => {
  const manager = await managerApi(server);
  const [sara, luca, tom] = [
    await manager.member('Sara'),
    await manager.member('Luca'),
    await manager.member('Tom'),
  ];
  await manager.emptyQueue(tom.id);
  await manager.call('PATCH', `/api/members/${sara.id}`, { capacity: sara.load + 5 });
  // Luca is full: as many chats as he can take.
  await manager.call('PATCH', `/api/members/${luca.id}`, { capacity: luca.load });

  const panel = await extension.openSidePanel(person('Sara').email);
  await panel.setViewportSize({ width: 320, height: 640 });
  const before = (await manager.member('Sara')).load;
  await expect(ownLoad(panel)).toHaveText(`${before}/${sara.load + 5}`);
  await expect.poll(async () => (await manager.member('Sara')).available).toBe(true);

  // A customer writes: the queue hands the chat to Sara, and her header counts it at once.
  const [fresh] = await customersWithoutOngoingChat(server);
  const question = `Do the boots run large? (${Date.now()})`;
  await sendAsCustomer(await openCustomerPage(extension.context, server, fresh!), question);
  await expect.poll(async () => (await manager.member('Sara')).load).toBe(before + 1);
  await expect(ownLoad(panel)).toHaveText(`${before + 1}/${sara.load + 5}`, { timeout: 3_000 });

  // Transfer to Luca: the dialog shows every member's load, marks Luca full, warns and asks first.
  const item = panel.getByTestId('conversation-item').filter({ hasText: question });
  await item.click();
  await panel.getByTestId('transfer').click();
  const dialog = panel.getByTestId('assign-dialog');
  const lucaOption = dialog.locator('label').filter({ has: panel.locator('[data-nickname="Luca"]') });
  await expect(lucaOption.getByTestId('member-load')).toContainText(`${luca.load}/${luca.load} · full`);
  await expect(dialog.getByTestId('capacity-warning')).toHaveCount(0);
  await panel.getByTestId('member-option').and(panel.locator('[data-nickname="Luca"]')).check();
  await expect(dialog.getByTestId('capacity-warning')).toHaveText(
    `Luca has ${luca.load} of ${luca.load} chats open: already at capacity. Transfer this chat anyway?`,
  );
  await expect(dialog.getByTestId('assign-confirm')).toHaveText('Transfer anyway');
  await panel.screenshot({ path: `${shots}/full-320.png` });
  await panel.setViewportSize({ width: 360, height: 640 });
  await panel.screenshot({ path: `${shots}/full-360.png` });

  // Picking a member with room takes the warning away; going back to Luca brings it back.
  await panel.getByTestId('member-option').and(panel.locator('[data-nickname="Marco"]')).check();
  await expect(dialog.getByTestId('capacity-warning')).toHaveCount(0);
  await expect(dialog.getByTestId('assign-confirm')).toHaveText('Transfer');
  await panel.getByTestId('member-option').and(panel.locator('[data-nickname="Luca"]')).check();
  await dialog.getByTestId('assign-confirm').click();
  // The chat is Luca's now: it leaves Sara's inbox, and her open window says so.
  await expect(panel.getByTestId('chat-gone')).toBeVisible();
  await expect.poll(async () => (await manager.member('Luca')).load).toBe(luca.load + 1);
  // Sara's header gives the chat back at once.
  await expect(ownLoad(panel)).toHaveText(`${before}/${sara.load + 5}`, { timeout: 3_000 });
});

test.describe('in Italian', () => {
  test.use({ uiLanguage: 'it' });

  test('the capacity warning speaks Italian at 320 px', async ({ server, extension }) => {
    const manager = await managerApi(server);
    const luca = await manager.member('Luca');
    await manager.call('PATCH', `/api/members/${luca.id}`, { capacity: luca.load });
    const marco = person('Marco');
    const panel = await extension.context.newPage();
    await panel.goto(`chrome-extension://${extension.extensionId}/sidepanel.html`);
    await panel.setViewportSize({ width: 320, height: 640 });
    await panel.getByLabel('URL del server').fill(server.url);
    await panel.getByLabel('Email').fill(marco.email);
    await panel.getByLabel('Password').fill(marco.password);
    await panel.getByRole('button', { name: 'Accedi', exact: true }).click();
    const [fresh] = await customersWithoutOngoingChat(server);
    const question = `Avete la taglia 44? (${Date.now()})`;
    await sendAsCustomer(await openCustomerPage(extension.context, server, fresh!), question);
    await panel.getByTestId('view-all').click();
    await panel.getByTestId('conversation-item').filter({ hasText: question }).click();
    await panel.getByTestId('chat-messages').waitFor();
    // Transfer when the queue gave it to someone, "Assign to…" (in More actions) when it waits in the queue.
    const transfer = panel.getByTestId('transfer');
    if (await transfer.isVisible()) await transfer.click();
    else {
      await panel.getByTestId('chat-more').click();
      await panel.getByTestId('chat-assign-to').click();
    }
    const dialog = panel.getByTestId('assign-dialog');
    await panel.getByTestId('member-option').and(panel.locator('[data-nickname="Luca"]')).check();
    await expect(dialog.getByTestId('capacity-warning')).toContainText(
      `Luca ha ${luca.load} chat aperte su ${luca.load}: è già al completo.`,
    );
    await expect(dialog.getByTestId('assign-confirm')).toHaveText(/comunque$/);
    await panel.screenshot({ path: `${shots}/full-it-320.png` });
    const box = await dialog.getByTestId('capacity-warning').boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(320);
  });
});
