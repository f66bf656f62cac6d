import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { ZodType } from 'zod';
import { withoutNul } from '../lib/protocol/text';
import type { Config } from './config';
import { HttpError } from './errors';
import type { ChannelDelivery, InboxDeps } from './inbox/hub';
import {
  attachMemberSockets,
  createIo,
  endSocketSessions,
  notifyMemberChanged,
  notifyShopsChanged,
  notifyProfileChanged,
  socketHub,
  type SidedeskIo,
} from './realtime';
import { AssignmentService } from './assignment/service';
import { assignmentRoutes } from './routes/assignment';
import { webhookChannel } from './channels/webhook';
import { shopRoutes } from './routes/shops';
import { shopAdminRoutes } from './routes/shop-admin';
import { inboxRoutes } from './routes/inbox';
import { lifecycleRoutes } from './routes/lifecycle';
import { blockedRoutes } from './routes/blocked';
import { acceptFileBodies, fileRoutes } from './routes/files';
import { Attachments } from './files/attachments';
import { Connectors } from './channels/connector';
import { workbenchRoutes } from './routes/workbench';
import { savedReplyRoutes } from './routes/saved-replies';
import { analyticsRoutes } from './routes/analytics';
import { DiskFileStore, type FileStore } from './files/store';
import { LifecycleService } from './inbox/lifecycle';
import { SlaScheduler, systemClock, type Clock } from './sla/scheduler';
import { SCHEDULER_MAX_SLEEP_MS } from './sla/deadlines';
import { newId } from './ids';
import { authRoutes } from './routes/auth';
import { conversationRoutes } from './routes/conversations';
import { healthRoutes } from './routes/health';
import { syncRoutes } from './routes/sync';
import { openStore, type Store } from './store';
import { createMailer, type Mailer } from './mail/mailer';
import { ProfileService } from './profile/service';
import { profileRoutes } from './routes/profile';
import { NotificationDigest } from './profile/digest';
import { teamRoutes } from './routes/team';
import { TeamService } from './team/service';
import { DeliveryQueue, type DeliveryOptions } from './delivery/queue';
import { deliveryRoutes } from './routes/deliveries';
import { DELIVERY_BACKOFF_CAP_MS, DELIVERY_GIVE_UP_MS } from '../lib/domain/delivery';
import { AttemptLimiter, databaseCounters, redisCounters, TooManyAttempts } from './auth/attempts';
import { setupRoutes } from './routes/setup';
import { setupPage } from './web/setup';

export interface SidedeskServer {
  app: FastifyInstance;
  io: SidedeskIo;
  store: Store;
  deps: InboxDeps;
  assignment: AssignmentService;
  lifecycle: LifecycleService;
  scheduler: SlaScheduler;
  /** Emails each member the notifications they chose to get by email, batched per their period. */
  digest: NotificationDigest;
  /** The webhook channel's outbound queue and this instance's worker on it. */
  outbound: DeliveryQueue;
  /** Email over SMTP_URL (invitations, resets, notification digests); `enabled` is false without it. */
  mailer: Mailer;
  config: Config;
  /** The address it listens on, once started. */
  url: string;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** A store opened by the caller (tests); otherwise one is opened from the config. */
  store?: Store;
  /** The SLA clock's time; tests move it by hand. */
  clock?: Clock;
  logger?: boolean;
  /** Where uploads go; the data folder's uploads/ by default. */
  files?: FileStore;
  /** The outbound queue's timings; tests shorten the backoff. */
  delivery?: Partial<DeliveryOptions>;
}

/**
 * Builds and starts the server: store, then sockets and their Redis adapter, then the app's own parts, then
 * routes (the order fastify/demo recommends). Closing reverses it after in-flight requests finish.
 */
