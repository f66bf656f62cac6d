import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { conversationParams, snoozeBody, starBody } from '../../lib/protocol';
import { memberOf, requireMember } from '../auth/plugin';
import type { LifecycleService } from '../inbox/lifecycle';
import type { Db } from '../store';

const ok = z.object({ ok: z.literal(true) });

/** End session, snooze, star, trash, restore and delete for good (SPEC §3, §4). */
export const lifecycleRoutes: FastifyPluginAsyncZod<{ db: Db; lifecycle: LifecycleService }> = async (
  app,
  { db, lifecycle },
) => {
  app.addHook('preHandler', requireMember(db));
  const schema = { params: conversationParams, response: { 200: ok } };
  const done = { ok: true as const };

  app.post('/api/conversations/:conversationId/end', { schema }, async (request) => {
    await lifecycle.endSession(memberOf(request), request.params.conversationId);
    return done;
  });
  app.post(
    '/api/conversations/:conversationId/snooze',
    { schema: { ...schema, body: snoozeBody } },
    async (request) => {
      await lifecycle.snooze(memberOf(request), request.params.conversationId, new Date(request.body.until));
      return done;
    },
  );
  app.post('/api/conversations/:conversationId/unsnooze', { schema }, async (request) => {
    await lifecycle.unsnooze(memberOf(request), request.params.conversationId);
    return done;
  });
  app.put(
    '/api/conversations/:conversationId/star',
    { schema: { ...schema, body: starBody } },
    async (request) => {
      await lifecycle.setStarred(memberOf(request), request.params.conversationId, request.body.starred);
      return done;
    },
  );
  app.post('/api/conversations/:conversationId/trash', { schema }, async (request) => {
    await lifecycle.trash(memberOf(request), request.params.conversationId);
    return done;
  });
  app.post('/api/conversations/:conversationId/restore', { schema }, async (request) => {
    await lifecycle.restore(memberOf(request), request.params.conversationId);
    return done;
  });
  app.delete('/api/conversations/:conversationId', { schema }, async (request) => {
    await lifecycle.deletePermanently(memberOf(request), request.params.conversationId);
    return done;
  });
};
