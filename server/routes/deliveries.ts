import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roleAtLeast } from '../../lib/domain/roles';
import { deliveryParams, deliveryRetryResult, failedDeliveryList } from '../../lib/protocol';
import { memberOf, requireMember } from '../auth/plugin';
import type { DeliveryQueue } from '../delivery/queue';
import { forbidden, notFound } from '../errors';
import type { Db } from '../store';

/** Failed deliveries to shops' URLs and their retry: managers and above, in their own workspace (product §10). */
export const deliveryRoutes: FastifyPluginAsyncZod<{ db: Db; outbound: DeliveryQueue }> = async (
  app,
  { db, outbound },
) => {
  app.addHook('preHandler', requireMember(db));
  app.addHook('preHandler', async (request) => {
    if (!roleAtLeast(memberOf(request).role, 'manager'))
      throw forbidden('Only managers and above see and retry failed deliveries');
  });

  app.get('/api/deliveries', { schema: { response: { 200: failedDeliveryList } } }, async (request) => ({
    deliveries: await outbound.failed(memberOf(request).workspaceId),
  }));

  app.post(
    '/api/deliveries/:messageId/retry',
    { schema: { params: deliveryParams, response: { 200: deliveryRetryResult } } },
    async (request) => {
      const retried = await outbound.retry(memberOf(request).workspaceId, [request.params.messageId]);
      if (retried === 0) throw notFound(`Failed delivery of message ${request.params.messageId}`);
      return { retried };
    },
  );

  app.post(
    '/api/deliveries/retry',
    { schema: { body: z.object({}).strict().optional(), response: { 200: deliveryRetryResult } } },
    async (request) => ({ retried: await outbound.retry(memberOf(request).workspaceId, null) }),
  );
};
