import { sql } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../store';

/** Liveness (the process answers) and readiness (the store answers and we are not shutting down). */
export const healthRoutes: FastifyPluginAsync<{ db: Db; isClosing: () => boolean }> = async (
  app,
  { db, isClosing },
) => {
  // `service` lets the extension tell a Sidedesk server's page from any other (the sign-in form's prefill).
  app.get('/healthz', async () => ({ ok: true, service: 'sidedesk' }));
  app.get('/readyz', async (_request, reply) => {
    if (isClosing()) return reply.code(503).send({ ok: false, reason: 'shutting down' });
    try {
      await db.execute(sql`select 1`);
      return { ok: true };
    } catch {
      return reply.code(503).send({ ok: false, reason: 'store unavailable' });
    }
  });
};
