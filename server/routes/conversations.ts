import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { conversationParams, readBody, readResult, replyBody, replyResult } from '../../lib/protocol';
import { memberOf, requireMember } from '../auth/plugin';
import type { InboxDeps } from '../inbox/hub';
import { markRead } from '../inbox/read';
import { sendReply } from '../inbox/reply';
import type { Db } from '../store';

export const conversationRoutes: FastifyPluginAsyncZod<{ db: Db; deps: InboxDeps }> = async (
  app,
  { db, deps },
) => {
  app.addHook('preHandler', requireMember(db));

  app.post(
    '/api/conversations/:conversationId/replies',
    { schema: { params: conversationParams, body: replyBody, response: { 200: replyResult } } },
    async (request) => {
      const member = memberOf(request);
      return sendReply(db, deps, member, request.params.conversationId, request.body);
    },
  );

  app.post(
    '/api/conversations/:conversationId/read',
    { schema: { params: conversationParams, body: readBody, response: { 200: readResult } } },
    async (request) => {
      const member = memberOf(request);
      return markRead(db, deps, member, request.params.conversationId, new Date(request.body.readUpTo));
    },
  );
};
