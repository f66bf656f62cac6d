import type { Message, Session, SyncPage } from '../../lib/protocol';
import { DEMO_SIGN_INS } from '../../server/demo/seed';
import { expect, test, type ServerProcess } from './fixtures';
import { stopServiceWorker } from './pages';

const person = (nickname: string) => DEMO_SIGN_INS.find((s) => s.nickname === nickname)!;

async function signIn(server: ServerProcess, nickname: string): Promise<Session> {
  const { email, password } = person(nickname);
  const response = await fetch(`${server.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Session;
}

/** Every conversation's assignee and messages, as the manager's whole log has them. */
async function everything(server: ServerProcess, session: Session) {
  const conversations = new Map<string, { assigneeId: string | null; status: string; messages: Message[] }>();
  for (let after = 0; ;) {
    const response = await fetch(`${server.url}/api/sync?after=${after}&limit=1000`, {
      headers: { authorization: `Bearer ${session.token}` },
    });
    const page = (await response.json()) as SyncPage;
    for (const e of page.events) {
      if (e.type === 'conversation.upserted') {
        const known = conversations.get(e.conversation.id);
        conversations.set(e.conversation.id, { ...e.conversation, messages: known?.messages ?? [] });
      } else if (e.type === 'message.created')
        conversations.get(e.message.conversationId)?.messages.push(e.message);
    }
    after = page.lastSeq;
    if (!page.hasMore) return conversations;
  }
}

test('a chat Luca transfers to Sara reaches her with its whole history, even while her worker is stopped', async ({
  server,
  extension,
}) => {
  const marco = await signIn(server, 'Marco');
  const luca = await signIn(server, 'Luca');
  // One of Luca's open chats where he has already answered the customer: Sara has never seen it.
  const [conversationId, chat] = [...(await everything(server, marco))].find(
    ([, c]) =>
      c.assigneeId === luca.member.id &&
      c.status === 'open' &&
      c.messages.some((m) => m.direction === 'inbound') &&
      c.messages.some((m) => m.direction === 'outbound'),
  )!;
  const written = chat.messages.filter(
    (m) => (m.direction === 'inbound' || m.direction === 'outbound') && m.body.trim() !== '',
  );
  // Bodies that tell the messages apart.
  const history = written.filter((m) => written.filter((o) => o.body === m.body).length === 1);
  expect(history.length).toBeGreaterThanOrEqual(2);

  const panel = await extension.openSidePanel(person('Sara').email);
  await panel.getByTestId('view-mine').click();
  const row = panel.locator(`[data-testid="conversation-item"][data-conversation-id="${conversationId}"]`);
  await expect(row).toHaveCount(0);

  // Sara's worker is stopped the way the browser stops an idle one, and the transfer happens meanwhile.
  await stopServiceWorker(extension, panel);
  const transferred = await fetch(`${server.url}/api/conversations/${conversationId}/transfer`, {
    method: 'POST',
    headers: { authorization: `Bearer ${luca.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ toMemberId: (await signIn(server, 'Sara')).member.id, note: 'Your shift now' }),
  });
  expect(transferred.status).toBe(200);

  // Opening the panel wakes the worker: the chat is hers, with the customer's messages and Luca's replies.
  await panel.goto(`chrome-extension://${extension.extensionId}/sidepanel.html`);
  await panel.getByTestId('view-mine').click();
  await row.click();
  const bubbles = panel.getByTestId('message');
  await expect(bubbles.filter({ hasText: 'Your shift now' })).toBeVisible();
  for (const m of history) await expect(bubbles.filter({ hasText: m.body }).first()).toBeAttached();
  // Each once, in the order they were written.
  const shown = await bubbles.allInnerTexts();
  const positions = history.map((m) => shown.findIndex((text) => text.includes(m.body)));
  expect(positions.every((p) => p >= 0)).toBe(true);
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  for (const m of history) expect(shown.filter((text) => text.includes(m.body))).toHaveLength(1);
});
