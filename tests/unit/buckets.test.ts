import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../../lib/domain/business-hours';
import {
  bucketsOf,
  countBuckets,
  shownWithoutBucket,
  timeToOverdue,
  type Bucket,
  type BucketFields,
} from '../../lib/domain/buckets';
import { DEFAULT_SLA_THRESHOLDS } from '../../lib/domain/sla';

const SECOND = 1000;
const HOUR = 3_600_000;

const now = new Date('2026-03-11T12:00:00.000Z'); // a Wednesday
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const fromNow = (ms: number) => new Date(now.getTime() + ms).toISOString();

/** Anna's chat: the customer wrote an hour ago and waits for a reply. */
const chat = (overrides: Partial<BucketFields> = {}): BucketFields => ({
  status: 'open',
  assigneeId: 'anna',
  starred: false,
  awaitingReplySince: ago(HOUR),
  lastCustomerMessageAt: ago(HOUR),
  snoozedUntil: null,
  trashedAt: null,
  ...overrides,
});
const replied = { awaitingReplySince: null, lastCustomerMessageAt: ago(3 * HOUR) };
const waitedFor = (ms: number) => ({ awaitingReplySince: ago(ms), lastCustomerMessageAt: ago(ms) });
const overdue = waitedFor(30 * HOUR);
const asleep = { status: 'snoozed' as const, snoozedUntil: fromNow(HOUR) };
const trashed = { trashedAt: ago(0) };
const opened = ago(0);
const unopened = ago(2 * HOUR);

const context = (readUpTo: string | null) => ({
  viewerId: 'anna',
  readUpTo,
  now,
  thresholds: DEFAULT_SLA_THRESHOLDS,
  calendar: null,
});

describe('bucketsOf (product §3)', () => {
  it.each<[string, BucketFields, string | null, Bucket[]]>([
    // Unread
    ['a customer wrote after the viewer opened it', chat(), unopened, ['unread']],
    ['never opened', chat(), null, ['unread']],
    ['unassigned and not opened', chat({ assigneeId: null }), null, ['unread']],
    ["another member's chat, not opened by the viewer", chat({ assigneeId: 'bruno' }), null, ['unreplied']],
    // Unreplied
    ['opened and awaiting a reply', chat(), opened, ['unreplied']],
    ['opened and replied', chat(replied), opened, []],
    // Due soon and overdue, on top of unread or unreplied
    ['waiting 19:59:59', chat(waitedFor(20 * HOUR - SECOND)), opened, ['unreplied']],
    ['waiting 20:00:00', chat(waitedFor(20 * HOUR)), opened, ['unreplied', 'due_soon']],
    ['waiting 23:59:59', chat(waitedFor(24 * HOUR - SECOND)), opened, ['unreplied', 'due_soon']],
    ['waiting 24:00:00', chat(waitedFor(24 * HOUR)), opened, ['unreplied', 'overdue']],
    ['waiting 24:00:00, not opened', chat(waitedFor(24 * HOUR)), null, ['unread', 'overdue']],
    // Starred
    ['starred', chat({ ...replied, starred: true }), opened, ['starred']],
    [
      'starred, unread and overdue',
      chat({ ...overdue, starred: true }),
      null,
      ['starred', 'unread', 'overdue'],
    ],
    // Snoozed: hidden from unread, unreplied, due soon and overdue until it wakes
    ['snoozed, unread and overdue', chat({ ...overdue, ...asleep }), null, ['snoozed']],
    ['snoozed and starred', chat({ ...asleep, starred: true }), null, ['snoozed', 'starred']],
    ['snoozed without an end', chat({ status: 'snoozed' }), null, ['snoozed']],
    [
      'snoozed until now, not yet reopened',
      chat({ ...overdue, ...asleep, snoozedUntil: ago(0) }),
      null,
      ['unread', 'overdue'],
    ],
    // Closed: read-only history, whatever it waited for
    ['closed while unread and overdue', chat({ ...overdue, status: 'closed' }), null, ['closed']],
    ['closed and starred', chat({ status: 'closed', starred: true }), opened, ['closed', 'starred']],
    // Trash excludes everything else
    [
      'in the trash, starred, unread and overdue',
      chat({ ...overdue, starred: true, ...trashed }),
      null,
      ['trash'],
    ],
    ['in the trash, closed', chat({ status: 'closed', ...trashed }), opened, ['trash']],
    ['in the trash, snoozed', chat({ ...asleep, ...trashed }), null, ['trash']],
  ])('%s', (_, conversation, readUpTo, expected) => {
    expect([...bucketsOf(conversation, context(readUpTo))].sort()).toEqual([...expected].sort());
  });

  it("counts the waiting in the shop's business hours", () => {
    const weekdays = { start: '09:00', end: '18:00' };
    const calendar: BusinessCalendar = {
      timeZone: 'Europe/London',
      weekly: { 1: [weekdays], 2: [weekdays], 3: [weekdays], 4: [weekdays], 5: [weekdays] },
      holidays: [],
    };
    // Since Monday 09:00 GMT: 2 days and 3 hours of calendar time, but 9 + 9 + 3 = 21 working hours.
    const conversation = chat({ awaitingReplySince: '2026-03-09T09:00:00.000Z' });
    expect([...bucketsOf(conversation, { ...context(opened), calendar })]).toEqual(['unreplied', 'due_soon']);
    expect([...bucketsOf(conversation, context(opened))]).toEqual(['unreplied', 'overdue']);
  });
});

