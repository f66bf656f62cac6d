import { createHash } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import { HttpError } from '../errors';
import type { Clock } from '../sla/scheduler';
import type { Db } from '../store';
import { attemptCounter } from '../store/schema';

/**
 * Failed password attempts, counted per account and per client address in fixed windows (product §11), so
 * guessing is slow whichever instance answers. An attempt is counted before the password is checked (so a
 * burst of parallel guesses cannot all pass the check) and forgiven when it succeeds.
 */
export interface AttemptLimit {
  /** What is limited, in the message and the counter's key: `sign-in`, `setup`. */
  scope: string;
  max: number;
  windowMs: number;
}

export const SIGN_IN_PER_ACCOUNT: AttemptLimit = { scope: 'sign-in:account', max: 10, windowMs: 15 * 60_000 };
export const SIGN_IN_PER_ADDRESS: AttemptLimit = { scope: 'sign-in:address', max: 50, windowMs: 15 * 60_000 };
export const SETUP_PER_ADDRESS: AttemptLimit = { scope: 'setup:address', max: 20, windowMs: 15 * 60_000 };

/** Where the counts live: the database, or Redis when REDIS_URL is set. Both are shared by every instance. */
export interface AttemptCounters {
  /** Adds one to the key's count in the window starting at `windowStart`; the new count. */
  add(key: string, windowStart: Date, windowMs: number): Promise<number>;
  /** Takes one back (never below 0), if the window is still the same. */
  forgive(key: string, windowStart: Date): Promise<void>;
  close(): Promise<void>;
}

export class AttemptLimiter {
  constructor(
    private readonly counters: AttemptCounters,
    private readonly clock: Clock,
  ) {}

  /**
   * Counts one attempt under each limit; refuses it with 429 (and the seconds to wait) when any is over. The
   * answer forgives the attempt, for callers whose attempt turned out right.
   */
  async attempt(
    checks: { limit: AttemptLimit; subject: string }[],
    message: (waitSeconds: number) => string,
  ): Promise<{ forgive(): Promise<void> }> {
    const now = this.clock.now().getTime();
    const counted = await Promise.all(
      checks.map(async ({ limit, subject }) => {
        const windowStart = new Date(now - (now % limit.windowMs));
        const key = `${limit.scope}:${createHash('sha256').update(subject.toLowerCase()).digest('base64url')}`;
        const count = await this.counters.add(key, windowStart, limit.windowMs);
        return { key, windowStart, over: count > limit.max, endsAt: windowStart.getTime() + limit.windowMs };
      }),
    );
    const over = counted.filter((c) => c.over);
    if (over.length > 0) {
      const wait = Math.max(1, Math.ceil((Math.max(...over.map((c) => c.endsAt)) - now) / 1000));
      throw new TooManyAttempts(wait, message(wait));
    }
    return {
      forgive: async () => {
        await Promise.all(counted.map((c) => this.counters.forgive(c.key, c.windowStart)));
      },
    };
  }

  close(): Promise<void> {
    return this.counters.close();
  }
}

/** A 429 whose wait the HTTP layer sends as `Retry-After`. */
export class TooManyAttempts extends HttpError {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(429, 'too_many_attempts', message);
  }
}

/** "15 minutes", "40 seconds": the wait in the server's messages. */
export function waitInWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** Counts in the `attempt_counter` table: one row per key, reset when a new window starts. */
export function databaseCounters(db: Db): AttemptCounters {
  let lastSweep = 0;
  return {
    async add(key, windowStart, windowMs) {
      // Rows of windows long gone are swept now and then, so guesses at random emails leave nothing behind.
      if (Date.now() - lastSweep > windowMs) {
        lastSweep = Date.now();
        await db
          .delete(attemptCounter)
          .where(lt(attemptCounter.windowStart, new Date(Date.now() - 2 * windowMs)));
      }
      const [row] = await db
        .insert(attemptCounter)
        .values({ key, windowStart, count: 1 })
        .onConflictDoUpdate({
          target: attemptCounter.key,
          set: {
            count: sql`case when ${attemptCounter.windowStart} = excluded.window_start then ${attemptCounter.count} + 1 else 1 end`,
            windowStart: sql`excluded.window_start`,
          },
        })
        .returning({ count: attemptCounter.count });
      return row!.count;
    },
    async forgive(key, windowStart) {
      await db
        .update(attemptCounter)
        .set({ count: sql`greatest(${attemptCounter.count} - 1, 0)` })
        .where(and(eq(attemptCounter.key, key), eq(attemptCounter.windowStart, windowStart)));
    },
    async close() {},
  };
}

/** Counts in Redis, one key per window that expires with it. */
export async function redisCounters(redisUrl: string): Promise<AttemptCounters> {
  const { createClient } = await import('redis');
  const client = createClient({ url: redisUrl });
  client.on('error', (error: Error) => console.warn(`Redis (attempt counters): ${error.message}`));
  await client.connect();
  const keyOf = (key: string, windowStart: Date) => `sidedesk:attempts:${key}:${windowStart.getTime()}`;
  return {
    async add(key, windowStart, windowMs) {
      const name = keyOf(key, windowStart);
      const [count] = await client
        .multi()
        .incr(name)
        .pExpire(name, windowMs + 1_000)
        .exec();
      return Number(count);
    },
    async forgive(key, windowStart) {
      // Only an existing count is lowered: a DECR on an expired key would leave -1 without an expiry.
      await client.eval(
        "if redis.call('exists', KEYS[1]) == 1 and tonumber(redis.call('get', KEYS[1])) > 0 then return redis.call('decr', KEYS[1]) end return 0",
        { keys: [keyOf(key, windowStart)] },
      );
    },
    async close() {
      await client.quit().catch(() => {});
    },
  };
}
