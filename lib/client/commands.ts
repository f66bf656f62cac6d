import { browser, type Browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { ApiClient } from './api';
import { ownStatusItem, panelRequestItem, sessionItem } from './settings';

/** The four keyboard commands of the manifest (chrome.commands allows four with suggested keys). */
export const COMMANDS = ['open-side-panel', 'open-palette', 'next-unreplied', 'toggle-auto-assign'] as const;
export type CommandName = (typeof COMMANDS)[number];

/**
 * The browser's commands as the options page lists them: in the manifest's order (the browser sorts them by
 * name), without the toolbar button's own command, which Sidedesk gives no key.
 */
export function browserCommandsInOrder<C extends { name?: string }>(all: C[]): C[] {
  const rank = (c: C) => COMMANDS.indexOf(c.name as CommandName);
  return all.filter((c) => rank(c) >= 0).sort((a, b) => rank(a) - rank(b));
}

/** Runs a keyboard command; the side panel is opened first, while the key press still counts as a gesture. */
export async function runCommand(command: string, tab: Browser.tabs.Tab | undefined): Promise<void> {
  const windowId = tab?.windowId;
  switch (command) {
    case 'open-side-panel':
      if (windowId !== undefined) await browser.sidePanel.open({ windowId });
      return;
    case 'next-unreplied': {
      const opening = windowId !== undefined ? browser.sidePanel.open({ windowId }) : Promise.resolve();
      await panelRequestItem.setValue({ kind: 'nextUnreplied', at: new Date().toISOString() });
      await opening;
      return;
    }
    case 'open-palette':
      // Only the seller-center tab's content script can show it; a tab without one has no chat box to fill.
      if (tab?.id !== undefined)
        await browser.tabs.sendMessage(tab.id, { type: 'sidedesk.openPalette' }).catch(() => undefined);
      return;
    case 'toggle-auto-assign':
      return toggleAutoAssign();
  }
}

async function toggleAutoAssign(): Promise<void> {
  const session = await sessionItem.getValue();
  if (!session) return;
  const known = await ownStatusItem.getValue();
  const accepts = !(known?.acceptsAutoAssign ?? session.member.acceptsAutoAssign);
  const updated = await new ApiClient(session.serverUrl, session.token).updateMember('me', {
    acceptsAutoAssign: accepts,
  });
  await ownStatusItem.setValue(updated);
  await browser.notifications.create(`auto-assign-${Date.now()}`, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: 'Sidedesk',
    message: accepts ? i18n.t('commands.autoAssignOn') : i18n.t('commands.autoAssignOff'),
  });
}