export async function startServer(config: Config, options: ServerOptions = {}): Promise<SidedeskServer> {
  const store =
    options.store ??
    (await openStore(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir }));
  const app = Fastify({
    logger: options.logger === false ? false : { level: config.logLevel },
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    bodyLimit: 1_000_000,
    // Behind a proxy, the client's address (which sign-in limits count) comes from X-Forwarded-For.
    trustProxy: config.trustProxy,
  });
  // Every body, query and params also refuses a NUL character, which the store cannot hold, naming the field.
  app.setValidatorCompiler<ZodType>((route) =>
    validatorCompiler({ ...route, schema: withoutNul(route.schema) }),
  );
  acceptFileBodies(app);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('member', null);
  app.decorateRequest('sessionToken', null);

  let closing = false;
  const mailer = createMailer(config.smtpUrl, config.mailFrom);
  // Failed password attempts, shared by every instance: in Redis when there is one, else in the store.
  const attempts = new AttemptLimiter(
    config.redisUrl ? await redisCounters(config.redisUrl) : databaseCounters(store.db),
    options.clock ?? systemClock,
  );
  const io = createIo(app.server);
  let closeAdapter = async () => {};
  if (config.redisUrl) closeAdapter = await attachRedisAdapter(io, config.redisUrl);

  // Channels register how a reply reaches their customer; the demo marketplace is one of them.
  const deliveries: ChannelDelivery[] = [];
  // Uploaded files: on disk under the data folder (a FileStore of another kind fits the same place).
  const files = options.files ?? new DiskFileStore(path.join(config.dataDir, 'uploads'));
  const attachments = new Attachments(store.db, files);
  // Each workspace's marketplace connector (orders, products, vouchers); integrations register theirs.
  const connectors = new Connectors();
  const deps: InboxDeps = {
    hub: socketHub(io),
    attachments,
    connectors,
    delivery: {
      deliver: (...delivery) => deliveries.forEach((d) => d.deliver(...delivery)),
      typing: (...signal) => deliveries.forEach((d) => d.typing?.(...signal)),
      seen: (...receipt) => deliveries.forEach((d) => d.seen?.(...receipt)),
    },
  };
  const outbound = new DeliveryQueue(store, deps.hub, {
    backoffBaseMs: config.deliveryRetryBaseMs,
    backoffCapMs: DELIVERY_BACKOFF_CAP_MS,
    giveUpAfterMs: DELIVERY_GIVE_UP_MS,
    timeoutMs: 10_000,
    leaseMs: 60_000,
    maxSleepMs: 60_000,
    batchSize: 20,
    publicUrl: config.publicUrl,
    log: app.log,
    ...options.delivery,
  });
  deps.outbound = outbound;
  const assignment = new AssignmentService(store.db, deps, {
    presenceGraceMs: config.presenceGraceMs,
    sweepMs: 60_000,
    instanceId: newId('inst'),
    log: app.log,
    onMemberChanged: (member) => notifyMemberChanged(io, member),
  });
  assignment.start();
  attachMemberSockets(io, store.db, deps, assignment, app.log);
  const lifecycle = new LifecycleService(store.db, deps, assignment);
  const team = new TeamService(store.db, io, deps, assignment, mailer, {
    publicUrl: config.publicUrl,
    log: app.log,
  });
  const scheduler = new SlaScheduler(store, deps, {
    clock: options.clock ?? systemClock,
    maxSleepMs: SCHEDULER_MAX_SLEEP_MS,
    standbyRetryMs: 5_000,
    batchSize: 200,
    log: app.log,
    onCapacityFreed: (workspaceId) => assignment.requestHandOut(workspaceId),
  });
  deps.deadlines = scheduler;
  const profiles = new ProfileService(store.db, files, assignment, {
    emailAvailable: () => mailer.enabled,
    onChanged: (profile) => notifyProfileChanged(io, profile),
    attempts,
    onOtherSessionsEnded: (memberId, keptToken) =>
      endSocketSessions(io, { memberId, exceptToken: keptToken }, 'password_changed'),
  });
  const digest = new NotificationDigest(store.db, mailer, {
    clock: options.clock ?? systemClock,
    publicUrl: config.publicUrl,
    log: app.log,
  });

  app.addHook('onRequest', async (request, reply) => {
    // The API is called from the extension's origin with a bearer token, never with cookies.
    if (!request.url.startsWith('/api/')) return;
    reply.header('access-control-allow-origin', '*');
    if (request.method === 'OPTIONS') {
      reply
        .header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE')
        .header('access-control-allow-headers', 'authorization, content-type, x-file-name')
        .header('access-control-max-age', '600')
        .code(204)
        .send();
    }
  });
  app.addHook('onSend', async (_request, reply) => {
    // While shutting down, a keep-alive connection is not kept: the server can close as soon as it answered.
    if (closing) reply.header('connection', 'close');
  });
  app.setErrorHandler((error, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const first = error.validation[0];
      const field = [error.validationContext, ...(first?.instancePath.split('/').filter(Boolean) ?? [])].join(
        '.',
      );
      return reply
        .code(400)
        .send({ error: 'invalid_input', field, message: `${field}: ${first?.message ?? 'is not valid'}` });
    }
    if (error instanceof HttpError) {
      if (error instanceof TooManyAttempts) reply.header('retry-after', String(error.retryAfterSeconds));
      return reply.code(error.status).send({ error: error.code, message: error.message, field: error.field });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.code(status).send({ error: 'bad_request', message: (error as Error).message });
    }
    request.log.error(error);
    return reply
      .code(500)
      .send({ error: 'internal', message: 'Something went wrong on the server; try again' });
  });

  await app.register(healthRoutes, { db: store.db, isClosing: () => closing });
  await app.register(authRoutes, {
    db: store.db,
    attempts,
    onSignedOut: (token) => endSocketSessions(io, { token }, 'signed_out'),
  });
  await app.register(setupRoutes, { db: store.db, attempts });
  await app.register(setupPage, { db: store.db });
  await app.register(syncRoutes, { db: store.db });
  await app.register(conversationRoutes, { db: store.db, deps });
  await app.register(assignmentRoutes, { db: store.db, assignment, team });
  const onShopsChanged = (workspaceId: string) => notifyShopsChanged(io, workspaceId);
  await app.register(shopRoutes, { db: store.db, deadlines: scheduler, onShopsChanged });
  await app.register(shopAdminRoutes, {
    db: store.db,
    deadlines: scheduler,
    publicUrl: config.publicUrl,
    onShopsChanged,
  });
  await app.register(lifecycleRoutes, { db: store.db, lifecycle, assignment });
  await app.register(fileRoutes, { db: store.db, attachments });
  await app.register(inboxRoutes, { db: store.db });
  await app.register(workbenchRoutes, { db: store.db, connectors });
  await app.register(savedReplyRoutes, { db: store.db });
  await app.register(analyticsRoutes, { db: store.db, clock: options.clock ?? systemClock });
  await app.register(blockedRoutes, { db: store.db, deps, assignment });
  await app.register(profileRoutes, { db: store.db, profiles });
  await app.register(teamRoutes, { db: store.db, team });
  await app.register(webhookChannel, { db: store.db, deps, lifecycle });
  await app.register(deliveryRoutes, { db: store.db, outbound });
  if (config.demo) {
    // Loaded only when asked for, so a production server carries no demo code.
    const { registerDemo } = await import('./demo');
    deliveries.push(await registerDemo(app, { db: store.db, io, deps, config, lifecycle }));
  }

  // Sockets go first (only this instance's), so the HTTP server can close; the store goes last.
  app.addHook('preClose', async () => {
    assignment.beginShutdown();
    io.local.disconnectSockets(true);
    io.engine.close();
  });
  app.addHook('onClose', async () => {
    await scheduler.stop();
    await digest.stop();
    await outbound.stop();
    await assignment.close();
    await closeAdapter();
    mailer.close();
    await attempts.close();
    if (!options.store) await store.close();
  });

  await app.listen({ port: config.port, host: config.host });
  // Deadlines that passed while no scheduler ran fire now.
  await scheduler.start();
  // Deliveries left by a stopped or crashed instance go on.
  await outbound.start();
  digest.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    app,
    io,
    store,
    deps,
    assignment,
    lifecycle,
    scheduler,
    digest,
    outbound,
    mailer,
    config,
    url: `http://${config.host}:${port}`,
    async close() {
      closing = true;
      await app.close();
    },
  };
}

async function attachRedisAdapter(io: SidedeskIo, redisUrl: string): Promise<() => Promise<void>> {
  const { createClient } = await import('redis');
  const { createAdapter } = await import('@socket.io/redis-streams-adapter');
  const client = createClient({ url: redisUrl });
  await client.connect();
  io.adapter(createAdapter(client));
  return async () => {
    await client.quit().catch(() => {});
  };
}
