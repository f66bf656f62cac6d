import { browser } from 'wxt/browser';
import { PLAY_SOUND } from '@/lib/client/sound';

// The offscreen document only plays the notification sound; every other message is for the worker.
const sound = new Audio(browser.runtime.getURL('/sounds/notify.wav'));

browser.runtime.onMessage.addListener((message: unknown) => {
  const m = message as { target?: unknown; type?: unknown } | null;
  if (m?.target !== 'offscreen' || m.type !== PLAY_SOUND) return;
  sound.currentTime = 0;
  void sound.play().catch(() => {});
});
