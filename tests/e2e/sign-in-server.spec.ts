import { expect, test } from './fixtures';

test('the sign-in form offers the server whose page the panel was opened beside, whatever its port', async ({
  server,
  extension,
}) => {
  // The test server runs on a free port, never the default 8787.
  expect(new URL(server.url).port).not.toBe('8787');
  const seller = await extension.context.newPage();
  await seller.goto(`${server.url}/demo/seller/chat`);
  const panel = await extension.context.newPage();
  await panel.goto(`chrome-extension://${extension.extensionId}/sidepanel.html`);
  await expect(panel.getByLabel('Server URL')).toHaveValue(server.url);
  await panel.setViewportSize({ width: 320, height: 640 });
  await panel.screenshot({ path: 'test-results/sign-in-server/prefilled-320.png' });

  // Beside a page that is no Sidedesk server, the form offers the last server used (here: the default).
  await seller.close();
  const other = await extension.context.newPage();
  await other.goto('about:blank');
  await panel.reload();
  await expect(panel.getByLabel('Server URL')).toHaveValue('http://127.0.0.1:8787');
});
