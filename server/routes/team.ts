import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  acceptInvitationBody,
  invitationBody,
  invitationIssued,
  invitationList,
  invitationParams,
  invitationPreview,
  invitationView,
  linkIssued,
  memberParams,
  newPasswordBody,
  ownershipBody,
  removalResult,
  resetPreview,
  roster,
  session,
  tokenParams,
} from '../../lib/protocol';
import { memberOf, requireMember } from '../auth/plugin';
import type { Db } from '../store';
import type { TeamService } from '../team/service';
import { invitePage } from '../web/invite';
import { resetPage } from '../web/reset';

const ok = z.object({ ok: z.literal(true) });
// Nothing to choose: the link goes out in the member's own language.
const resetBody = z.object({}).default({});

/** The team (product §11): the roster, invitations, removal, ownership and password-reset links. */
export const teamRoutes: FastifyPluginAsyncZod<{ db: Db; team: TeamService }> = async (app, { db, team }) => {
  const signedIn = { preHandler: requireMember(db) };
  // The pages an invitation or a reset link opens.
  await app.register(invitePage, { team });
  await app.register(resetPage, { team });

  app.get('/api/team', { ...signedIn, schema: { response: { 200: roster } } }, async (request) => ({
    members: await team.roster(memberOf(request)),
  }));

  app.delete(
    '/api/members/:memberId',
    { ...signedIn, schema: { params: memberParams, response: { 200: removalResult } } },
    async (request) => team.remove(memberOf(request), request.params.memberId),
  );

  app.post(
    '/api/members/:memberId/password-reset',
    { ...signedIn, schema: { params: memberParams, body: resetBody, response: { 200: linkIssued } } },
    async (request) => team.issueReset(memberOf(request), request.params.memberId),
  );

  app.post(
    '/api/team/ownership',
    { ...signedIn, schema: { body: ownershipBody, response: { 200: ok } } },
    async (request) => {
      await team.transferOwnership(memberOf(request), request.body.memberId);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/invitations',
    { ...signedIn, schema: { response: { 200: invitationList } } },
    async (request) => ({
      invitations: await team.invitations(memberOf(request)),
    }),
  );

  app.post(
    '/api/invitations',
    { ...signedIn, schema: { body: invitationBody, response: { 200: invitationIssued } } },
    async (request) => team.invite(memberOf(request), request.body),
  );

  app.delete(
    '/api/invitations/:invitationId',
    { ...signedIn, schema: { params: invitationParams, response: { 200: invitationView } } },
    async (request) => team.revoke(memberOf(request), request.params.invitationId),
  );

  app.post(
    '/api/invitations/:invitationId/resend',
    { ...signedIn, schema: { params: invitationParams, response: { 200: invitationIssued } } },
    async (request) => team.resend(memberOf(request), request.params.invitationId),
  );

  // Public: the link's token is the only credential, and what it shows is only what the invitee needs.
  app.get(
    '/api/invitations/:token',
    { schema: { params: tokenParams, response: { 200: invitationPreview } } },
    async (request) => team.preview(request.params.token),
  );

  app.post(
    '/api/invitations/:token/accept',
    { schema: { params: tokenParams, body: acceptInvitationBody, response: { 200: session } } },
    async (request) => team.accept(request.params.token, request.body),
  );

  app.get(
    '/api/password-resets/:token',
    { schema: { params: tokenParams, response: { 200: resetPreview } } },
    async (request) => team.resetPreview(request.params.token),
  );

  app.post(
    '/api/password-resets/:token',
    { schema: { params: tokenParams, body: newPasswordBody, response: { 200: session } } },
    async (request) => team.resetPassword(request.params.token, request.body.password),
  );
};
