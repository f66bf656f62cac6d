import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedDelivery {
  /** The `webhook-id`: the message's id, the same on every attempt. */
  id: string;
  /** What the receiver answered. */
  status: number;
  /** Whether the standardwebhooks library verified the signature with the shop's secret. */
  verified: boolean;
  /** The body exactly as sent. */
  text: string;
  body: Record<string, unknown>;
}

/**
 * A shop's integration, run by a test on 127.0.0.1: it takes Sidedesk's outbound deliveries, checks each signature
 * with the standardwebhooks library, and answers 204, or what the test tells it to refuse with.
 */
export async function startWebhookReceiver() {
  const received: ReceivedDelivery[] = [];
  let verifier: Webhook | null = null;
  let refusal: { status: number; answer: string; left: number } | null = null;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let verified = false;
      try {
        verifier?.verify(text, request.headers as Record<string, string>);
        verified = verifier !== null;
      } catch {
        verified = false;
      }
      const refused = refusal && refusal.left > 0 ? refusal : null;
      if (refused) refused.left--;
      const status = refused?.status ?? 204;
      received.push({
        id: String(request.headers['webhook-id']),
        status,
        verified,
        text,
        body: JSON.parse(text) as Record<string, unknown>,
      });
      response.statusCode = status;
      response.end(refused?.answer ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sidedesk/deliveries`,
    received,
    /** The shop's secret: `whsec_…` as the Shops page shows it, or a plain word (`raw`) as the demo shops have. */
    useSecret(secret: string, format?: 'raw') {
      verifier = format ? new Webhook(secret, { format }) : new Webhook(secret);
    },
    /** Refuses the next `count` deliveries (all of them by default) with this answer. */
    refuse(status: number, answer = '', count = Number.POSITIVE_INFINITY) {
      refusal = { status, answer, left: count };
    },
    accept() {
      refusal = null;
    },
    /** Every attempt to deliver the message whose text is `body`, in the order they came. */
    attemptsOf: (body: string) => received.filter((r) => r.text.includes(JSON.stringify(body))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
