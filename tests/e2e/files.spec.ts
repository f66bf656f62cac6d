import { expect, test } from './fixtures';
import { customersWithoutOngoingChat, openConversationWith, openCustomerPage, sendAsCustomer } from './pages';

// A real 2×2 PNG, so the browser can draw its thumbnail.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

test('pictures and files both ways, emoji, and a chat with every kind of message', async ({
  server,
  extension,
}) => {
  const panel = await extension.openSidePanel();
  const [fresh] = await customersWithoutOngoingChat(server);
  const customer = await openCustomerPage(extension.context, server, fresh!);
  const question = `Which size do I need? (${Date.now()})`;
  await sendAsCustomer(customer, question);
  await openConversationWith(panel, question);

  // An emoji goes where the caret is.
  await panel.getByTestId('reply-input').fill('Take an M ');
  await panel.getByTestId('emoji-button').click();
  await panel.getByTestId('emoji').filter({ hasText: '👍' }).click();
  await expect(panel.getByTestId('reply-input')).toHaveValue('Take an M 👍');
  await panel.getByTestId('reply-send').click();
  await expect(customer.getByTestId('message').filter({ hasText: 'Take an M 👍' })).toBeVisible();

  // A picture from the panel, with a caption; the customer sees it, with its thumbnail.
  await panel.getByTestId('reply-input').fill('Here is the size chart');
  await panel
    .getByTestId('attach-input')
    .setInputFiles({ name: 'size-chart.png', mimeType: 'image/png', buffer: PNG });
  const sentPicture = panel.getByTestId('message').filter({ hasText: 'Here is the size chart' });
  await expect(sentPicture.getByTestId('attachment').locator('img')).toHaveAttribute('alt', 'size-chart.png');
  const customerPicture = customer.getByTestId('message').filter({ hasText: 'Here is the size chart' });
  await expect(customerPicture.getByTestId('attachment').locator('img')).toHaveAttribute(
    'src',
    /\/thumbnail$/,
  );
  expect(
    await customerPicture
      .locator('img')
      .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
  ).toBe(true);

  // A file whose content is not what its name says is refused before anything is sent.
  const before = await panel.getByTestId('message').count();
  await panel
    .getByTestId('attach-input')
    .setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: PNG });
  await expect(panel.getByRole('alert')).toContainText('not image/jpeg');
  await expect(panel.getByTestId('message')).toHaveCount(before);

  // The customer sends a document whose name is markup: it stays a name.
  const hostile = '<img src=x onerror="window.__xss=1">receipt.pdf';
  await customer
    .getByTestId('file-input')
    .setInputFiles({ name: hostile, mimeType: 'application/pdf', buffer: PDF });
  const received = panel.getByTestId('message').filter({ hasText: 'receipt.pdf' });
  await expect(received.getByTestId('attachment')).toContainText(hostile);
  await expect(received.getByTestId('attachment')).toHaveAttribute('href', /\/files\//);
  expect(await panel.locator('img[src="x"]').count()).toBe(0);
  expect(await panel.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();

  // A note and a system line too, then the whole chat as a picture.
  await panel.getByTestId('composer-mode-note').click();
  await panel.getByTestId('reply-input').fill('Customer is a returning buyer; offer free exchange.');
  await panel.getByTestId('reply-send').click();
  await expect(panel.getByTestId('note-label')).toBeVisible();
  await panel.screenshot({ path: test.info().outputPath('chat-every-kind.png'), fullPage: true });
});
