import { browser, type Browser } from 'wxt/browser';

/** The page that plays sounds: a service worker has no audio, so Manifest V3 plays it in an offscreen document. */
const OFFSCREEN_PATH = '/offscreen.html';
export const PLAY_SOUND = 'sidedesk.playSound';

let creating: Promise<void> | null = null;

async function ensureOffscreen(): Promise<void> {
  const url = browser.runtime.getURL(OFFSCREEN_PATH);
  const existing = await browser.runtime.getContexts({
    contextTypes: ['OFFSCREEN_DOCUMENT' as Browser.runtime.ContextType],
    documentUrls: [url],
  });
  if (existing.length > 0) return;
  // Two notifications at once must not both create it (Chrome allows one offscreen document).
  creating ??= browser.offscreen
    .createDocument({
      url: OFFSCREEN_PATH,
      reasons: ['AUDIO_PLAYBACK' as Browser.offscreen.Reason],
      justification: 'Plays the notification sound the member chose',
    })
    .finally(() => {
      creating = null;
    });
  await creating;
}

/** Plays the short notification sound once. */
export async function playNotificationSound(): Promise<void> {
  await ensureOffscreen();
  await browser.runtime.sendMessage({ target: 'offscreen', type: PLAY_SOUND });
}
