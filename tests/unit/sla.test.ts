import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../../lib/domain/business-hours';
import {
  DEFAULT_SLA_THRESHOLDS,
  nextDeadline,
  replyClockAfterOutbound,
  slaDeadlines,
  slaSettingsProblem,
  slaState,
  timeToNextSlaStep,
  type SlaThresholds,
} from '../../lib/domain/sla';
import type { Conversation } from '../../lib/protocol';

const SECOND = 1000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type ClockFields = Pick<Conversation, 'status' | 'awaitingReplySince' | 'trashedAt' | 'snoozedUntil'>;

const since = '2026-03-02T08:00:00.000Z'; // a Monday
const sinceMs = Date.parse(since);
const later = (ms: number) => new Date(sinceMs + ms);

const waiting = (overrides: Partial<ClockFields> = {}): ClockFields => ({
  status: 'open',
  awaitingReplySince: since,
  trashedAt: null,
  snoozedUntil: null,
  ...overrides,
});

const lunchBreak = [
  { start: '09:00', end: '13:00' },
  { start: '14:00', end: '18:00' },
];
const romeOffice: BusinessCalendar = {
  timeZone: 'Europe/Rome',
  weekly: {
    1: lunchBreak,
    2: lunchBreak,
    3: lunchBreak,
    4: lunchBreak,
    5: lunchBreak,
    6: [{ start: '09:00', end: '12:00' }],
  },
  holidays: ['2026-12-25'],
};

describe('slaState and timeToNextSlaStep in calendar time', () => {
  it.each([
    ['00:00:00', 0, 'on_time', { step: 'due_soon', inMs: 20 * HOUR }],
    ['19:59:59', 20 * HOUR - SECOND, 'on_time', { step: 'due_soon', inMs: SECOND }],
    ['20:00:00', 20 * HOUR, 'due_soon', { step: 'overdue', inMs: 4 * HOUR }],
    ['23:59:59', 24 * HOUR - SECOND, 'due_soon', { step: 'overdue', inMs: SECOND }],
    ['24:00:00', 24 * HOUR, 'overdue', null],
    ['7 days', 7 * DAY, 'overdue', null],
  ])('after waiting %s (%i ms) it is %s', (_, waited, state, next) => {
    expect(slaState(waiting(), DEFAULT_SLA_THRESHOLDS, null, later(waited))).toBe(state);
    expect(timeToNextSlaStep(waiting(), DEFAULT_SLA_THRESHOLDS, null, later(waited))).toEqual(next);
  });

  it.each([
    ['awaits no reply', waiting({ awaitingReplySince: null })],
    ['is closed', waiting({ status: 'closed' })],
    ['is in the trash', waiting({ trashedAt: since })],
  ])('has no clock when it %s', (_, conversation) => {
    expect(slaState(conversation, DEFAULT_SLA_THRESHOLDS, null, later(30 * HOUR))).toBe('none');
    expect(timeToNextSlaStep(conversation, DEFAULT_SLA_THRESHOLDS, null, later(HOUR))).toBeNull();
    expect(slaDeadlines(conversation, DEFAULT_SLA_THRESHOLDS, null)).toEqual([]);
    expect(nextDeadline(conversation, DEFAULT_SLA_THRESHOLDS, null, later(0))).toBeNull();
  });

  it('keeps counting while snoozed', () => {
    const snoozed = waiting({ status: 'snoozed', snoozedUntil: later(2 * DAY).toISOString() });
    expect(slaState(snoozed, DEFAULT_SLA_THRESHOLDS, null, later(25 * HOUR))).toBe('overdue');
  });
});

