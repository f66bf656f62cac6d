import { startServer } from './app';
import { loadConfig } from './config';
import { linkForThisStart, setupLinkLines } from './setup/links';

/** Start-up: configuration from the environment, then the server; SIGTERM and SIGINT shut it down gracefully. */
const config = loadConfig();
const server = await startServer(config);
server.app.log.info({ url: server.url, store: server.store.kind }, 'Sidedesk server is ready');
// An empty store (no demo) can only be set up from this link, so it goes to the console whatever the log level.
const setupLink = await linkForThisStart(server.store.db, config.publicUrl);
if (setupLink) console.log(['', ...setupLinkLines(setupLink), ''].join('\n'));

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    server.app.log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error(error);
        process.exit(1);
      },
    );
  });
}
