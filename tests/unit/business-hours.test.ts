import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingTime,
  calendarSenseProblem,
  endsWithinHorizon,
  validateBusinessCalendar,
  WORKING_TIME_HORIZON_DAYS,
  workingTimeBetween,
  type BusinessCalendar,
  type OpeningRange,
} from '../../lib/domain/business-hours';

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);

const weekdays = (ranges: OpeningRange[]) => ({ 1: ranges, 2: ranges, 3: ranges, 4: ranges, 5: ranges });

// Rome and London change clocks on 29 March 2026 and 25 October 2026, both at 01:00 UTC.
/** Monday to Friday with a lunch break, Saturday morning, Sunday closed, closed on Christmas Day. */
const romeOffice: BusinessCalendar = {
  timeZone: 'Europe/Rome',
  weekly: {
    ...weekdays([
      { start: '09:00', end: '13:00' },
      { start: '14:00', end: '18:00' },
    ]),
    6: [{ start: '09:00', end: '12:00' }],
  },
  holidays: ['2026-12-25'],
};

const londonOffice: BusinessCalendar = {
  timeZone: 'Europe/London',
  weekly: { ...weekdays([{ start: '09:00', end: '17:00' }]), 6: [{ start: '10:00', end: '14:00' }] },
  holidays: ['2026-12-25', '2026-12-26'],
};

/** A Sunday night shift across the hour the clocks change, then Monday office hours. */
const nightShift = (timeZone: string): BusinessCalendar => ({
  timeZone,
  weekly: { 0: [{ start: '00:00', end: '04:00' }], 1: [{ start: '09:00', end: '18:00' }] },
  holidays: [],
});
const romeNight = nightShift('Europe/Rome');
const londonNight = nightShift('Europe/London');

describe('validateBusinessCalendar', () => {
  const monday = (...ranges: [string, string][]): BusinessCalendar => ({
    timeZone: 'Europe/Rome',
    weekly: { 1: ranges.map(([start, end]) => ({ start, end })) },
    holidays: [],
  });

  it.each([
    ['an office week with a lunch break', romeOffice],
    ['ranges that touch', monday(['09:00', '13:00'], ['13:00', '18:00'])],
    ['a range until midnight', monday(['18:00', '24:00'])],
  ])('accepts %s', (_, calendar) => {
    expect(validateBusinessCalendar(calendar)).toBeNull();
  });

  it.each([
    ['an unknown time zone', { ...romeOffice, timeZone: 'Europe/Rme' }, 'Unknown time zone "Europe/Rme"'],
    ['a time without two digits', monday(['9:00', '13:00']), 'Monday: "9:00" is not a start time'],
    ['minute 60', monday(['09:00', '12:60']), 'Monday: "12:60" is not an end time'],
    ['an end past midnight', monday(['20:00', '24:30']), 'Monday: "24:30" is not an end time'],
    ['a start at 24:00', monday(['24:00', '24:00']), 'Monday: "24:00" is not a start time'],
    ['an end before the start', monday(['18:00', '09:00']), 'Monday 18:00–09:00: the end must be after'],
    ['an empty range', monday(['09:00', '09:00']), 'Monday 09:00–09:00: the end must be after'],
    [
      'overlapping ranges, in any order',
      monday(['14:00', '18:00'], ['09:00', '14:30']),
      'Monday: 09:00–14:30 overlaps 14:00–18:00',
    ],
    [
      'an unknown weekday',
      { ...romeOffice, weekly: { ...romeOffice.weekly, 7: [] } } as BusinessCalendar,
      '"7" is not a weekday',
    ],
    ['a holiday not on the calendar', { ...romeOffice, holidays: ['2026-02-30'] }, 'Holiday "2026-02-30"'],
    ['a holiday in another format', { ...romeOffice, holidays: ['25/12/2026'] }, 'Holiday "25/12/2026"'],
    ['no opening hours at all', { ...romeOffice, weekly: { 0: [] } }, 'no opening hours'],
  ])('rejects %s', (_, calendar, message) => {
    expect(validateBusinessCalendar(calendar)).toContain(message);
  });

  it('is enforced by the clock functions', () => {
    const broken = monday(['09:00', '13:00'], ['12:00', '18:00']);
    expect(() => addWorkingTime(at('2026-03-02T08:00:00Z'), HOUR, broken)).toThrow(/overlaps/);
    expect(() => workingTimeBetween(at('2026-03-02T08:00:00Z'), at('2026-03-03T08:00:00Z'), broken)).toThrow(
      /overlaps/,
    );
    expect(() => addWorkingTime(at('2026-03-02T08:00:00Z'), -1, null)).toThrow(RangeError);
  });
});

