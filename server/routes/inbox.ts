import { eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { savedViews, searchQuery, searchResult } from '../../lib/protocol';
import { memberOf, requireMember } from '../auth/plugin';
import { HttpError } from '../errors';
import { searchConversations } from '../inbox/search';
import type { Db } from '../store';
import { member } from '../store/schema';

/** Server-side search over everything, and each member's saved custom views (product §3). */
export const inboxRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.addHook('preHandler', requireMember(db));

  app.get(
    '/api/search',
    { schema: { querystring: searchQuery, response: { 200: searchResult } } },
    async (request) => ({
      hits: await searchConversations(db, memberOf(request), request.query.q, request.query.limit),
    }),
  );

  app.get('/api/me/views', { schema: { response: { 200: savedViews } } }, async (request) => {
    const [row] = await db
      .select({ views: member.savedViews })
      .from(member)
      .where(eq(member.id, memberOf(request).id));
    return { views: row?.views ?? [] };
  });

  // The whole ordered list at once: adding, renaming, reordering and deleting are one write each.
  app.put(
    '/api/me/views',
    { schema: { body: savedViews, response: { 200: savedViews } } },
    async (request) => {
      const ids = request.body.views.map((v) => v.id);
      const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
      if (repeated)
        throw new HttpError(400, 'invalid_input', `body.views: id ${repeated} is used twice`, 'body.views');
      await db
        .update(member)
        .set({ savedViews: request.body.views })
        .where(eq(member.id, memberOf(request).id));
      return { views: request.body.views };
    },
  );
};
