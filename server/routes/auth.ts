import { eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { session, signInBody } from '../../lib/protocol';
import { SIGN_IN_PER_ACCOUNT, SIGN_IN_PER_ADDRESS, waitInWords, type AttemptLimiter } from '../auth/attempts';
import { memberOf, requireMember } from '../auth/plugin';
import { signIn, signOut } from '../auth/sessions';
import { HttpError } from '../errors';
import type { Db } from '../store';
import { toMember, toShop } from '../store/mappers';
import { shop, workspace } from '../store/schema';

export const authRoutes: FastifyPluginAsyncZod<{
  db: Db;
  attempts: AttemptLimiter;
  /** Ends the signed-out session's live sockets too (on every instance). */
  onSignedOut?: (token: string) => void;
}> = async (app, { db, attempts, onSignedOut }) => {
  const shopsOf = async (workspaceId: string) =>
    (await db.select().from(shop).where(eq(shop.workspaceId, workspaceId)).orderBy(shop.name)).map(toShop);

  app.post(
    '/api/auth/sign-in',
    { schema: { body: signInBody, response: { 200: session } } },
    async (request) => {
      // Guessing is slowed per account and per address (product §11); a right password is not counted.
      const attempt = await attempts.attempt(
        [
          { limit: SIGN_IN_PER_ACCOUNT, subject: request.body.email },
          { limit: SIGN_IN_PER_ADDRESS, subject: request.ip },
        ],
        (wait) => `Too many sign-in attempts; try again in ${waitInWords(wait)}`,
      );
      const signedIn = await signIn(db, request.body.email, request.body.password);
      if (!signedIn) throw new HttpError(401, 'wrong_credentials', 'The email or the password is wrong');
      await attempt.forgive();
      return {
        token: signedIn.token,
        expiresAt: signedIn.expiresAt.toISOString(),
        member: toMember(signedIn.member),
        workspace: { id: signedIn.member.workspaceId, name: signedIn.workspaceName },
        shops: await shopsOf(signedIn.member.workspaceId),
      };
    },
  );

  app.post('/api/auth/sign-out', { preHandler: requireMember(db) }, async (request, reply) => {
    await signOut(db, request.sessionToken!);
    onSignedOut?.(request.sessionToken!);
    return reply.code(204).send();
  });

  app.get(
    '/api/me',
    {
      preHandler: requireMember(db),
      schema: { response: { 200: session.omit({ token: true, expiresAt: true }) } },
    },
    async (request) => {
      const member = memberOf(request);
      const [ws] = await db.select().from(workspace).where(eq(workspace.id, member.workspaceId));
      return {
        member: toMember(member),
        workspace: { id: member.workspaceId, name: ws?.name ?? '' },
        shops: await shopsOf(member.workspaceId),
      };
    },
  );
};
