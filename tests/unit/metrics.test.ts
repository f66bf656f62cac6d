import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysFrom,
  daysOf,
  durationSummary,
  firstResponseSeconds,
  lastDays,
  ledToOrder,
  localDay,
  median,
  percentile,
  resolutionSeconds,
  responseOutcome,
  responseRate,
  satisfactionRate,
  type ResponseOutcome,
} from '../../lib/domain/metrics';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = '2026-03-10T12:00:00.000Z';
const before = (ms: number) => new Date(Date.parse(now) - ms).toISOString();

describe('responseOutcome: the 24 h response rule for one chat', () => {
  it.each([
    ['answered after 1 h', before(30 * HOUR), before(29 * HOUR), 'answered'],
    ['answered at exactly 24 h', before(30 * HOUR), before(6 * HOUR), 'answered'],
    ['answered 1 ms after 24 h', before(30 * HOUR), before(6 * HOUR - 1), 'missed'],
    ['answered after 2 days', before(3 * DAY), before(1 * DAY), 'missed'],
    ['unanswered for 25 h', before(25 * HOUR), null, 'missed'],
    ['unanswered for exactly 24 h', before(24 * HOUR), null, 'missed'],
    ['unanswered for 23 h 59 min: not counted yet', before(24 * HOUR - 60_000), null, 'pending'],
    ['unanswered for 10 minutes: not counted yet', before(10 * 60_000), null, 'pending'],
    ['young and already answered', before(2 * HOUR), before(1 * HOUR), 'answered'],
    [
      'a reply stamped after now has not happened yet',
      before(2 * HOUR),
      '2026-03-10T13:00:00.000Z',
      'pending',
    ],
  ] as const)('%s', (_name, createdAt, firstResponseAt, expected) => {
    expect(responseOutcome({ createdAt, firstResponseAt }, now)).toBe(expected);
  });

  it('accepts dates as well as ISO strings', () => {
    expect(
      responseOutcome({ createdAt: new Date(before(2 * DAY)), firstResponseAt: null }, new Date(now)),
    ).toBe('missed');
  });
});

describe('responseRate', () => {
  it.each([
    ['none', [], { answered: 0, countable: 0, pending: 0, rate: null }],
    [
      'only pending: no verdict yet',
      ['pending', 'pending'],
      { answered: 0, countable: 0, pending: 2, rate: null },
    ],
    [
      '3 answered, 1 missed, 2 pending',
      ['answered', 'missed', 'pending', 'answered', 'pending', 'answered'],
      { answered: 3, countable: 4, pending: 2, rate: 0.75 },
    ],
    ['all missed', ['missed', 'missed'], { answered: 0, countable: 2, pending: 0, rate: 0 }],
  ] as [string, ResponseOutcome[], ReturnType<typeof responseRate>][])('%s', (_name, outcomes, expected) => {
    expect(responseRate(outcomes)).toEqual(expected);
  });
});

describe('satisfactionRate: ratings 4–5 ÷ rated', () => {
  it.each([
    ['no ratings', [], { satisfied: 0, rated: 0, rate: null }],
    ['unrated sessions do not count', [null, null], { satisfied: 0, rated: 0, rate: null }],
    ['5, 4, 3, unrated', [5, 4, 3, null], { satisfied: 2, rated: 3, rate: 2 / 3 }],
    ['1, 2, 3: none satisfied', [1, 2, 3], { satisfied: 0, rated: 3, rate: 0 }],
    ['4 is satisfied', [4], { satisfied: 1, rated: 1, rate: 1 }],
  ] as [string, (number | null)[], ReturnType<typeof satisfactionRate>][])(
    '%s',
    (_name, ratings, expected) => {
      expect(satisfactionRate(ratings)).toEqual(expected);
    },
  );
});

