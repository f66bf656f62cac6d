import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { BackgroundService, KEEPALIVE_ALARM } from '@/lib/client/background';
import { SidedeskDb } from '@/lib/client/db';
import { runCommand } from '@/lib/client/commands';
import { OverlayService } from '@/lib/client/overlay';
import { registerAllowedSites } from '@/lib/client/sites';
import { overlayRequest } from '@/lib/protocol';

export default defineBackground(() => {
  const db = new SidedeskDb();
  const service = new BackgroundService(db);
  const ready = service.start();
  const overlays = new OverlayService(db);

  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    // A seller-center page's content script asks only the overlay's questions; the extension's pages the rest.
    const fromPage = sender.tab !== undefined && !sender.url?.startsWith(browser.runtime.getURL('/'));
    const overlay = fromPage ? overlayRequest.safeParse(message) : null;
    const answer = overlay
      ? overlay.success
        ? overlays.handle(overlay.data, sender.tab?.windowId)
        : Promise.resolve({ ok: false, error: `request: ${overlay.error.issues[0]?.message ?? 'not valid'}` })
      : ready.then(() => service.handle(message));
    answer.then(sendResponse, (error: unknown) => sendResponse({ ok: false, error: String(error) }));
    return true;
  });

  // Sites the member allowed on the options page get the overlay again after an update or a restart.
  void registerAllowedSites().catch((error: unknown) => console.error('Sidedesk: registering sites', error));

  browser.commands.onCommand.addListener((command, tab) => {
    void runCommand(command, tab);
  });

  // The toolbar button shows the popup (status and "Open inbox"); an alarm revives the socket after sleep.
  void browser.alarms.create(KEEPALIVE_ALARM, { periodInMinutes: 1 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === KEEPALIVE_ALARM) void ready.then(() => service.keepAlive());
  });
});