describe('countBuckets', () => {
  it("gives every bucket's live count, with each chat's own read mark", () => {
    const conversations = [
      { id: 'a', ...chat() },
      { id: 'b', ...chat() },
      { id: 'c', ...chat({ ...waitedFor(21 * HOUR), starred: true }) },
      { id: 'd', ...chat(asleep) },
      { id: 'e', ...chat({ status: 'closed', starred: true }) },
      { id: 'f', ...chat(trashed) },
    ];
    const readMarks = new Map([
      ['b', opened],
      ['c', opened],
    ]);
    expect(countBuckets(conversations, (c) => context(readMarks.get(c.id) ?? null))).toEqual({
      unread: 1,
      unreplied: 2,
      due_soon: 1,
      overdue: 0,
      starred: 2,
      snoozed: 1,
      closed: 1,
      trash: 1,
      blocked: 0,
    });
  });
});

describe('shownWithoutBucket', () => {
  it.each<[string, BucketFields, boolean]>([
    ['open', chat(), true],
    ['closed', chat({ status: 'closed' }), false],
    ['snoozed until later', chat(asleep), false],
    ['snoozed without an end', chat({ status: 'snoozed' }), false],
    ['snoozed until now, not yet reopened', chat({ ...asleep, snoozedUntil: ago(0) }), true],
  ])('"Assigned to me" without a bucket: %s → %s; its chips reach the rest', (_, conversation, shown) => {
    expect(shownWithoutBucket('mine', conversation, now)).toBe(shown);
    // What the list leaves out is exactly what the Closed and Snoozed chips hold.
    const buckets = bucketsOf(conversation, context(opened));
    expect(buckets.has('closed') || buckets.has('snoozed')).toBe(!shown);
  });

  it('every other view shows all it holds', () => {
    for (const view of ['unassigned', 'all', 'agent', 'trash'] as const) {
      for (const conversation of [chat(), chat({ status: 'closed' }), chat(asleep)]) {
        expect(shownWithoutBucket(view, conversation, now)).toBe(true);
      }
    }
  });
});

describe('timeToOverdue', () => {
  const sla = { now, thresholds: DEFAULT_SLA_THRESHOLDS, calendar: null };
  const left = (conversation: BucketFields) =>
    timeToOverdue(conversation, bucketsOf(conversation, context(opened)), sla);

  it('counts down to overdue, not to the due soon warning', () => {
    // Waiting an hour: neither due soon nor overdue, and 23 hours left, not the 19 until due soon.
    expect(left(chat())).toBe(23 * HOUR);
    // Due soon: what is left of the 24 hours.
    expect(left(chat(waitedFor(21 * HOUR)))).toBe(3 * HOUR);
  });

  it.each<[string, BucketFields]>([
    ['answered', chat(replied)],
    ['overdue', chat(overdue)],
    ['closed', chat({ status: 'closed' })],
    ['snoozed', chat(asleep)],
    ['in the trash', chat(trashed)],
  ])('has nothing to count when %s', (_, conversation) => {
    expect(left(conversation)).toBeNull();
  });
});
