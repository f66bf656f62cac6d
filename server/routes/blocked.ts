import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { blockBody, blockedList, blockResult, customerParams } from '../../lib/protocol';
import type { AssignmentService } from '../assignment/service';
import { memberOf, requireMember } from '../auth/plugin';
import { BlockingService } from '../inbox/blocking';
import type { InboxDeps } from '../inbox/hub';
import type { Db } from '../store';

/** Blocking a customer, unblocking them, and the list of blocked customers (product §11): managers and above. */
export const blockedRoutes: FastifyPluginAsyncZod<{
  db: Db;
  deps: InboxDeps;
  assignment: AssignmentService;
}> = async (app, { db, deps, assignment }) => {
  const blocking = new BlockingService(db, deps, (workspaceId) => assignment.requestHandOut(workspaceId));
  app.addHook('preHandler', requireMember(db));

  app.get('/api/customers/blocked', { schema: { response: { 200: blockedList } } }, async (request) => ({
    customers: await blocking.list(memberOf(request)),
  }));
  app.post(
    '/api/customers/:customerId/block',
    { schema: { params: customerParams, body: blockBody, response: { 200: blockResult } } },
    async (request) =>
      blocking.block(memberOf(request), request.params.customerId, request.body.reason ?? null),
  );
  app.post(
    '/api/customers/:customerId/unblock',
    { schema: { params: customerParams, response: { 200: blockResult } } },
    async (request) => blocking.unblock(memberOf(request), request.params.customerId),
  );
};