describe('slaDeadlines', () => {
  it('puts due soon at 20 h, overdue at 24 h and auto-close at exactly 7 days', () => {
    expect(slaDeadlines(waiting(), DEFAULT_SLA_THRESHOLDS, null)).toEqual([
      { kind: 'due_soon', at: later(20 * HOUR) },
      { kind: 'overdue', at: later(24 * HOUR) },
      { kind: 'auto_close', at: later(7 * DAY) },
    ]);
  });

  it("follows the shop's thresholds", () => {
    const quick: SlaThresholds = { dueSoonHours: 2, overdueHours: 4, autoCloseDays: 1 };
    expect(slaDeadlines(waiting(), quick, null).map((d) => d.at)).toEqual([
      later(2 * HOUR),
      later(4 * HOUR),
      later(DAY),
    ]);
  });

  it('has no due soon when it would not come before overdue', () => {
    const noWarning: SlaThresholds = { dueSoonHours: 24, overdueHours: 24, autoCloseDays: 7 };
    expect(slaDeadlines(waiting(), noWarning, null).map((d) => d.kind)).toEqual(['overdue', 'auto_close']);
    expect(slaState(waiting(), noWarning, null, later(24 * HOUR))).toBe('overdue');
  });

  // Calendar hours are elapsed hours: over a clock change, overdue shows another wall time than the start.
  it.each([
    // Sat 12:00 CET → Sun 13:00 CEST
    ['Europe/Rome', '2026-03-28T11:00Z', '2026-03-29T11:00Z', '13:00'],
    // Sat 12:00 CEST → Sun 11:00 CET
    ['Europe/Rome', '2026-10-24T10:00Z', '2026-10-25T10:00Z', '11:00'],
    // Sat 12:00 GMT → Sun 13:00 BST
    ['Europe/London', '2026-03-28T12:00Z', '2026-03-29T12:00Z', '13:00'],
    // Sat 12:00 BST → Sun 11:00 GMT
    ['Europe/London', '2026-10-24T11:00Z', '2026-10-25T11:00Z', '11:00'],
  ])('over the %s clock change from %s, overdue at %s (%s local)', (timeZone, start, overdue, wallClock) => {
    const conversation = waiting({ awaitingReplySince: start });
    const overdueAt = slaDeadlines(conversation, DEFAULT_SLA_THRESHOLDS, null)[1]!.at;
    expect(overdueAt.toISOString()).toBe(new Date(overdue).toISOString());
    const local = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' });
    expect(local.format(overdueAt)).toBe(wallClock);
    expect(slaState(conversation, DEFAULT_SLA_THRESHOLDS, null, new Date(overdueAt.getTime() - SECOND))).toBe(
      'due_soon',
    );
  });

  it('counts working time with business hours, across the spring clock change', () => {
    // Fri 27 March 17:00 CET: Fri 1 h, Sat 3 h, Mon 8 h, Tue 8 h → due soon Tue 31 March 18:00 CEST;
    // Wed 4 h → overdue at 13:00; 168 h → Fri 24 April 12:00 CEST.
    const conversation = waiting({ awaitingReplySince: '2026-03-27T16:00:00Z' });
    expect(slaDeadlines(conversation, DEFAULT_SLA_THRESHOLDS, romeOffice)).toEqual([
      { kind: 'due_soon', at: new Date('2026-03-31T16:00:00Z') },
      { kind: 'overdue', at: new Date('2026-04-01T11:00:00Z') },
      { kind: 'auto_close', at: new Date('2026-04-24T10:00:00Z') },
    ]);
    // Monday noon, three days later: 7 working hours waited.
    expect(slaState(conversation, DEFAULT_SLA_THRESHOLDS, romeOffice, new Date('2026-03-30T10:00:00Z'))).toBe(
      'on_time',
    );
    expect(slaState(conversation, DEFAULT_SLA_THRESHOLDS, romeOffice, new Date('2026-03-31T16:00:00Z'))).toBe(
      'due_soon',
    );
    // The countdown is real time to the instant: Fri 18:00 CET to Tue 18:00 CEST is 95 hours.
    expect(
      timeToNextSlaStep(conversation, DEFAULT_SLA_THRESHOLDS, romeOffice, new Date('2026-03-27T17:00:00Z')),
    ).toEqual({ step: 'due_soon', inMs: 95 * HOUR });
  });
});

describe('nextDeadline', () => {
  const next = (conversation: ClockFields, after: Date) =>
    nextDeadline(conversation, DEFAULT_SLA_THRESHOLDS, null, after);

  it('fires due soon, overdue, auto-close, then nothing, each once', () => {
    const first = next(waiting(), later(0));
    expect(first).toEqual({ kind: 'due_soon', at: later(20 * HOUR) });
    // After firing, the server asks again from the fired deadline's own time.
    const second = next(waiting(), first!.at);
    expect(second).toEqual({ kind: 'overdue', at: later(24 * HOUR) });
    const third = next(waiting(), second!.at);
    expect(third).toEqual({ kind: 'auto_close', at: later(7 * DAY) });
    // Auto-close closes the conversation, which has no deadline left.
    expect(next(waiting({ status: 'closed' }), third!.at)).toBeNull();
  });

  it('with business hours, counts to the next deadline in working time', () => {
    const conversation = waiting({ awaitingReplySince: '2026-03-27T16:00:00Z' });
    const dueSoonAt = new Date('2026-03-31T16:00:00Z');
    expect(nextDeadline(conversation, DEFAULT_SLA_THRESHOLDS, romeOffice, dueSoonAt)).toEqual({
      kind: 'overdue',
      at: new Date('2026-04-01T11:00:00Z'),
    });
  });

  it.each([
    // The server passes the fired deadline's own time, so a clock that fires late still sends the next
    // notice (already due) once; and a notice is not strictly after its own time, so it never comes back.
    ['due soon fired, on time or late', later(20 * HOUR), { kind: 'overdue', at: later(24 * HOUR) }],
    [
      'a change (a wake-up, a restore) before due soon',
      later(10 * HOUR),
      { kind: 'due_soon', at: later(20 * HOUR) },
    ],
    // Notices that passed while the conversation could not receive them are not sent afterwards.
    ['a change at 22 h', later(22 * HOUR), { kind: 'overdue', at: later(24 * HOUR) }],
    ['a wake-up at 30 h', later(30 * HOUR), { kind: 'auto_close', at: later(7 * DAY) }],
    [
      'a change a millisecond before auto-close',
      later(7 * DAY - 1),
      { kind: 'auto_close', at: later(7 * DAY) },
    ],
    // Auto-close is a state: an open conversation past it is due to close at once, never skipped.
    ['a change at exactly 7 days', later(7 * DAY), { kind: 'auto_close', at: later(7 * DAY) }],
    ['a wake-up at 8 days', later(8 * DAY), { kind: 'auto_close', at: later(7 * DAY) }],
  ])('after %s', (_, after, expected) => {
    expect(next(waiting(), after)).toEqual(expected);
  });

  it.each([
    ['a snooze to come', later(2 * HOUR), later(0)],
    // A wake-up still due after a restart fires at once: the snooze is over.
    ['a snooze that ended while the clock was down', later(2 * HOUR), later(5 * HOUR)],
    // Asleep, the waiting conversation gets no SLA notice; only the wake-up.
    ['a snooze past due soon and overdue', later(30 * HOUR), later(0)],
  ])('wakes %s', (_, until, after) => {
    const snoozed = waiting({ status: 'snoozed', snoozedUntil: until.toISOString() });
    expect(next(snoozed, after)).toEqual({ kind: 'snooze_wake', at: until });
  });

  it('has nothing for a snooze without an end', () => {
    expect(next(waiting({ status: 'snoozed' }), later(0))).toBeNull();
  });

  it('wakes a snoozed conversation even when it is not awaiting a reply', () => {
    const snoozed = waiting({
      status: 'snoozed',
      awaitingReplySince: null,
      snoozedUntil: later(HOUR).toISOString(),
    });
    expect(next(snoozed, later(0))).toEqual({ kind: 'snooze_wake', at: later(HOUR) });
    expect(next({ ...snoozed, status: 'open', snoozedUntil: null }, later(HOUR))).toBeNull();
  });
});