describe('without a calendar: plain calendar time', () => {
  it.each([
    // Across both clock changes, 24 hours are 24 elapsed hours, whatever the wall clock says.
    ['spring-forward weekend', '2026-03-28T11:00:00Z', 24, '2026-03-29T11:00:00Z'],
    ['fall-back weekend', '2026-10-24T10:00:00Z', 24, '2026-10-25T10:00:00Z'],
    ['seven days', '2026-03-25T10:00:00Z', 7 * 24, '2026-04-01T10:00:00Z'],
  ])('%s: %s + %i h → %s', (_, start, hours, expected) => {
    expect(addWorkingTime(at(start), hours * HOUR, null)).toEqual(at(expected));
    expect(workingTimeBetween(at(start), at(expected), null)).toBe(hours * HOUR);
  });

  it('counts nothing backwards', () => {
    expect(workingTimeBetween(at('2026-03-02T10:00:00Z'), at('2026-03-02T09:00:00Z'), null)).toBe(0);
    expect(workingTimeBetween(at('2026-03-02T10:00:00Z'), at('2026-03-02T10:00:00Z'), null)).toBe(0);
  });
});

describe('addWorkingTime with business hours', () => {
  it.each([
    // Rome: CET is UTC+1 until 29 March, CEST UTC+2 until 25 October. Local times in the comments.
    // Mon 10:00 → 12:00
    ['inside a morning', romeOffice, '2026-03-02T09:00Z', 2, '2026-03-02T11:00Z'],
    // Mon 12:00 → 13:00, 14:00 → 15:00
    ['over the lunch break', romeOffice, '2026-03-02T11:00Z', 2, '2026-03-02T14:00Z'],
    // Mon 13:30 → 15:00
    ['from inside the lunch break', romeOffice, '2026-03-02T12:30Z', 1, '2026-03-02T14:00Z'],
    // Mon 09:00 → 13:00, not 14:00
    ['to the end of a range, not the next start', romeOffice, '2026-03-02T08:00Z', 4, '2026-03-02T12:00Z'],
    // Mon 07:00 → 09:30
    ['from before opening', romeOffice, '2026-03-02T06:00Z', 0.5, '2026-03-02T08:30Z'],
    // Sat 11:00 → 12:00, Sunday closed, Mon 09:00 → 10:00
    ['over a closed Sunday', romeOffice, '2026-03-07T10:00Z', 2, '2026-03-09T09:00Z'],
    // Sat 11:00 CET → 12:00, Mon 09:00 CEST → 10:00
    ['to a Monday after spring forward', romeOffice, '2026-03-28T10:00Z', 2, '2026-03-30T08:00Z'],
    // Sat 11:00 CEST → 12:00, Mon 09:00 CET → 10:00
    ['to a Monday after fall back', romeOffice, '2026-10-24T09:00Z', 2, '2026-10-26T09:00Z'],
    // Thu 24 Dec 17:00 → 18:00, Christmas Day (Friday) closed, Sat 09:00 → 10:00
    ['over Christmas Day in Rome', romeOffice, '2026-12-24T16:00Z', 2, '2026-12-26T09:00Z'],
    // Mon 09:00: three weeks of 43 h, Monday to Thursday, Friday 09:00–13:00 and 14:00 → 17:00
    ['over 168 working hours', romeOffice, '2026-03-02T08:00Z', 168, '2026-03-27T16:00Z'],
    // London: GMT is UTC until 29 March, BST UTC+1 until 25 October.
    // Sat 13:00 GMT → 14:00, Mon 09:00 BST → 10:00
    ['to a Monday after spring forward in London', londonOffice, '2026-03-28T13:00Z', 2, '2026-03-30T09:00Z'],
    // Sat 13:00 BST → 14:00, Mon 09:00 GMT → 10:00
    ['to a Monday after fall back in London', londonOffice, '2026-10-24T12:00Z', 2, '2026-10-26T10:00Z'],
    // Thu 24 Dec 16:30 → 17:00, Christmas, Boxing Day (Saturday) and Sunday closed, Mon 09:00 → 09:30
    ['over Christmas and Boxing Day in London', londonOffice, '2026-12-24T16:30Z', 1, '2026-12-28T09:30Z'],
    // Sun 00:00 CET (Sat 23:00Z) → 04:00 CEST (02:00Z) is 3 hours.
    ['to the end of a spring Sunday shift', romeNight, '2026-03-28T12:00Z', 3, '2026-03-29T02:00Z'],
    // … then Mon 09:00 CEST → 09:30
    ['over a spring Sunday shift to Monday', romeNight, '2026-03-28T12:00Z', 3.5, '2026-03-30T07:30Z'],
    // Sun 00:00 CEST (Sat 22:00Z) + 4.5 h: the clock shows 03:30 CET, after the repeated hour.
    ['past the repeated hour of an autumn shift', romeNight, '2026-10-24T12:00Z', 4.5, '2026-10-25T02:30Z'],
    // Sun 00:00 CEST → 04:00 CET is 5 hours, then Mon 09:00 CET → 09:30
    ['over an autumn Sunday shift to Monday', romeNight, '2026-10-24T12:00Z', 5.5, '2026-10-26T08:30Z'],
    // Sun 00:00 GMT → 04:00 BST is 3 hours, then Mon 09:00 BST → 09:30
    ['over a spring Sunday shift in London', londonNight, '2026-03-28T12:00Z', 3.5, '2026-03-30T08:30Z'],
    // Sun 00:00 BST → 04:00 GMT is 5 hours, then Mon 09:00 GMT → 09:30
    ['over an autumn Sunday shift in London', londonNight, '2026-10-24T12:00Z', 5.5, '2026-10-26T09:30Z'],
  ])('%s', (_, calendar, start, hours, expected) => {
    expect(addWorkingTime(at(start), hours * HOUR, calendar).toISOString()).toBe(at(expected).toISOString());
  });

  it('steps over a long closure', () => {
    const august = Array.from({ length: 31 }, (_, i) => `2026-08-${String(i + 1).padStart(2, '0')}`);
    const summerClosure = { ...romeOffice, holidays: august };
    // Fri 31 July 17:00 CEST → 18:00, closed all August, Tue 1 September 09:00 → 10:00.
    expect(addWorkingTime(at('2026-07-31T15:00Z'), 2 * HOUR, summerClosure)).toEqual(at('2026-09-01T08:00Z'));
  });

  it('adds nothing as the start itself, even when closed', () => {
    expect(addWorkingTime(at('2026-03-01T12:00Z'), 0, romeOffice)).toEqual(at('2026-03-01T12:00Z'));
  });
});

