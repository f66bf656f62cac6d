import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  customerActivityDelivery,
  customerLeftDelivery,
  customerRatingDelivery,
  inboundMessage,
  marketplaceReplyDelivery,
  withoutNul,
} from '../../lib/protocol';
import { secretsInForce, verifiesStandard } from '../delivery/signing';
import { checked, conflict, HttpError, notFound } from '../errors';
import type { InboxDeps } from '../inbox/hub';
import { customerTyping, recordCustomerRead } from '../inbox/activity';
import { ongoingMarketplaceChat } from '../inbox/conversations';
import { ingestInbound } from '../inbox/ingest';
import type { LifecycleService } from '../inbox/lifecycle';
import { recordMarketplaceReply } from '../inbox/outbound';
import type { Db } from '../store';
import { conversation, customerHandle, shop } from '../store/schema';

/**
 * The signed webhook a marketplace integration delivers customer messages to (product §10). A delivery is
 * signed the Standard Webhooks way (`webhook-id`, `webhook-timestamp`, `webhook-signature`), or the older
 * way: `x-sidedesk-timestamp` (Unix seconds) and `x-sidedesk-signature: sha256=HEX`, the HMAC-SHA256 of
 * `timestamp.body` with the shop's webhook secret. Either is checked against the current secret and, during
 * a rotation's overlap, the previous one; a delivery more than five minutes off is refused.
 */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const inboundDelivery = inboundMessage.omit({ shopId: true });
const params = z.object({ shopId: z.string().min(1).max(64) });

export const webhookChannel: FastifyPluginAsync<{
  db: Db;
  deps: InboxDeps;
  lifecycle: LifecycleService;
}> = async (app, { db, deps, lifecycle }) => {
  // The signature covers the exact bytes sent, so the body is kept as text and parsed after checking it.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );

  /** Checks a delivery's shop, age and signature, then its body against `schema`; throws a clear refusal. */
  const verified = async <T extends z.ZodType>(request: FastifyRequest, schema: T) => {
    const { shopId } = checked(params, request.params, 'params');
    const raw = typeof request.body === 'string' ? request.body : '';
    const [target] = await db
      .select({
        workspaceId: shop.workspaceId,
        webhookSecret: shop.webhookSecret,
        previousWebhookSecret: shop.previousWebhookSecret,
        previousWebhookSecretUntil: shop.previousWebhookSecretUntil,
      })
      .from(shop)
      .where(eq(shop.id, shopId));
    if (!target?.webhookSecret) throw new HttpError(404, 'not_found', `Shop ${shopId} has no webhook`);
    const secrets = secretsInForce(target, new Date());
    if (request.headers['webhook-signature'] !== undefined) checkStandard(request, secrets, raw);
    else checkLegacy(request, secrets, raw);
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

  /** The conversation a rating or a departure is about: named, or found from the customer's handle. */
  const chatOf = async (
    workspaceId: string,
    shopId: string,
    delivery: { conversationId?: string; customerHandle?: string },
    closedByAgent: boolean,
  ): Promise<string> => {
    if (delivery.conversationId) {
      const [row] = await db
        .select({ id: conversation.id })
        .from(conversation)
        .where(and(eq(conversation.id, delivery.conversationId), eq(conversation.shopId, shopId)));
      if (!row) throw notFound(`Conversation ${delivery.conversationId} of this shop`);
      return row.id;
    }
    const handle = delivery.customerHandle!;
    const found = closedByAgent
      ? await lastRatedChat(db, workspaceId, shopId, handle)
      : await ongoingMarketplaceChat(db, workspaceId, shopId, { handle });
    if (!found) {
      throw conflict(
        closedByAgent
          ? `Customer ${handle} has no ended session in this shop that asked for a rating`
          : `Customer ${handle} has no ongoing conversation with this shop`,
      );
    }
    return found;
  };

  // The customer's answer to the satisfaction request sent when a member ended the session.
  app.post('/api/channels/webhook/:shopId/rating', async (request, reply) => {
    const { shopId, workspaceId, delivery } = await verified(request, customerRatingDelivery);
    const conversationId = await chatOf(workspaceId, shopId, delivery, true);
    await lifecycle.recordRating(workspaceId, conversationId, delivery.rating, delivery.comment ?? null);
    return reply.send({ conversationId });
  });

  // The customer left the chat on the marketplace: it closes (a closed chat stays as it is).
  app.post('/api/channels/webhook/:shopId/left', async (request, reply) => {
    const { shopId, workspaceId, delivery } = await verified(request, customerLeftDelivery);
    const conversationId = await chatOf(workspaceId, shopId, delivery, false);
    const closed = await lifecycle.customerLeft(workspaceId, conversationId);
    return reply.send({ conversationId, closed });
  });
};

/** Standard Webhooks headers, verified by the `standardwebhooks` package with each secret in force. */
function checkStandard(request: FastifyRequest, secrets: string[], raw: string): void {
  const headers = {
    'webhook-id': String(request.headers['webhook-id'] ?? ''),
    'webhook-timestamp': String(request.headers['webhook-timestamp'] ?? ''),
    'webhook-signature': String(request.headers['webhook-signature'] ?? ''),
  };
  const timestamp = Number(headers['webhook-timestamp']);
  if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > WEBHOOK_TOLERANCE_SECONDS) {
    throw new HttpError(401, 'stale_delivery', 'webhook-timestamp is missing or more than five minutes off');
  }
  if (!headers['webhook-id']) throw new HttpError(401, 'bad_signature', 'webhook-id is missing');
  if (!verifiesStandard(secrets, headers, raw)) {
    throw new HttpError(401, 'bad_signature', 'webhook-signature does not match the body');
  }
}

/** The older `x-sidedesk-*` headers, kept working for integrations written before Standard Webhooks. */
function checkLegacy(request: FastifyRequest, secrets: string[], raw: string): void {
  const timestamp = Number(request.headers['x-sidedesk-timestamp']);
  const signature = String(request.headers['x-sidedesk-signature'] ?? '');
  if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > WEBHOOK_TOLERANCE_SECONDS) {
    throw new HttpError(
      401,
      'stale_delivery',
      'x-sidedesk-timestamp is missing or more than five minutes off',
    );
  }
  const given = Buffer.from(signature);
  const matches = secrets.some((secret) => {
    const expected = Buffer.from(signWebhook(secret, timestamp, raw));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!matches) throw new HttpError(401, 'bad_signature', 'x-sidedesk-signature does not match the body');
}

/** The customer's latest session in this shop that a member ended, which asked for a rating. */
async function lastRatedChat(
  db: Db,
  workspaceId: string,
  shopId: string,
  handle: string,
): Promise<string | null> {
  const customers = db
    .select({ id: customerHandle.customerId })
    .from(customerHandle)
    .where(and(eq(customerHandle.workspaceId, workspaceId), eq(customerHandle.handle, handle)));
  const [row] = await db
    .select({ id: conversation.id })
    .from(conversation)
    .where(
      and(
        eq(conversation.workspaceId, workspaceId),
        eq(conversation.shopId, shopId),
        eq(conversation.closedReason, 'ended_by_agent'),
        inArray(conversation.customerId, customers),
      ),
    )
    .orderBy(desc(conversation.closedAt))
    .limit(1);
  return row?.id ?? null;
}
