import { demoUrls } from '../server/demo';
import { DEMO_SIGN_INS } from '../server/demo/seed';
import { setupLinkLines, type SetupLink } from '../server/setup/links';

/** What `npm start` prints once the server is up: where the server, the demo pages and the extension are. */
export function startBanner(options: {
  publicUrl: string;
  demo: boolean;
  /** How the store is kept, in words. */
  store: string;
  extensionDir: string;
  /** The one-time link to create the first workspace, while the store has none. */
  setupLink?: SetupLink | null;
}): string {
  const urls = demoUrls(options.publicUrl);
  const lines = ['', `Sidedesk server     ${options.publicUrl}   (store: ${options.store})`];
  if (options.demo) {
    lines.push(
      `Demo index          ${urls.index}`,
      `Demo seller center  ${urls.sellerCenter}`,
      `Demo orders page    ${urls.orders}`,
      `Demo customer page  ${urls.customer}`,
      '',
      'Demo sign-ins (server URL above):',
      ...DEMO_SIGN_INS.map((s) => `  ${s.role.padEnd(8)} ${s.email.padEnd(28)} ${s.password}`),
    );
  }
  if (options.setupLink) lines.push('', ...setupLinkLines(options.setupLink));
  lines.push(
    '',
    `Extension           ${options.extensionDir}`,
    '  Load it: chrome://extensions → turn on Developer mode → Load unpacked → choose the folder above.',
    '',
    'Press Ctrl+C to stop.',
  );
  return lines.join('\n');
}
