import { defineConfig } from 'wxt';

// The extension's manifest and build; entrypoints/ holds one file or folder per extension context.
export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/i18n/module'],
  imports: false,
  manifest: {
    name: 'Sidedesk',
    description: '__MSG_extensionDescription__',
    default_locale: 'en',
    minimum_chrome_version: '116',
    // offscreen: the notification sound plays in an offscreen document, as a service worker has no audio.
    // activeTab: the tab the member opens the panel from (a key, the toolbar button) shows its address, so
    // the sign-in form can offer that tab's Sidedesk server; it asks nothing at install.
    permissions: ['sidePanel', 'storage', 'alarms', 'notifications', 'scripting', 'activeTab', 'offscreen'],
    // Any other seller center the member adds on the options page is asked for at that moment.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: '__MSG_actionTitle__' },
    // Chrome gives an extension at most four suggested keys, and silently leaves unset any key it keeps for
    // itself: Alt+Shift+A, B, C, N, P, R, T, W, X and Z are among them (tests/e2e/keys.spec.ts checks that each
    // key below is really assigned).
    commands: {
      'open-side-panel': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: '__MSG_commands_openSidePanel__',
      },
      'open-palette': {
        suggested_key: { default: 'Alt+Shift+E' },
        description: '__MSG_commands_openPalette__',
      },
      'next-unreplied': {
        suggested_key: { default: 'Alt+Shift+U' },
        description: '__MSG_commands_nextUnreplied__',
      },
      'toggle-auto-assign': {
        suggested_key: { default: 'Alt+Shift+Q' },
        description: '__MSG_commands_toggleAutoAssign__',
      },
    },
  },
});
