import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  assignBody,
  conversationParams,
  memberChanges,
  memberParams,
  teamList,
  teamMember,
  transferAllResult,
  transferBody,
} from '../../lib/protocol';
import type { AssignmentService } from '../assignment/service';
import type { TeamService } from '../team/service';
import { memberOf, requireMember } from '../auth/plugin';
import type { Db } from '../store';

const ok = z.object({ ok: z.literal(true) });

/** Manual assignment, transfers, closing, and the team's status (product §5). */
export const assignmentRoutes: FastifyPluginAsyncZod<{
  db: Db;
  assignment: AssignmentService;
  team: TeamService;
}> = async (app, { db, assignment, team }) => {
  app.addHook('preHandler', requireMember(db));
  const actorOf = (request: Parameters<typeof memberOf>[0]) => memberOf(request);
  const resolve = (request: Parameters<typeof memberOf>[0], memberId: string) =>
    memberId === 'me' ? actorOf(request).id : memberId;

  app.post(
    '/api/conversations/:conversationId/assign',
    { schema: { params: conversationParams, body: assignBody, response: { 200: ok } } },
    async (request) => {
      await assignment.assign(actorOf(request), request.params.conversationId, request.body.assigneeId, {
        note: request.body.note ?? null,
      });
      return { ok: true as const };
    },
  );

  app.post(
    '/api/conversations/:conversationId/transfer',
    { schema: { params: conversationParams, body: transferBody, response: { 200: ok } } },
    async (request) => {
      await assignment.assign(actorOf(request), request.params.conversationId, request.body.toMemberId, {
        note: request.body.note ?? null,
        reason: 'transfer',
      });
      return { ok: true as const };
    },
  );

  app.post(
    '/api/conversations/:conversationId/close',
    { schema: { params: conversationParams, response: { 200: ok } } },
    async (request) => {
      await assignment.closeConversation(actorOf(request), request.params.conversationId);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/members/:memberId/transfer-all',
    { schema: { params: memberParams, body: transferBody, response: { 200: transferAllResult } } },
    async (request) => {
      const moved = await assignment.transferAll(
        actorOf(request),
        resolve(request, request.params.memberId),
        request.body.toMemberId,
        request.body.note ?? null,
      );
      return { moved };
    },
  );

  app.get('/api/members', { schema: { response: { 200: teamList } } }, async (request) => ({
    members: await assignment.team(actorOf(request).workspaceId),
  }));

  // Who may change whom is the team's rule (lib/domain/roles.ts): never someone at or above you.
  app.patch(
    '/api/members/:memberId',
    { schema: { params: memberParams, body: memberChanges, response: { 200: teamMember } } },
    async (request) =>
      team.updateMember(actorOf(request), resolve(request, request.params.memberId), request.body),
  );
};
