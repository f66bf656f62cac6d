import { defineConfig } from 'wxt';

// The extension's manifest and build; entrypoints/ holds one file or folder per extension context.
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  imports: false,
  manifest: {
    name: 'Sidedesk',
    description: 'A shared customer-service inbox beside your seller center.',
    minimum_chrome_version: '116',
    permissions: ['sidePanel', 'storage', 'alarms', 'notifications'],
    action: { default_title: 'Open Sidedesk' },
  },
});