describe('replyClockAfterOutbound', () => {
  const since = new Date('2026-03-02T08:00:00Z');
  const at = new Date('2026-03-02T09:00:00Z');
  const waitingClock = { awaitingReplySince: since, firstResponseAt: null, lastAgentReplyAt: null };

  it.each(['member', 'seller_center'] as const)(
    'a reply by %s stops the clock and is the first response',
    (author) => {
      expect(replyClockAfterOutbound(waitingClock, author, false, at)).toEqual({
        awaitingReplySince: null,
        firstResponseAt: at,
        lastAgentReplyAt: at,
      });
    },
  );

  it('keeps an earlier first response', () => {
    const answered = { ...waitingClock, firstResponseAt: since };
    expect(replyClockAfterOutbound(answered, 'member', false, at).firstResponseAt).toEqual(since);
  });

  it('an automated message leaves the clock running unless the shop says so', () => {
    expect(replyClockAfterOutbound(waitingClock, 'automation', false, at)).toEqual(waitingClock);
  });

  it('an automated message stops the clock when the shop says so, but is never a first response', () => {
    expect(replyClockAfterOutbound(waitingClock, 'automation', true, at)).toEqual({
      awaitingReplySince: null,
      firstResponseAt: null,
      lastAgentReplyAt: null,
    });
  });
});

describe('slaSettingsProblem', () => {
  const now = new Date('2026-06-15T10:00:00Z');
  const office: BusinessCalendar = {
    timeZone: 'Europe/Rome',
    weekly: Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, [{ start: '09:00', end: '18:00' }]])),
    holidays: [],
  };
  const hourAWeek: BusinessCalendar = { ...office, weekly: { 1: [{ start: '10:00', end: '11:00' }] } };

  it('accepts the defaults, around the clock or in office hours', () => {
    expect(slaSettingsProblem(DEFAULT_SLA_THRESHOLDS, null, now)).toBeNull();
    expect(slaSettingsProblem(DEFAULT_SLA_THRESHOLDS, office, now)).toBeNull();
    // A year of auto-close in office hours is some four years of weeks: still within reach.
    expect(
      slaSettingsProblem({ dueSoonHours: 20, overdueHours: 24, autoCloseDays: 300 }, office, now),
    ).toBeNull();
  });

  it.each([
    [
      'due soon not before overdue',
      { dueSoonHours: 24, overdueHours: 24, autoCloseDays: 7 },
      office,
      'dueSoonHours',
    ],
    [
      'a one-minute week',
      DEFAULT_SLA_THRESHOLDS,
      { ...office, weekly: { 1: [{ start: '00:00', end: '00:01' }] } },
      'businessHours',
    ],
    [
      'overdue fourteen years away',
      { dueSoonHours: 20, overdueHours: 720, autoCloseDays: 7 },
      hourAWeek,
      'overdueHours',
    ],
    [
      'auto-close years away',
      { dueSoonHours: 20, overdueHours: 24, autoCloseDays: 365 },
      hourAWeek,
      'autoCloseDays',
    ],
  ])('refuses %s, naming the setting', (_, thresholds, calendar, field) => {
    expect(slaSettingsProblem(thresholds, calendar as BusinessCalendar, now)?.field).toBe(field);
  });
});