describe('workingTimeBetween with business hours', () => {
  it.each([
    // Monday 00:00 to Monday 00:00, local time.
    ['an office week', romeOffice, '2026-03-01T23:00Z', '2026-03-08T23:00Z', 43],
    ['the week of Christmas Day', romeOffice, '2026-12-20T23:00Z', '2026-12-27T23:00Z', 35],
    [
      'a London week with Christmas and Boxing Day',
      londonOffice,
      '2026-12-21T00:00Z',
      '2026-12-28T00:00Z',
      32,
    ],
    ['the lunch break alone', romeOffice, '2026-03-02T12:10Z', '2026-03-02T12:50Z', 0],
    // Saturday noon to Monday 00:00 over a Sunday 00:00–04:00 shift.
    ['an ordinary Sunday shift', romeNight, '2026-03-21T12:00Z', '2026-03-23T00:00Z', 4],
    ['a Sunday shift in Rome, spring forward', romeNight, '2026-03-28T12:00Z', '2026-03-30T00:00Z', 3],
    ['a Sunday shift in Rome, fall back', romeNight, '2026-10-24T12:00Z', '2026-10-26T00:00Z', 5],
    ['a Sunday shift in London, spring forward', londonNight, '2026-03-28T12:00Z', '2026-03-30T00:00Z', 3],
    ['a Sunday shift in London, fall back', londonNight, '2026-10-24T12:00Z', '2026-10-26T00:00Z', 5],
  ])('%s', (_, calendar, start, end, hours) => {
    expect(workingTimeBetween(at(start), at(end), calendar)).toBe(hours * HOUR);
  });

  it('counts nothing backwards', () => {
    expect(workingTimeBetween(at('2026-03-02T12:00:00Z'), at('2026-03-02T09:00:00Z'), romeOffice)).toBe(0);
  });

  // A bound the clock skips opens at the change; a bound it shows twice means the first time.
  it.each([
    ['Europe/Rome', '02:30', '05:00', '2026-03-29T01:00:00Z', 2], // opens 03:00 CEST, closes 05:00 CEST
    ['Europe/Rome', '02:30', '05:00', '2026-10-25T00:30:00Z', 3.5], // opens 02:30 CEST, closes 05:00 CET
    ['Europe/London', '01:30', '03:00', '2026-03-29T01:00:00Z', 1], // opens 02:00 BST, closes 03:00 BST
    ['Europe/London', '01:30', '03:00', '2026-10-25T00:30:00Z', 2.5], // opens 01:30 BST, closes 03:00 GMT
  ])('%s Sunday %s–%s on a change opens at %s for %s h', (timeZone, start, end, opensAt, hours) => {
    const calendar: BusinessCalendar = { timeZone, weekly: { 0: [{ start, end }] }, holidays: [] };
    const saturday = new Date(Date.parse(opensAt) - 12 * HOUR);
    expect(addWorkingTime(saturday, 1, calendar)).toEqual(new Date(Date.parse(opensAt) + 1));
    expect(workingTimeBetween(saturday, new Date(Date.parse(opensAt) + 24 * HOUR), calendar)).toBe(
      hours * HOUR,
    );
  });
});

