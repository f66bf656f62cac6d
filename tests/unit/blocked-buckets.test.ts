import { describe, expect, it } from 'vitest';
import {
  bucketsOf,
  countBuckets,
  isInUnreadBucket,
  shownWithoutBucket,
  timeToOverdue,
  type BucketFields,
} from '../../lib/domain/buckets';
import { DEFAULT_SLA_THRESHOLDS } from '../../lib/domain/sla';
import { timelineText } from '../../lib/domain/timeline';

const HOUR = 3_600_000;
const now = new Date('2026-03-11T12:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

/** A blocked customer's chat that would otherwise be unread, starred and overdue. */
const chat = (overrides: Partial<BucketFields> = {}): BucketFields => ({
  status: 'open',
  assigneeId: null,
  starred: true,
  awaitingReplySince: ago(30 * HOUR),
  lastCustomerMessageAt: ago(30 * HOUR),
  snoozedUntil: null,
  trashedAt: null,
  customerBlocked: true,
  ...overrides,
});
const context = { viewerId: 'anna', readUpTo: null, now, thresholds: DEFAULT_SLA_THRESHOLDS, calendar: null };

describe('a blocked customer’s chat in the buckets (product §11)', () => {
  it('is in Blocked alone: never unread, unreplied, due, overdue or starred work', () => {
    expect([...bucketsOf(chat(), context)]).toEqual(['blocked']);
    expect([...bucketsOf(chat({ status: 'closed' }), context)]).toEqual(['blocked']);
    expect([...bucketsOf(chat({ status: 'snoozed', snoozedUntil: ago(-HOUR) }), context)]).toEqual([
      'blocked',
    ]);
    // The same chat unblocked is back in the buckets it waits in.
    expect([...bucketsOf(chat({ customerBlocked: false }), context)].sort()).toEqual([
      'overdue',
      'starred',
      'unread',
    ]);
    // An older cache without the field counts as not blocked.
    expect(bucketsOf(chat({ customerBlocked: undefined }), context).has('blocked')).toBe(false);
  });

  it('leaves the trash to the Trash bucket', () => {
    expect([...bucketsOf(chat({ trashedAt: ago(HOUR) }), context)]).toEqual(['trash']);
  });

  it('never raises the badge, shows no row without its chip and counts down to nothing', () => {
    expect(isInUnreadBucket(chat(), context)).toBe(false);
    expect(isInUnreadBucket(chat({ customerBlocked: false }), context)).toBe(true);
    for (const view of ['mine', 'unassigned', 'all', 'agent'] as const) {
      expect(shownWithoutBucket(view, chat(), now), view).toBe(false);
    }
    // The trash lists all it holds.
    expect(shownWithoutBucket('trash', chat(), now)).toBe(true);
    const fresh = chat({ awaitingReplySince: ago(HOUR), lastCustomerMessageAt: ago(HOUR) });
    expect(timeToOverdue(fresh, bucketsOf(fresh, context), context)).toBeNull();
    expect(timeToOverdue({ ...fresh, customerBlocked: false }, new Set(['unread']), context)).toBeGreaterThan(
      0,
    );
  });

  it('is counted by the Blocked chip alone', () => {
    const counts = countBuckets(
      [chat(), chat({ customerBlocked: false }), chat({ trashedAt: ago(0) })],
      () => context,
    );
    expect(counts).toMatchObject({ blocked: 1, trash: 1, unread: 1, starred: 1, overdue: 1 });
  });

  it('words its timeline lines in English for search and API clients', () => {
    expect(timelineText({ code: 'customer_blocked', args: { by: 'Mara', from: 'Luca' } })).toBe(
      'Mara blocked this customer and took this chat from Luca.',
    );
    expect(timelineText({ code: 'customer_blocked', args: { by: 'Mara', from: null } })).toBe(
      'Mara blocked this customer.',
    );
    expect(timelineText({ code: 'customer_unblocked', args: { by: null } })).toBe(
      'A former member unblocked this customer; this chat is handled as usual again.',
    );
    expect(timelineText({ code: 'blocked_not_returned', args: { from: 'Luca' } })).toBe(
      'The customer is blocked: this chat reopened without going back to Luca.',
    );
  });
});
