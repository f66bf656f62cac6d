import { DEMO_SIGN_INS } from '../../server/demo/seed';
import { expect, test } from './fixtures';
import { openConversationWith, openCustomerPage, sendAsCustomer } from './pages';

const manager = DEMO_SIGN_INS.find((s) => s.role === 'manager')!;

test('read receipts and typing both ways; an internal note stays in the team; category and tags persist', async ({
  server,
  extension,
}) => {
  const panel = await extension.openSidePanel();
  const customer = await openCustomerPage(extension.context, server, 3);
  const question = `Is the blue one in stock? (${Date.now()})`;
  await sendAsCustomer(customer, question);
  await openConversationWith(panel, question);
  const name = (await panel.getByTestId('chat-customer').textContent())!;

  // Opening the chat reads the customer's message; the customer page says so under it.
  await expect(
    customer.getByTestId('message').filter({ hasText: question }).getByTestId('seen'),
  ).toBeVisible();

  // The member types a reply: the customer sees the shop typing.
  const reply = panel.getByTestId('reply-input');
  await reply.fill('Let me check the warehouse');
  await expect(customer.getByTestId('shop-typing')).toBeVisible();

  // The customer types: the panel shows who is typing (the page repeats it at most every 3 s).
  await expect(async () => {
    await customer.getByTestId('message-input').fill(`Thanks, I can wait ${Date.now()}`);
    await expect(panel.getByTestId('customer-typing')).toBeVisible({ timeout: 2_000 });
  }).toPass();
  await expect(panel.getByTestId('customer-typing')).toHaveText(`${name} is typing…`);
  await customer.getByTestId('message-input').fill('');
  // The signal holds 6 s unless repeated, then the line goes away by itself.
  await expect(panel.getByTestId('customer-typing')).toBeHidden({ timeout: 10_000 });

  // The reply reaches the customer page, which reports it read: the panel shows "Seen" under it.
  const answer = 'Yes: two left in blue, it ships today.';
  await reply.fill(answer);
  await panel.getByTestId('reply-send').click();
  await expect(customer.getByTestId('message').filter({ hasText: answer })).toBeVisible();
  await expect(customer.getByTestId('shop-typing')).toBeHidden();
  const answered = panel.getByTestId('message').filter({ hasText: answer });
  await expect(answered.getByTestId('message-seen')).toHaveText(/Seen/);
  await expect(panel.getByTestId('message-seen')).toHaveCount(1);

  // An internal note: a note bubble in the panel, labelled with its author, and never on the customer page.
  const note = `Customer asked twice about stock (${Date.now()})`;
  await panel.getByTestId('composer-mode-note').click();
  await expect(panel.getByTestId('composer-mode-note')).toHaveAttribute('aria-pressed', 'true');
  await reply.fill(note);
  await panel.getByTestId('reply-send').click();
  const noteBubble = panel.getByTestId('message').filter({ hasText: note });
  await expect(noteBubble).toHaveAttribute('data-direction', 'note');
  await expect(noteBubble.getByTestId('note-label')).toHaveText(`Internal note · ${manager.nickname}`);
  // Alt+N goes back to replies; a reply sent after the note reaches the customer, the note does not.
  await reply.press('Alt+KeyN');
  await expect(panel.getByTestId('composer-mode-reply')).toHaveAttribute('aria-pressed', 'true');
  const followUp = 'I have put one aside for you.';
  await reply.fill(followUp);
  await reply.press('Enter');
  await expect(customer.getByTestId('message').filter({ hasText: followUp })).toBeVisible();
  await expect(customer.getByTestId('message').filter({ hasText: note })).toHaveCount(0);
  await customer.reload();
  await expect(customer.getByTestId('message').filter({ hasText: followUp })).toBeVisible();
  await expect(customer.getByTestId('message').filter({ hasText: note })).toHaveCount(0);
  // "Seen" moves to the newest reply the customer has read.
  await expect(
    panel.getByTestId('message').filter({ hasText: followUp }).getByTestId('message-seen'),
  ).toBeVisible();
  await expect(panel.getByTestId('message-seen')).toHaveCount(1);

  // Category and tags: shown from "More actions", changed in the chat, kept after leaving it and after
  // reloading the panel.
  await expect(panel.getByTestId('chat-category')).toBeHidden();
  await panel.getByTestId('chat-more').click();
  await panel.getByRole('menuitemcheckbox', { name: 'Category and tags' }).click();
  await panel.getByTestId('chat-category').selectOption('logistics');
  const tagInput = panel.getByTestId('chat-tag-input');
  await tagInput.fill('  fragile ');
  await tagInput.press('Enter');
  await tagInput.pressSequentially('vip,');
  await tagInput.fill('to check');
  await tagInput.press('Enter');
  await expect(panel.getByTestId('chat-tag-name')).toHaveText(['fragile', 'vip', 'to check']);
  await panel
    .getByTestId('chat-tag')
    .filter({ hasText: 'vip' })
    .getByRole('button', { name: 'Remove the tag vip' })
    .click();
  await tagInput.fill('x'.repeat(41));
  await tagInput.press('Enter');
  await expect(panel.getByTestId('chat-details-error')).toHaveText('A tag has at most 40 characters');
  await expect(panel.getByTestId('chat-tag-name')).toHaveText(['fragile', 'to check']);

  await panel.getByRole('button', { name: 'Back to the inbox' }).click();
  await panel.reload();
  await openConversationWith(panel, followUp);
  await panel.getByTestId('chat-more').click();
  await panel.getByTestId('chat-details-toggle').click();
  await expect(panel.getByTestId('chat-category')).toHaveValue('logistics');
  await expect(panel.getByTestId('chat-category').locator('option:checked')).toHaveText('Logistics');
  await expect(panel.getByTestId('chat-tag-name')).toHaveText(['fragile', 'to check']);
  await expect(panel.getByTestId('message').filter({ hasText: note })).toHaveAttribute(
    'data-direction',
    'note',
  );
});