describe('addWorkingTime and workingTimeBetween agree', () => {
  const timeZones = [
    'Europe/Rome',
    'Europe/London',
    'America/New_York',
    'America/Santiago', // changes at midnight
    'Australia/Lord_Howe', // changes by 30 minutes
    'Asia/Kolkata',
  ];
  // A day's openings: an even number of distinct half-hour marks, paired in order.
  const day = fc.uniqueArray(fc.integer({ min: 0, max: 48 }), { maxLength: 6 }).map((marks) => {
    const sorted = [...marks].sort((a, b) => a - b);
    const clock = (mark: number) =>
      `${String(Math.floor(mark / 2)).padStart(2, '0')}:${mark % 2 === 0 ? '00' : '30'}`;
    const ranges: OpeningRange[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2)
      ranges.push({ start: clock(sorted[i]!), end: clock(sorted[i + 1]!) });
    return ranges;
  });
  const calendar = fc
    .record({
      timeZone: fc.constantFrom(...timeZones),
      weekly: fc.tuple(day, day, day, day, day, day, day).map((days) => ({ ...days })),
      holidays: fc.uniqueArray(
        fc
          .integer({ min: 0, max: 364 })
          .map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10)),
        { maxLength: 30 },
      ),
    })
    .filter((c) => validateBusinessCalendar(c) === null);
  const start = fc
    .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) })
    .map((ms) => new Date(ms));
  const duration = fc.integer({ min: 1, max: 3 * 24 * HOUR });

  it('counts back exactly the working time added, which runs out no earlier than the result', () => {
    fc.assert(
      fc.property(calendar, start, duration, (cal, from, ms) => {
        const due = addWorkingTime(from, ms, cal);
        expect(workingTimeBetween(from, due, cal)).toBe(ms);
        expect(workingTimeBetween(from, new Date(due.getTime() - 1), cal)).toBe(ms - 1);
      }),
      { numRuns: 150 },
    );
  });

  it('adds in steps as in one go', () => {
    fc.assert(
      fc.property(calendar, start, duration, duration, (cal, from, first, second) => {
        const inSteps = addWorkingTime(addWorkingTime(from, first, cal), second, cal);
        expect(inSteps).toEqual(addWorkingTime(from, first + second, cal));
      }),
      { numRuns: 100 },
    );
  });
});