describe('percentile: linear interpolation between ranks, as percentile_cont', () => {
  it.each([
    ['no values', [], 0.5, null],
    ['one value', [42], 0.9, 42],
    ['median of an odd count', [30, 10, 20], 0.5, 20],
    ['median of an even count', [40, 10, 30, 20], 0.5, 25],
    ['p90 of 1…10', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9.1],
    ['p90 of two', [100, 200], 0.9, 190],
    ['p0 is the least', [5, 3, 9], 0, 3],
    ['p100 is the most', [5, 3, 9], 1, 9],
  ] as [string, number[], number, number | null][])('%s', (_name, values, p, expected) => {
    const value = percentile(values, p);
    if (expected === null) expect(value).toBeNull();
    else expect(value).toBeCloseTo(expected, 9);
  });

  it('refuses a percentile outside 0…1 and leaves its input alone', () => {
    expect(() => percentile([1], 90)).toThrow(RangeError);
    const values = [3, 1, 2];
    expect(median(values)).toBe(2);
    expect(values).toEqual([3, 1, 2]);
  });

  it('summarises durations', () => {
    // Median: halfway between 120 and 180. p90: rank 0.9 × 3 = 2.7, so 180 + 0.7 × (3600 − 180) = 2574.
    const summary = durationSummary([60, 120, 180, 3600]);
    expect(summary.count).toBe(4);
    expect(summary.median).toBe(150);
    expect(summary.p90).toBeCloseTo(2574, 9);
    expect(durationSummary([])).toEqual({ count: 0, median: null, p90: null });
  });
});

describe('timings of a chat', () => {
  it('first response in seconds, none before a reply or before it happened', () => {
    expect(firstResponseSeconds({ createdAt: before(2 * HOUR), firstResponseAt: before(HOUR) }, now)).toBe(
      3600,
    );
    expect(firstResponseSeconds({ createdAt: before(2 * HOUR), firstResponseAt: null }, now)).toBeNull();
    expect(
      firstResponseSeconds({ createdAt: before(2 * HOUR), firstResponseAt: '2026-03-11T00:00:00.000Z' }, now),
    ).toBeNull();
  });

  it('resolution from start to close, none while open', () => {
    expect(resolutionSeconds({ createdAt: before(DAY), closedAt: now })).toBe(86_400);
    expect(resolutionSeconds({ createdAt: before(DAY), closedAt: null })).toBeNull();
  });
});

describe('ledToOrder: placed within 7 days after one of the replies', () => {
  const replies = ['2026-03-01T10:00:00.000Z', '2026-03-20T10:00:00.000Z'];
  it.each([
    ['before any reply', '2026-03-01T09:59:59.000Z', false],
    ['at the reply', '2026-03-01T10:00:00.000Z', true],
    ['6 days after', '2026-03-07T10:00:00.000Z', true],
    ['exactly 7 days after', '2026-03-08T10:00:00.000Z', true],
    ['7 days and a second after', '2026-03-08T10:00:01.000Z', false],
    ['in the gap between two replies more than 7 days apart', '2026-03-15T10:00:00.000Z', false],
    ['2 days after the later reply', '2026-03-22T10:00:00.000Z', true],
  ] as const)('%s', (_name, placedAt, expected) => {
    expect(ledToOrder(replies, placedAt)).toBe(expected);
  });
  it('never without a reply', () => {
    expect(ledToOrder([], '2026-03-01T10:00:00.000Z')).toBe(false);
  });
});

describe('days in a shop’s time zone', () => {
  it.each([
    ['late evening in Rome is the next day there', '2026-03-10T23:30:00.000Z', 'Europe/Rome', '2026-03-11'],
    ['the same instant in New York', '2026-03-10T23:30:00.000Z', 'America/New_York', '2026-03-10'],
    ['just before midnight in Rome (summer time)', '2026-07-01T21:59:59.000Z', 'Europe/Rome', '2026-07-01'],
    ['midnight in Rome (summer time)', '2026-07-01T22:00:00.000Z', 'Europe/Rome', '2026-07-02'],
    ['Kiritimati is 14 h ahead', '2026-03-10T10:00:00.000Z', 'Pacific/Kiritimati', '2026-03-11'],
  ] as const)('%s', (_name, instant, zone, day) => {
    expect(localDay(instant, zone)).toBe(day);
  });

  it('counts and lists days across months, leap days and daylight-saving changes', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysFrom('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysOf('2026-03-28', '2026-03-30')).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
    expect(daysOf('2026-03-30', '2026-03-28')).toEqual([]);
  });

  it('the last 7 days end on the shop’s today', () => {
    // 23:30 UTC on 10 March is already 11 March in Rome.
    expect(lastDays('2026-03-10T23:30:00.000Z', 'Europe/Rome', 7)).toEqual([
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
      '2026-03-09',
      '2026-03-10',
      '2026-03-11',
    ]);
  });
});
