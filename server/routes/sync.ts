import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { syncPage, syncQuery } from '../../lib/protocol';
import { memberOf, requireMember } from '../auth/plugin';
import type { Db } from '../store';
import { readEventsAfter } from '../store/events';

/** The catch-up half of the sync contract: what came after the client's last applied seq, paged. */
export const syncRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/api/sync',
    { preHandler: requireMember(db), schema: { querystring: syncQuery, response: { 200: syncPage } } },
    async (request) => {
      const member = memberOf(request);
      const page = await readEventsAfter(
        db,
        member.workspaceId,
        member,
        request.query.after,
        request.query.limit,
      );
      return { viewer: { id: member.id, role: member.role }, ...page };
    },
  );
};
