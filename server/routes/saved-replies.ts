import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { REPLY_VARIABLES, unknownVariables } from '../../lib/domain/saved-replies';
import { seesAllConversations } from '../../lib/domain/visibility';
import {
  savedRepliesResult,
  savedReply,
  savedReplyFields,
  savedReplyParams,
  type SavedReply,
} from '../../lib/protocol';
import { memberOf, requireMember } from '../auth/plugin';
import { conflict, forbidden, HttpError, isUniqueViolation, notFound } from '../errors';
import { newId } from '../ids';
import type { Db } from '../store';
import { savedReply as savedReplyTable } from '../store/schema';

type Row = typeof savedReplyTable.$inferSelect;

const toSavedReply = (row: Row): SavedReply => ({
  id: row.id,
  scope: row.ownerMemberId === null ? 'team' : 'personal',
  ownerMemberId: row.ownerMemberId,
  title: row.title,
  shortcut: row.shortcut,
  category: row.category,
  body: row.body,
  updatedAt: row.updatedAt.toISOString(),
});

/**
 * Saved replies (product §2, §7): a member's personal ones and the team's, which managers and above edit. A
 * shortcut is unique within its scope; a personal reply may take a team shortcut and then wins for its owner.
 */
export const savedReplyRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.addHook('preHandler', requireMember(db));

  const mayEditTeamReplies = (role: Parameters<typeof seesAllConversations>[0]) => seesAllConversations(role);

  const checkBody = (body: string) => {
    const unknown = unknownVariables(body);
    if (unknown.length > 0) {
      throw new HttpError(
        400,
        'invalid_input',
        `body: {{${unknown[0]}}} is not a variable; use ${REPLY_VARIABLES.map((v) => `{{${v}}}`).join(', ')}`,
        'body',
      );
    }
  };

  const shortcutTaken = (shortcut: string) =>
    conflict(`The shortcut ;${shortcut} is already used by another reply of the same kind; pick another one`);

  app.get('/api/saved-replies', { schema: { response: { 200: savedRepliesResult } } }, async (request) => {
    const viewer = memberOf(request);
    const rows = await db
      .select()
      .from(savedReplyTable)
      .where(
        and(
          eq(savedReplyTable.workspaceId, viewer.workspaceId),
          or(isNull(savedReplyTable.ownerMemberId), eq(savedReplyTable.ownerMemberId, viewer.id)),
        ),
      )
      .orderBy(asc(savedReplyTable.title));
    return { replies: rows.map(toSavedReply) };
  });

  app.post(
    '/api/saved-replies',
    { schema: { body: savedReplyFields, response: { 201: savedReply } } },
    async (request, reply) => {
      const viewer = memberOf(request);
      const fields = request.body;
      if (fields.scope === 'team' && !mayEditTeamReplies(viewer.role)) {
        throw forbidden('Only managers, admins and owners add team replies; save it as a personal reply');
      }
      checkBody(fields.body);
      try {
        const [row] = (await db
          .insert(savedReplyTable)
          .values({
            id: newId('rpl'),
            workspaceId: viewer.workspaceId,
            ownerMemberId: fields.scope === 'team' ? null : viewer.id,
            title: fields.title,
            shortcut: fields.shortcut,
            category: fields.category,
            body: fields.body,
          })
          .returning()) as [Row];
        return reply.code(201).send(toSavedReply(row));
      } catch (e) {
        if (isUniqueViolation(e)) throw shortcutTaken(fields.shortcut);
        throw e;
      }
    },
  );

  /** The reply if this member may change it: their own personal one, or a team one for managers and above. */
  const loadEditable = async (viewer: ReturnType<typeof memberOf>, id: string) => {
    const [row] = await db
      .select()
      .from(savedReplyTable)
      .where(and(eq(savedReplyTable.id, id), eq(savedReplyTable.workspaceId, viewer.workspaceId)));
    // Another member's personal reply is not even there for this one.
    if (!row || (row.ownerMemberId !== null && row.ownerMemberId !== viewer.id))
      throw notFound(`Saved reply ${id}`);
    if (row.ownerMemberId === null && !mayEditTeamReplies(viewer.role)) {
      throw forbidden('Only managers, admins and owners change team replies');
    }
    return row;
  };

  app.put(
    '/api/saved-replies/:savedReplyId',
    { schema: { params: savedReplyParams, body: savedReplyFields, response: { 200: savedReply } } },
    async (request) => {
      const viewer = memberOf(request);
      await loadEditable(viewer, request.params.savedReplyId);
      const fields = request.body;
      if (fields.scope === 'team' && !mayEditTeamReplies(viewer.role)) {
        throw forbidden('Only managers, admins and owners make a reply a team reply');
      }
      checkBody(fields.body);
      try {
        const [row] = (await db
          .update(savedReplyTable)
          .set({
            ownerMemberId: fields.scope === 'team' ? null : viewer.id,
            title: fields.title,
            shortcut: fields.shortcut,
            category: fields.category,
            body: fields.body,
            updatedAt: sql`now()`,
          })
          .where(eq(savedReplyTable.id, request.params.savedReplyId))
          .returning()) as [Row];
        return toSavedReply(row);
      } catch (e) {
        if (isUniqueViolation(e)) throw shortcutTaken(fields.shortcut);
        throw e;
      }
    },
  );

  app.delete(
    '/api/saved-replies/:savedReplyId',
    { schema: { params: savedReplyParams } },
    async (request, reply) => {
      const viewer = memberOf(request);
      await loadEditable(viewer, request.params.savedReplyId);
      await db.delete(savedReplyTable).where(eq(savedReplyTable.id, request.params.savedReplyId));
      return reply.code(204).send();
    },
  );
};
