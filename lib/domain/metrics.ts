import { dayIn } from './filters';

/**
 * Service data (product §8) as pure formulas. The server computes the same figures in SQL over the whole store;
 * these are the definitions its tests hold it to, and what a client may use on a handful of rows.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A chat counts as answered in time when a person replied within this long of its start. */
export const RESPONSE_WINDOW_MS = 24 * HOUR;
/** An order counts as led by a reply when the customer placed it within this long after a member's reply. */
export const CONVERSION_WINDOW_MS = 7 * DAY;
/** Ratings from here up are "satisfied" or "very satisfied". */
export const SATISFIED_FROM_RATING = 4;

type Instant = Date | string;
const ms = (t: Instant) => (typeof t === 'string' ? Date.parse(t) : t.getTime());

/**
 * Where one chat stands for the 24 h response rate, at `now`: answered by a person within 24 h of its start;
 * missed (answered later, or still unanswered after 24 h); or pending (younger than 24 h and unanswered: not
 * yet counted either way). A reply stamped after `now` has not happened yet.
 */
export type ResponseOutcome = 'answered' | 'missed' | 'pending';

export function responseOutcome(
  chat: { createdAt: Instant; firstResponseAt: Instant | null },
  now: Instant,
): ResponseOutcome {
  const started = ms(chat.createdAt);
  const replied = chat.firstResponseAt === null ? null : ms(chat.firstResponseAt);
  if (replied !== null && replied <= ms(now)) {
    return replied - started <= RESPONSE_WINDOW_MS ? 'answered' : 'missed';
  }
  return ms(now) - started >= RESPONSE_WINDOW_MS ? 'missed' : 'pending';
}

/** A share with what it is made of; `rate` is null when nothing counts yet (not 0 %, which would be a verdict). */
export interface Share {
  rate: number | null;
}

export const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

export interface ResponseRate extends Share {
  answered: number;
  /** Answered plus missed: the chats the rate is a share of. */
  countable: number;
  pending: number;
}

export function responseRate(outcomes: Iterable<ResponseOutcome>): ResponseRate {
  let answered = 0;
  let missed = 0;
  let pending = 0;
  for (const outcome of outcomes) {
    if (outcome === 'answered') answered++;
    else if (outcome === 'missed') missed++;
    else pending++;
  }
  return { answered, countable: answered + missed, pending, rate: share(answered, answered + missed) };
}

export interface Satisfaction extends Share {
  satisfied: number;
  rated: number;
}

/** Sessions rated 4 or 5 ÷ sessions rated; unrated sessions are not counted. */
export function satisfactionRate(ratings: Iterable<number | null>): Satisfaction {
  let satisfied = 0;
  let rated = 0;
  for (const rating of ratings) {
    if (rating === null) continue;
    rated++;
    if (rating >= SATISFIED_FROM_RATING) satisfied++;
  }
  return { satisfied, rated, rate: share(satisfied, rated) };
}

/**
 * The p-th percentile (0 ≤ p ≤ 1) with linear interpolation between the two nearest ranks, as PostgreSQL's
 * `percentile_cont`: the median of 10, 20, 30, 40 is 25. Null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`A percentile is between 0 and 1, not ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = p * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below]!;
  return low + (sorted[above]! - low) * (position - below);
}

export const median = (values: readonly number[]) => percentile(values, 0.5);

/** A duration figure: how many, their median and 90th percentile, in seconds. */
export interface DurationSummary {
  count: number;
  median: number | null;
  p90: number | null;
}

export function durationSummary(seconds: readonly number[]): DurationSummary {
  return { count: seconds.length, median: median(seconds), p90: percentile(seconds, 0.9) };
}

/** Seconds from the start of a chat to a person's first reply; null while there is none (by `now`). */
export function firstResponseSeconds(
  chat: { createdAt: Instant; firstResponseAt: Instant | null },
  now: Instant,
): number | null {
  if (chat.firstResponseAt === null || ms(chat.firstResponseAt) > ms(now)) return null;
  return (ms(chat.firstResponseAt) - ms(chat.createdAt)) / 1000;
}

/** Seconds from the start of a chat to its close; null while it is open. */
export function resolutionSeconds(chat: { createdAt: Instant; closedAt: Instant | null }): number | null {
  return chat.closedAt === null ? null : (ms(chat.closedAt) - ms(chat.createdAt)) / 1000;
}

/** Whether an order was placed within 7 days after one of the members' replies (not before the first). */
export function ledToOrder(replies: readonly Instant[], placedAt: Instant): boolean {
  const placed = ms(placedAt);
  return replies.some((reply) => ms(reply) <= placed && placed - ms(reply) <= CONVERSION_WINDOW_MS);
}

/** The calendar day (YYYY-MM-DD) of an instant in a shop's time zone. */
export function localDay(instant: Instant, timeZone: string): string {
  return dayIn(typeof instant === 'string' ? instant : instant.toISOString(), timeZone);
}

/** A calendar day moved by whole days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** Whole days from one calendar day to another (negative when `to` comes first). */
export function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

/** Every day from `from` to `to`, both included. */
export function daysOf(from: string, to: string): string[] {
  const count = daysFrom(from, to) + 1;
  return Array.from({ length: Math.max(0, count) }, (_, i) => addDays(from, i));
}

/** The last `n` days of a shop up to and including the day `now` falls on, oldest first (a trend's days). */
export function lastDays(now: Instant, timeZone: string, n: number): string[] {
  const today = localDay(now, timeZone);
  return daysOf(addDays(today, 1 - n), today);
}