describe('whole weeks at once', () => {
  // Saturday noon, then Sunday 4 h and Monday 9 h a week; the fourth Sunday is the one the clocks change.
  it.each([
    // 3 weeks of 13 h, then the spring Sunday 00:00 CET → 04:00 CEST is 3 h: ends 02:00Z.
    ['to the end of a spring shift weeks ahead', romeNight, '2026-03-07T12:00Z', 42, '2026-03-29T02:00Z'],
    // … then Monday 09:00 CEST → 09:30
    ['past a spring shift weeks ahead', romeNight, '2026-03-07T12:00Z', 42.5, '2026-03-30T07:30Z'],
    // 3 weeks of 13 h, then the autumn Sunday 00:00 CEST → 04:00 CET is 5 h: ends 03:00Z.
    ['to the end of an autumn shift weeks ahead', romeNight, '2026-10-03T12:00Z', 44, '2026-10-25T03:00Z'],
    ['past an autumn shift weeks ahead', romeNight, '2026-10-03T12:00Z', 44.5, '2026-10-26T08:30Z'],
  ])('%s', (_, calendar, start, hours, expected) => {
    expect(addWorkingTime(at(start), hours * HOUR, calendar).toISOString()).toBe(at(expected).toISOString());
    expect(workingTimeBetween(at(start), at(expected), calendar)).toBe(hours * HOUR);
  });

  /** Day by day in a zone that never changes its clock: an independent count to compare with. */
  const walkFixedOffset = (cal: BusinessCalendar, offsetMs: number, from: number, ms: number): number => {
    let remaining = ms;
    for (let wallDay = Math.floor((from + offsetMs) / (24 * HOUR)); ; wallDay++) {
      if (cal.holidays.includes(new Date(wallDay * 24 * HOUR).toISOString().slice(0, 10))) continue;
      const weekday = new Date(wallDay * 24 * HOUR).getUTCDay() as 0 | 1 | 2 | 3 | 4 | 5 | 6;
      for (const range of cal.weekly[weekday] ?? []) {
        const minutes = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3));
        const opens = Math.max(from, wallDay * 24 * HOUR + minutes(range.start) * 60_000 - offsetMs);
        const closes = wallDay * 24 * HOUR + minutes(range.end) * 60_000 - offsetMs;
        if (closes <= opens) continue;
        if (remaining <= closes - opens) return opens + remaining;
        remaining -= closes - opens;
      }
    }
  };

  it('agrees with a day-by-day count over months, holidays included', () => {
    const kolkata = fc.record({
      timeZone: fc.constant('Asia/Kolkata'),
      weekly: fc
        .tuple(
          ...Array.from({ length: 7 }, () =>
            fc.option(
              fc.tuple(fc.integer({ min: 0, max: 22 }), fc.integer({ min: 1, max: 2 })).map(([h, len]) => [
                {
                  start: `${String(h).padStart(2, '0')}:00`,
                  end: `${String(h + len).padStart(2, '0')}:30`,
                },
              ]),
              { nil: undefined },
            ),
          ),
        )
        .map((days) => Object.fromEntries(days.flatMap((d, i) => (d ? [[i, d]] : [])))),
      holidays: fc.uniqueArray(
        fc
          .integer({ min: 0, max: 700 })
          .map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10)),
        { maxLength: 40 },
      ),
    });
    fc.assert(
      fc.property(
        kolkata.filter((c) => validateBusinessCalendar(c) === null),
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31) }),
        fc.integer({ min: 1, max: 400 * HOUR }),
        (cal, from, ms) => {
          const expected = walkFixedOffset(cal, 5.5 * HOUR, from, ms);
          expect(addWorkingTime(new Date(from), ms, cal).getTime()).toBe(expected);
          expect(workingTimeBetween(new Date(from), new Date(expected), cal)).toBe(ms);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('a calendar cannot stall the clock', () => {
  const oneMinuteWeek: BusinessCalendar = {
    timeZone: 'Europe/Rome',
    weekly: { 1: [{ start: '00:00', end: '00:01' }] },
    holidays: [],
  };
  const medianMs = (work: () => void) => {
    const times = Array.from({ length: 7 }, () => {
      const started = performance.now();
      work();
      return performance.now() - started;
    }).sort((a, b) => a - b);
    return times[3]!;
  };

  it('stops at the horizon: 720 h of a one-minute week ends four years on, in milliseconds', () => {
    const from = at('2026-06-15T10:00:00Z');
    expect(endsWithinHorizon(from, 720 * HOUR, oneMinuteWeek)).toBe(false);
    expect(addWorkingTime(from, 720 * HOUR, oneMinuteWeek)).toEqual(
      new Date(from.getTime() + WORKING_TIME_HORIZON_DAYS * 24 * HOUR),
    );
    // It once took over a second (a walk of 43,200 weeks, day by day); a few milliseconds now, even on a busy machine.
    expect(medianMs(() => addWorkingTime(from, 720 * HOUR, oneMinuteWeek))).toBeLessThan(15);
  });

  it('walks a holiday in every week of four years quickly', () => {
    const mondays = Array.from({ length: 210 }, (_, i) =>
      new Date(Date.UTC(2026, 5, 15 + 7 * i)).toISOString().slice(0, 10),
    );
    const everyWeek: BusinessCalendar = { ...romeOffice, holidays: mondays };
    const from = at('2026-06-15T10:00:00Z');
    expect(endsWithinHorizon(from, 7000 * HOUR, everyWeek)).toBe(true);
    expect(medianMs(() => addWorkingTime(from, 7000 * HOUR, everyWeek))).toBeLessThan(15);
  });

  it.each([
    ['a one-minute week', oneMinuteWeek, 'open only 1 minutes a week'],
    [
      'a closed year',
      {
        ...romeOffice,
        holidays: Array.from({ length: 365 }, (_, i) =>
          new Date(Date.UTC(2027, 0, 1 + i)).toISOString().slice(0, 10),
        ),
      },
      '365 days in a row, from 2027-01-01 to 2027-12-31',
    ],
  ])('refuses %s with its reason', (_, calendar, message) => {
    expect(calendarSenseProblem(calendar)).toContain(message);
  });

  it('accepts an office week with a summer closure', () => {
    const august = Array.from({ length: 31 }, (_, i) => `2026-08-${String(i + 1).padStart(2, '0')}`);
    expect(calendarSenseProblem({ ...romeOffice, holidays: august })).toBeNull();
    expect(calendarSenseProblem({ ...romeNight })).toBeNull();
  });
});
