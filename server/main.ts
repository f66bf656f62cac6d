import { startServer } from './app';
import { loadConfig } from './config';

/** Start-up: configuration from the environment, then the server; SIGTERM and SIGINT shut it down gracefully. */
const config = loadConfig();
const server = await startServer(config);
server.app.log.info({ url: server.url, store: server.store.kind }, 'Sidedesk server is ready');

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
