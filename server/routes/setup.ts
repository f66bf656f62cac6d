import { eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { session, setupBody, setupStatus, setupTokenState, setupTokenText } from '../../lib/protocol';
import { SETUP_PER_ADDRESS, waitInWords, type AttemptLimiter } from '../auth/attempts';
import { hasWorkspace, refusedLink, setUpWorkspace, setupTokenState as stateOfToken } from '../setup/links';
import type { Db } from '../store';
import { toMember, toShop } from '../store/mappers';
import { shop } from '../store/schema';

/**
 * First-run setup (product §11): whether the server has a workspace, whether a setup link works, and the
 * setup itself, which answers as a sign-in does. Wrong links are counted per address like wrong passwords.
 */
export const setupRoutes: FastifyPluginAsyncZod<{ db: Db; attempts: AttemptLimiter }> = async (
  app,
  { db, attempts },
) => {
  const countWrongLink = (ip: string) =>
    attempts.attempt(
      [{ limit: SETUP_PER_ADDRESS, subject: ip }],
      (wait) => `Too many setup attempts with a wrong link; try again in ${waitInWords(wait)}`,
    );

  app.get('/api/setup', { schema: { response: { 200: setupStatus } } }, async () => ({
    hasWorkspace: await hasWorkspace(db),
  }));

  app.get(
    '/api/setup/:token',
    { schema: { params: z.object({ token: setupTokenText }), response: { 200: setupTokenState } } },
    async (request) => {
      const attempt = await countWrongLink(request.ip);
      const state = await stateOfToken(db, request.params.token);
      if (state.state !== 'unknown') await attempt.forgive();
      return state;
    },
  );

  app.post(
    '/api/setup',
    { schema: { body: setupBody, response: { 201: session } } },
    async (request, reply) => {
      const attempt = await countWrongLink(request.ip);
      const state = await stateOfToken(db, request.body.token);
      if (state.state === 'unknown') throw refusedLink('unknown');
      await attempt.forgive();
      const signedIn = await setUpWorkspace(db, request.body);
      const shops = await db.select().from(shop).where(eq(shop.workspaceId, signedIn.member.workspaceId));
      return reply.code(201).send({
        token: signedIn.token,
        expiresAt: signedIn.expiresAt.toISOString(),
        member: toMember(signedIn.member),
        workspace: { id: signedIn.member.workspaceId, name: signedIn.workspaceName },
        shops: shops.map(toShop),
      });
    },
  );
};
