import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { BackgroundService, KEEPALIVE_ALARM } from '@/lib/client/background';
import { SidedeskDb } from '@/lib/client/db';

export default defineBackground(() => {
  const service = new BackgroundService(new SidedeskDb());
  const ready = service.start();

  browser.runtime.onMessage.addListener((message, _sender, sendResponse) => {
    ready
      .then(() => service.handle(message))
      .then(sendResponse, (error: unknown) => sendResponse({ ok: false, error: String(error) }));
    return true;
  });

  // The toolbar button shows the popup (status and "Open inbox"); an alarm revives the socket after sleep.
  void browser.alarms.create(KEEPALIVE_ALARM, { periodInMinutes: 1 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === KEEPALIVE_ALARM) void ready.then(() => service.keepAlive());
  });
});
