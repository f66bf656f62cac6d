import { expect, test } from './fixtures';
import { openConversationWith, openCustomerPage, sendAsCustomer } from './pages';

test('star for follow-up; ending a session asks the customer for a rating, which the panel then shows; trash and restore', async ({
  server,
  extension,
}) => {
  const panel = await extension.openSidePanel();
  const customer = await openCustomerPage(extension.context, server, 5);
  const question = `Can I change the colour? (${Date.now()})`;
  await sendAsCustomer(customer, question);
  await openConversationWith(panel, question);
  const name = (await panel.getByTestId('chat-customer').textContent())!;
  await panel.getByTestId('reply-input').fill('Of course: done, it ships in green.');
  await panel.getByTestId('reply-send').click();

  // Starred for follow-up: the Starred bucket counts and lists it.
  await panel.getByTestId('star').click();
  await expect(panel.getByTestId('star')).toHaveAttribute('aria-pressed', 'true');
  await panel.getByRole('button', { name: 'Back to the inbox' }).click();
  await panel.getByTestId('view-all').click();
  await expect(panel.getByTestId('bucket-starred')).toContainText('1');
  await panel.getByTestId('bucket-starred').click();
  await expect(panel.getByTestId('conversation-item')).toHaveCount(1);
  await panel.getByTestId('conversation-item').filter({ hasText: name }).click();

  // Ending a session asks once more: Cancel (or Esc) leaves the chat open, the second click ends it.
  await panel.getByTestId('end-session').click();
  await expect(panel.getByTestId('confirm-bar')).toContainText(`End the session with ${name}?`);
  await panel.getByTestId('confirm-no').click();
  await expect(panel.getByTestId('confirm-bar')).toBeHidden();
  await panel.getByTestId('end-session').click();
  await panel.keyboard.press('Escape');
  await expect(panel.getByTestId('confirm-bar')).toBeHidden();
  await expect(panel.getByTestId('chat-messages')).toBeVisible();
  await expect(panel.getByTestId('closed-note')).toBeHidden();
  await panel.getByTestId('end-session').click();
  await panel.getByTestId('confirm-yes').click();
  await expect(panel.getByTestId('closed-note')).toBeVisible();
  await expect(panel.getByTestId('message').filter({ hasText: 'ended the session' })).toBeVisible();

  // The customer page shows the 5-point rating live.
  await customer.getByTestId('rating-star').nth(3).click();
  await customer.getByTestId('rating-comment').fill('Quick and kind');
  await customer.getByTestId('rating-submit').click();
  await expect(customer.getByTestId('rating-thanks')).toContainText('4/5');
  await expect(panel.getByTestId('chat-rating')).toContainText('★★★★☆');
  await expect(panel.getByTestId('chat-rating')).toContainText('Quick and kind');

  // Into the trash (from "More actions", asked once more) and back.
  await panel.getByTestId('chat-more').click();
  await panel.getByRole('menuitem', { name: 'Trash' }).click();
  await expect(panel.getByTestId('confirm-bar')).toContainText(`Move the chat with ${name} to the trash?`);
  await panel.getByTestId('confirm-yes').click();
  await panel.getByTestId('view-trash').click();
  const trashed = panel.getByTestId('conversation-item').filter({ hasText: name });
  await expect(trashed).toHaveCount(1);
  await trashed.click();
  await panel.getByTestId('restore').click();
  await panel.getByRole('button', { name: 'Back to the inbox' }).click();
  await expect(panel.getByTestId('conversation-item').filter({ hasText: name })).toHaveCount(0);
  await panel.getByTestId('view-all').click();
  await expect(panel.getByTestId('conversation-item').filter({ hasText: name }).first()).toBeVisible();
});
