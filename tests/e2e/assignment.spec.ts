import type { Page } from '@playwright/test';
import type { Session, SyncPage, TeamMember } from '../../lib/protocol';
import { DEMO_SIGN_INS } from '../../server/demo/seed';
import { expect, launchWithExtension, test, type ServerProcess } from './fixtures';
import { openCustomerPage, sendAsCustomer } from './pages';

const person = (nickname: string) => DEMO_SIGN_INS.find((s) => s.nickname === nickname)!;

/** The manager's view of the server, for setting the stage and reading the team's status. */
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
  const team = async () => (await call<{ members: TeamMember[] }>('GET', '/api/members')).members;
  const member = async (nickname: string) => (await team()).find((m) => m.nickname === nickname)!;
  /** The latest state of every conversation, from the event log. */
  const conversations = async () => {
    const latest = new Map<string, { assigneeId: string | null; status: string; customerId: string }>();
    for (let after = 0; ;) {
      const page = await call<SyncPage>('GET', `/api/sync?after=${after}&limit=1000`);
      for (const e of page.events)
        if (e.type === 'conversation.upserted') latest.set(e.conversation.id, e.conversation);
      after = page.lastSeq;
      if (!page.hasMore) break;
    }
    return latest;
  };
  return { call, team, member, conversations, shops: session.shops };
}

/** Picker positions of customers of the first shop with no ongoing conversation: they open new ones. */
async function customersWithoutOngoingChat(server: ServerProcess, ongoingCustomerIds: Set<string>) {
  const context = (await (await fetch(`${server.url}/demo/api/context`)).json()) as {
    shops: { customers: { id: string }[] }[];
  };
  return context.shops[0]!.customers.flatMap((c, index) => (ongoingCustomerIds.has(c.id) ? [] : [index]));
}

const mine = (panel: Page) => panel.getByTestId('conversation-list').getByTestId('conversation-item');

test('two agents: the queue follows their side panels, and a transfer shows live on both sides', async ({
  server,
  extension,
}) => {
  const manager = await managerApi(server);
  const [sara, luca, tom] = [
    await manager.member('Sara'),
    await manager.member('Luca'),
    await manager.member('Tom'),
  ];

  // Empty the seeded queue (to Tom, who is offline) so only this test's chats move.
  for (const [id, c] of await manager.conversations()) {
    if (c.status === 'open' && c.assigneeId === null) {
      await manager.call('POST', `/api/conversations/${id}/assign`, { assigneeId: tom.id });
    }
  }
  await manager.call('PATCH', `/api/members/${sara.id}`, { capacity: sara.load + 3 });
  await manager.call('PATCH', `/api/members/${luca.id}`, { capacity: luca.load + 1 });
  const ongoing = new Set(
    [...(await manager.conversations()).values()]
      .filter((c) => c.status !== 'closed')
      .map((c) => c.customerId),
  );
  const fresh = await customersWithoutOngoingChat(server, ongoing);
  expect(fresh.length).toBeGreaterThanOrEqual(3);

  const saraPanel = await extension.openSidePanel(person('Sara').email);
  const lucaBrowser = await launchWithExtension(server);
  try {
    const lucaPanel = await lucaBrowser.openSidePanel(person('Luca').email);
    await expect
      .poll(async () =>
        (await manager.team())
          .filter((m) => m.available)
          .map((m) => m.nickname)
          .sort(),
      )
      .toEqual(['Luca', 'Sara']);
    await expect(saraPanel.getByTestId('auto-assign-toggle')).toBeChecked();

    // Sara closes her side panel: she stops being available, so the next chat goes to Luca.
    await saraPanel.goto('about:blank');
    await expect.poll(async () => (await manager.member('Sara')).available).toBe(false);
    const toLuca = `Is the tent waterproof? (${Date.now()})`;
    await sendAsCustomer(await openCustomerPage(extension.context, server, fresh[0]!), toLuca);
    await expect(mine(lucaPanel).filter({ hasText: toLuca })).toBeVisible();

    // Luca is now full: the next two wait in Unassigned, oldest first.
    const oldest = `Can I pay on delivery? (${Date.now()})`;
    await sendAsCustomer(await openCustomerPage(extension.context, server, fresh[1]!), oldest);
    const newest = `Do you ship to Sardinia? (${Date.now()})`;
    await sendAsCustomer(await openCustomerPage(extension.context, server, fresh[2]!), newest);
    await lucaPanel.getByTestId('view-unassigned').click();
    await expect(mine(lucaPanel).filter({ hasText: oldest })).toBeVisible();
    await expect(mine(lucaPanel).filter({ hasText: newest })).toBeVisible();

    // Sara reopens her panel with room for one: the oldest queued chat flows to her at once.
    const saraNow = await manager.member('Sara');
    await manager.call('PATCH', `/api/members/${sara.id}`, { capacity: saraNow.load + 1 });
    await saraPanel.goto(`chrome-extension://${extension.extensionId}/sidepanel.html`);
    await expect(mine(saraPanel).filter({ hasText: oldest })).toBeVisible();
    await expect(mine(lucaPanel).filter({ hasText: oldest })).toBeHidden();
    await expect(mine(lucaPanel).filter({ hasText: newest })).toBeVisible();

    // Sara transfers it to Luca with a note: it leaves her list and appears in his, live.
    await mine(saraPanel).filter({ hasText: oldest }).click();
    await saraPanel.getByTestId('transfer').click();
    await saraPanel.getByTestId('member-search').fill('luc');
    await saraPanel.getByTestId('member-option').and(saraPanel.locator('[data-nickname="Luca"]')).check();
    await saraPanel.getByTestId('assign-note').fill('He handled this order');
    await saraPanel.getByTestId('assign-confirm').click();
    // The chat is Luca's now, so it leaves Sara's inbox; her open window says so.
    await expect(saraPanel.getByTestId('chat-gone')).toBeVisible();

    await lucaPanel.getByTestId('view-mine').click();
    await expect(mine(lucaPanel).filter({ hasText: oldest })).toBeVisible();
    await mine(lucaPanel).filter({ hasText: oldest }).click();
    await expect(
      lucaPanel
        .getByTestId('message')
        .filter({ hasText: 'Sara transferred this chat to Luca. Note: He handled this order' }),
    ).toBeVisible();
    await saraPanel.getByRole('button', { name: 'Back to the inbox' }).click();
    await expect(mine(saraPanel).filter({ hasText: oldest })).toBeHidden();
  } finally {
    await lucaBrowser.context.close();
  }
});
