import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  bulkBody,
  bulkResult,
  conversationParams,
  conversationPatch,
  message,
  noteBody,
  snoozeBody,
  starBody,
  type BulkResult,
} from '../../lib/protocol';
import type { AssignmentService } from '../assignment/service';
import { HttpError } from '../errors';
import { memberOf, requireMember } from '../auth/plugin';
import type { LifecycleService } from '../inbox/lifecycle';
import type { Db } from '../store';

const ok = z.object({ ok: z.literal(true) });

/**
 * End session, snooze, star, category and tags, notes, trash, restore, delete for good, and the bulk
 * forms (product §3, §4).
 */
export const lifecycleRoutes: FastifyPluginAsyncZod<{
  db: Db;
  lifecycle: LifecycleService;
  assignment: AssignmentService;
}> = async (app, { db, lifecycle, assignment }) => {
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
  app.patch(
    '/api/conversations/:conversationId',
    { schema: { ...schema, body: conversationPatch } },
    async (request) => {
      await lifecycle.organize(memberOf(request), request.params.conversationId, request.body);
      return done;
    },
  );
  app.post(
    '/api/conversations/:conversationId/notes',
    { schema: { params: conversationParams, body: noteBody, response: { 200: message } } },
    async (request) => lifecycle.addNote(memberOf(request), request.params.conversationId, request.body),
  );

  // One action over many conversations; each goes through the same path as its single form.
  app.post(
    '/api/conversations/bulk',
    { schema: { body: bulkBody, response: { 200: bulkResult } } },
    async (request): Promise<BulkResult> => {
      const actor = memberOf(request);
      const { action } = request.body;
      const results: BulkResult['results'] = [];
      for (const conversationId of new Set(request.body.conversationIds)) {
        try {
          if (action.type === 'assign') await assignment.assign(actor, conversationId, action.assigneeId);
          else if (action.type === 'close') await assignment.closeConversation(actor, conversationId);
          else if (action.type === 'trash') await lifecycle.trash(actor, conversationId);
          else await lifecycle.retag(actor, conversationId, action.add, action.remove);
          results.push({ conversationId, ok: true });
        } catch (error) {
          if (!(error instanceof HttpError)) throw error;
          results.push({ conversationId, ok: false, status: error.status, error: error.message });
        }
      }
      return { results };
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
