import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { isRefusedAddress, isRetryableStatus } from '../../lib/domain/delivery';
import type { DeliveryProblem } from '../../lib/protocol';

export type PostOutcome =
  { ok: true; status: number } | { ok: false; retry: boolean; problem: DeliveryProblem };

/** The most of a receiver's answer kept as the reason a delivery failed. */
const DETAIL_LIMIT = 300;

/**
 * Posts one signed delivery. Only http(s); never to a link-local address (cloud metadata), checked on the
 * address the name resolves to, so a DNS name cannot lead there either. Redirects are not followed (the
 * signature was made for this URL). The whole exchange is bounded by `timeoutMs`.
 */
export function postDelivery(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<PostOutcome> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve(refused('it is not a valid URL'));
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return Promise.resolve(refused('only http and https addresses are delivered to'));
  }
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && isRefusedAddress(host)) {
    return Promise.resolve(refused(`${host} is a link-local address`));
  }
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const done = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'Sidedesk-Webhooks/1',
        },
        lookup: guardedLookup,
        agent: false,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < DETAIL_LIMIT * 4) chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', () => {
          if (status >= 200 && status < 300) return done({ ok: true, status });
          const text = Buffer.concat(chunks).toString('utf8').replace(/\s+/g, ' ').trim();
          const detail = text ? text.slice(0, DETAIL_LIMIT) : (response.statusMessage ?? null);
          done({
            ok: false,
            retry: isRetryableStatus(status),
            problem: { code: 'http_status', status, detail: detail || null },
          });
        });
        response.on('error', (error) => done(networkProblem(error)));
      },
    );
    const timer = setTimeout(() => {
      done({ ok: false, retry: true, problem: { code: 'timeout', status: null, detail: null } });
      request.destroy();
    }, timeoutMs);
    request.on('error', (error) => done(networkProblem(error)));
    request.end(body);
  });
}

function refused(detail: string): PostOutcome {
  return { ok: false, retry: false, problem: { code: 'refused_address', status: null, detail } };
}

function networkProblem(error: Error & { code?: string }): PostOutcome {
  if (error.code === 'ERR_REFUSED_ADDRESS') return refused(error.message);
  return {
    ok: false,
    retry: true,
    problem: { code: 'network', status: null, detail: error.code ?? error.message.slice(0, DETAIL_LIMIT) },
  };
}

/** DNS lookup that refuses names resolving to an address Sidedesk never posts to. */
const guardedLookup: typeof dnsLookup = ((hostname: string, options: object, callback: unknown) => {
  const cb = callback as (error: Error | null, address: string | LookupAddress[], family?: number) => void;
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return cb(error, []);
    const bad = addresses.find((a) => isRefusedAddress(a.address));
    if (bad) {
      const refusal = Object.assign(
        new Error(`${hostname} resolves to ${bad.address}, a link-local address`),
        {
          code: 'ERR_REFUSED_ADDRESS',
        },
      );
      return cb(refusal, []);
    }
    if ((options as { all?: boolean }).all) return cb(null, addresses);
    const first = addresses[0]!;
    cb(null, first.address, first.family);
  });
}) as typeof dnsLookup;
