import type { DeliveryProblem } from '../protocol';

/** Outbound delivery rules (product §10), shared by the server's queue and the chat's wording. */

/** How long a message keeps being retried before it is given up as failed. */
export const DELIVERY_GIVE_UP_MS = 24 * 60 * 60 * 1000;
/** Each retry waits up to twice as long as the one before (from DELIVERY_RETRY_SECONDS), never more than this. */
export const DELIVERY_BACKOFF_CAP_MS = 60 * 60 * 1000;

/**
 * The wait before the next attempt: exponential backoff with full jitter (a random wait between zero and the
 * doubled ceiling), so receivers coming back from an outage are not hit by every sender at once.
 */
export function retryDelayMs(attempts: number, baseMs: number, capMs: number, random = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
  return Math.round(random() * ceiling);
}

/** A receiver's answer that is worth trying again: timeouts, rate limits and its own errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Addresses Sidedesk never posts to, whatever a shop's settings say: link-local (where cloud metadata
 * services live, 169.254.169.254 and fd00:ec2::254) and unspecified ones. Loopback and private networks stay
 * allowed, as an integration often runs beside the server.
 */
export function isRefusedAddress(ip: string): boolean {
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(v4)) {
    const [a, b] = v4.split('.').map(Number) as [number, number];
    return (a === 169 && b === 254) || a === 0;
  }
  const lower = ip.toLowerCase();
  return /^fe[89ab]/.test(lower) || lower === '::' || lower === 'fd00:ec2::254';
}

/** The problem in English, for the failed-deliveries list's API and the queue's own record. */
export function deliveryProblemText(problem: DeliveryProblem): string {
  switch (problem.code) {
    case 'no_delivery_url':
      return "The shop has no delivery URL, so nothing can reach the customer; set one in the shop's channel settings";
    case 'no_secret':
      return 'The shop has no webhook secret to sign deliveries with; create one in its channel settings';
    case 'refused_address':
      return `The delivery URL is refused: ${problem.detail ?? 'it is not an http(s) address'}`;
    case 'http_status':
      return `The receiver answered ${problem.status ?? '?'}${problem.detail ? `: ${problem.detail}` : ''}`;
    case 'timeout':
      return 'The receiver did not answer in time';
    case 'network':
      return `The receiver could not be reached${problem.detail ? ` (${problem.detail})` : ''}`;
  }
}
