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
    permissions: ['sidePanel', 'storage', 'alarms', 'notifications'],
    action: { default_title: '__MSG_actionTitle__' },
  },
});