test("the customer's other conversations are listed under the header; a closed chat takes notes", async ({
  server,
  extension,
}) => {
  const panel = await extension.openSidePanel();
  const customer = await openCustomerPage(extension.context, server, 4);
  const first = `My order never arrived (${Date.now()})`;
  await sendAsCustomer(customer, first);
  await openConversationWith(panel, first);
  const firstId = await panel.locator('section.chat').getAttribute('data-conversation-id');
  await panel.getByTestId('end-session').click();
  await panel.getByTestId('confirm-yes').click();
  await expect(panel.getByTestId('closed-note')).toBeVisible();

  // A closed chat still takes internal notes (and nothing else).
  await expect(panel.getByTestId('composer-mode-reply')).toBeDisabled();
  await expect(panel.getByTestId('composer-mode-note')).toHaveAttribute('aria-pressed', 'true');
  const note = `Refund issued by the courier (${Date.now()})`;
  await panel.getByTestId('reply-input').fill(note);
  await panel.getByTestId('reply-send').click();
  await expect(panel.getByTestId('message').filter({ hasText: note })).toHaveAttribute(
    'data-direction',
    'note',
  );

  // The customer writes again: a new conversation, which the closed one lists first among the others.
  const second = `Another question about a new order (${Date.now()})`;
  await sendAsCustomer(customer, second);
  const toggle = panel.getByTestId('other-conversations-toggle');
  await expect(toggle).toHaveText(/Other conversations \(\d+\)/);
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(panel.getByTestId('other-conversation')).toHaveCount(0);
  const count = () => toggle.textContent().then((text) => Number(/\((\d+)\)/.exec(text ?? '')?.[1]));
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const newest = panel.getByTestId('other-conversation').first();
  await expect(newest).toContainText(second);
  await expect(newest.getByTestId('other-conversation-status')).toHaveText('Open');
  await expect(newest).not.toHaveAttribute('data-conversation-id', firstId!);
  await expect(panel.getByTestId('other-conversation')).toHaveCount(await count());
  // The chat in front is not among its own others.
  await expect(
    panel.locator(`[data-testid="other-conversation"][data-conversation-id="${firstId}"]`),
  ).toHaveCount(0);
  await toggle.click();
  await expect(panel.getByTestId('other-conversation')).toHaveCount(0);
});
