import { createHmac, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  customerActivityDelivery,
  inboundMessage,
  marketplaceReplyDelivery,
  withoutNul,
} from '../../lib/protocol';
import { conflict, HttpError } from '../errors';
import type { InboxDeps } from '../inbox/hub';
import { customerTyping, recordCustomerRead } from '../inbox/activity';
import { ongoingMarketplaceChat } from '../inbox/conversations';
import { ingestInbound } from '../inbox/ingest';
import { recordMarketplaceReply } from '../inbox/outbound';
import type { Db } from '../store';
import { shop } from '../store/schema';

/**
 * The signed webhook a marketplace integration delivers customer messages to (product §10). Each delivery
 * carries `x-sidedesk-timestamp` (Unix seconds) and `x-sidedesk-signature: sha256=HEX`, the HMAC-SHA256 of
 * `timestamp.body` with the shop's webhook secret; a delivery older than five minutes is refused.
 */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const inboundDelivery = inboundMessage.omit({ shopId: true });
const params = z.object({ shopId: z.string().min(1).max(64) });

export const webhookChannel: FastifyPluginAsync<{ db: Db; deps: InboxDeps }> = async (app, { db, deps }) => {
  // The signature covers the exact bytes sent, so the body is kept as text and parsed after checking it.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );

  /** Checks a delivery's shop, age and signature, then its body against `schema`; throws a clear refusal. */
  const verified = async <T extends z.ZodType>(request: FastifyRequest, schema: T) => {
    const { shopId } = params.parse(request.params);
    const raw = typeof request.body === 'string' ? request.body : '';
    const [target] = await db
      .select({ workspaceId: shop.workspaceId, secret: shop.webhookSecret })
      .from(shop)
      .where(eq(shop.id, shopId));
    if (!target?.secret) throw new HttpError(404, 'not_found', `Shop ${shopId} has no webhook`);
    const timestamp = Number(request.headers['x-sidedesk-timestamp']);
    const signature = String(request.headers['x-sidedesk-signature'] ?? '');
    if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > WEBHOOK_TOLERANCE_SECONDS) {
      throw new HttpError(
        401,
        'stale_delivery',
        'x-sidedesk-timestamp is missing or more than five minutes off',
      );
    }
    const expected = Buffer.from(signWebhook(target.secret, timestamp, raw));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new HttpError(401, 'bad_signature', 'x-sidedesk-signature does not match the body');
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new HttpError(400, 'invalid_input', 'body: is not valid JSON', 'body');
    }
    const parsed = withoutNul(schema).safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = ['body', ...issue.path.map(String)].join('.');
      throw new HttpError(400, 'invalid_input', `${field}: ${issue.message}`, field);
    }
    return { shopId, workspaceId: target.workspaceId, delivery: parsed.data as z.output<T> };
  };

  app.post('/api/channels/webhook/:shopId/messages', async (request, reply) => {
    const { shopId, workspaceId, delivery } = await verified(request, inboundDelivery);
    const result = await ingestInbound(db, deps, workspaceId, { ...delivery, shopId });
    return reply.send({
      conversationId: result.conversation.id,
      messageId: result.message.id,
      duplicate: result.duplicate,
    });
  });

  // What the shop sent from the marketplace's own seller tool: a person's reply or an automatic one.
  app.post('/api/channels/webhook/:shopId/replies', async (request, reply) => {
    const { shopId, workspaceId, delivery } = await verified(request, marketplaceReplyDelivery);
    const { customerHandle: handle, ...message } = delivery;
    const conversationId = await ongoingMarketplaceChat(db, workspaceId, shopId, { handle });
    if (!conversationId) {
      throw conflict(
        `Customer ${handle} has no ongoing conversation with this shop; the reply was not recorded`,
      );
    }
    const result = await recordMarketplaceReply(db, deps.hub, workspaceId, conversationId, message);
    return reply.send({ conversationId, messageId: result.message.id, duplicate: result.duplicate });
  });

  // Typing and read receipts: passing or small, so a customer with no ongoing chat is simply ignored.
  app.post('/api/channels/webhook/:shopId/activity', async (request, reply) => {
    const { shopId, workspaceId, delivery } = await verified(request, customerActivityDelivery);
    const conversationId = await ongoingMarketplaceChat(db, workspaceId, shopId, {
      handle: delivery.customerHandle,
    });
    if (conversationId && delivery.typing) await customerTyping(db, deps, workspaceId, conversationId);
    if (conversationId && delivery.readUpTo)
      await recordCustomerRead(db, deps, workspaceId, conversationId, new Date(delivery.readUpTo));
    return reply.send({ conversationId });
  });
};
