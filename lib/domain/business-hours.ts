/**
 * A shop's working hours (product §6): when the shop enables them, SLA clocks count only the time inside them.
 *
 * An opening range runs from the first moment the shop's clock shows its start to the first moment it shows
 * its end. So a time skipped by the spring-forward change falls on the change itself, a time repeated in
 * autumn means its first occurrence, and a range over the change lasts the real time that passed (a Sunday
 * 00:00–04:00 in Rome is 3 hours long in March and 5 hours long in October).
 */

/** 0 = Sunday … 6 = Saturday, as `Date.prototype.getDay`. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** One opening of a day in the shop's local time, 'HH:MM'; `end` may be '24:00' (open until midnight). */
export interface OpeningRange {
  start: string;
  end: string;
}

export interface BusinessCalendar {
  /** The shop's IANA time zone, e.g. 'Europe/Rome'. */
  timeZone: string;
  /** The openings of each weekday; a day without any is closed. */
  weekly: Partial<Record<Weekday, readonly OpeningRange[]>>;
  /** Local dates 'YYYY-MM-DD' when the shop is closed all day. */
  holidays: readonly string[];
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const MINUTES_PER_DAY = 1440;
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** A calendar checked and parsed: openings as minutes after local midnight, in order, per weekday. */
interface Schedule {
  timeZone: string;
  weekly: { start: number; end: number }[][];
  /** Closed days, counted from 1 January 1970. */
  holidays: ReadonlySet<number>;
  /** The open time of a week without a holiday or a change of clock. */
  weekMs: number;
}

/** An opening as instants (ms since the epoch), end exclusive. */
interface Opening {
  start: number;
  end: number;
}

/** What is wrong with a calendar, in words for the settings page, or null when it is usable. */
export function validateBusinessCalendar(calendar: BusinessCalendar): string | null {
  const parsed = parseCalendar(calendar);
  return typeof parsed === 'string' ? parsed : null;
}

/**
 * How far ahead the clock looks for working time: about four years of calendar time. A deadline that would lie
 * further away is put at this horizon instead, so no calendar can make the clock walk for long; the settings
 * refuse such a calendar with its reason (`slaCalendarProblem`).
 */
export const WORKING_TIME_HORIZON_DAYS = 1461;

/** The least a shop's week may be open for a clock counting business hours to make sense. */
export const MIN_OPEN_MINUTES_PER_WEEK = 60;
/** The longest closure holidays may make in a row (a summer closure fits; a closed year does not). */
export const MAX_HOLIDAY_RUN_DAYS = 92;

/**
 * What makes a valid calendar useless for counting reply times, in words for the settings page, or null: a
 * week open less than an hour, or holidays that close the shop for months in a row.
 */
export function calendarSenseProblem(calendar: BusinessCalendar): string | null {
  const parsed = parseCalendar(calendar);
  if (typeof parsed === 'string') return parsed;
  const openMinutes = parsed.weekMs / MINUTE;
  if (openMinutes < MIN_OPEN_MINUTES_PER_WEEK) {
    return `The shop is open only ${openMinutes} minutes a week; open it at least ${MIN_OPEN_MINUTES_PER_WEEK / 60} hour a week, or count reply times in calendar hours.`;
  }
  const days = [...parsed.holidays].sort((a, b) => a - b);
  let runStart = 0;
  for (let i = 1; i <= days.length; i++) {
    if (i < days.length && days[i] === days[i - 1]! + 1) continue;
    if (i - runStart > MAX_HOLIDAY_RUN_DAYS) {
      return `Holidays close the shop for ${i - runStart} days in a row, from ${isoDate(days[runStart]!)} to ${isoDate(days[i - 1]!)}; a closure may last at most ${MAX_HOLIDAY_RUN_DAYS} days.`;
    }
    runStart = i;
  }
  return null;
}

/** Whether `durationMs` of working time from `start` ends within the horizon (always, without a calendar). */
export function endsWithinHorizon(
  start: Date,
  durationMs: number,
  calendar: BusinessCalendar | null,
): boolean {
  if (calendar === null || durationMs === 0) return true;
  return walkForward(start.getTime(), durationMs, scheduleOf(calendar)) !== null;
}

/**
 * The instant when `durationMs` of working time has elapsed counting from `start`: inside an opening, or at
 * its end when the duration runs out exactly there. Without a calendar, plain calendar time. Never later than
 * the horizon (`WORKING_TIME_HORIZON_DAYS` after `start`).
 */
export function addWorkingTime(start: Date, durationMs: number, calendar: BusinessCalendar | null): Date {
  if (!Number.isFinite(durationMs) || durationMs < 0) {
    throw new RangeError(`A working time must be a duration of 0 ms or more, not ${durationMs}.`);
  }
  if (calendar === null || durationMs === 0) return new Date(start.getTime() + durationMs);
  const due = walkForward(start.getTime(), durationMs, scheduleOf(calendar));
  return new Date(due ?? start.getTime() + WORKING_TIME_HORIZON_DAYS * DAY);
}

/** The working time (ms) between two instants; 0 when `end` is not after `start`. */
export function workingTimeBetween(start: Date, end: Date, calendar: BusinessCalendar | null): number {
  const from = start.getTime();
  const until = end.getTime();
  if (until <= from) return 0;
  if (calendar === null) return until - from;
  const schedule = scheduleOf(calendar);
  const clock = offsetsOf(schedule.timeZone);
  const firstDay = Math.floor(wallClockAt(from, schedule.timeZone) / DAY);
  let total = 0;
  for (let day = firstDay; ;) {
    // A whole plain week that ends before `until` counts as the week's open time, without walking its days.
    if (day > firstDay && plainWeek(day, schedule, clock) && clock.instantShowing((day + 7) * DAY) <= until) {
      total += schedule.weekMs;
      day += 7;
      continue;
    }
    for (const opening of openingsOf(day, schedule, clock)) {
      const opensAt = Math.max(from, opening.start);
      if (opening.end <= opensAt) continue;
      if (opensAt >= until) return total;
      total += Math.min(opening.end, until) - opensAt;
    }
    day += 1;
  }
}

/**
 * The instant `durationMs` of working time after `from`, or null when it lies past the horizon. Whole weeks
 * without a holiday or a change of clock count as the week's open time at once, so a year is some fifty
 * steps; only the first week, holiday weeks and the weeks of a clock change go day by day.
 */
function walkForward(from: number, durationMs: number, schedule: Schedule): number | null {
  const clock = offsetsOf(schedule.timeZone);
  const firstDay = Math.floor(wallClockAt(from, schedule.timeZone) / DAY);
  const lastDay = firstDay + WORKING_TIME_HORIZON_DAYS;
  let remaining = durationMs;
  for (let day = firstDay; day <= lastDay;) {
    if (day > firstDay && remaining > schedule.weekMs && plainWeek(day, schedule, clock)) {
      remaining -= schedule.weekMs;
      day += 7;
      continue;
    }
    for (const opening of openingsOf(day, schedule, clock)) {
      const opensAt = Math.max(from, opening.start);
      if (opening.end <= opensAt) continue;
      if (remaining <= opening.end - opensAt) {
        const due = opensAt + remaining;
        return due <= from + WORKING_TIME_HORIZON_DAYS * DAY ? due : null;
      }
      remaining -= opening.end - opensAt;
    }
    day += 1;
  }
  return null;
}

/** A week from local day `day` with no holiday and no change of clock, so it is open exactly `weekMs`. */
function plainWeek(day: number, schedule: Schedule, clock: Offsets): boolean {
  for (let d = day; d < day + 7; d++) if (schedule.holidays.has(d)) return false;
  return clock.steady(day - 1, day + 8);
}

/** The openings of one local day (counted from 1 January 1970) as instants, in order; none on a holiday. */
function openingsOf(day: number, schedule: Schedule, clock: Offsets): Opening[] {
  if (schedule.holidays.has(day)) return [];
  // Day 0 (1 January 1970) was a Thursday.
  const ranges = schedule.weekly[(((day + 4) % 7) + 7) % 7] ?? [];
  return ranges.map((range) => ({
    start: clock.instantShowing(day * DAY + range.start * MINUTE),
    end: clock.instantShowing(day * DAY + range.end * MINUTE),
  }));
}

/**
 * A time zone's offsets at each UTC midnight, remembered: the offset of a past or future instant never
 * changes, and a calendar asks for the same few hundred days again and again. Where the offsets a day before
 * and two days after a wall time agree, the clock did not change in between (the time-zone database has no
 * change undone within days), so the instant is plain arithmetic; otherwise `firstInstantShowing` decides.
 */
interface Offsets {
  steady(fromDay: number, toDay: number): boolean;
  instantShowing(wall: number): number;
}

const OFFSET_MEMORY = 50_000;
const offsetTables = new Map<string, { offsets: Map<number, number>; clock: Offsets }>();

function offsetsOf(timeZone: string): Offsets {
  const known = offsetTables.get(timeZone);
  if (known) return known.clock;
  const offsets = new Map<number, number>();
  const at = (day: number): number => {
    let offset = offsets.get(day);
    if (offset === undefined) {
      // Bounded memory: a long-running server forgets and learns again.
      if (offsets.size >= OFFSET_MEMORY) offsets.clear();
      offset = wallClockAt(day * DAY, timeZone) - day * DAY;
      offsets.set(day, offset);
    }
    return offset;
  };
  const clock: Offsets = {
    steady: (fromDay, toDay) => at(fromDay) === at(toDay),
    instantShowing(wall) {
      const day = Math.floor(wall / DAY);
      const before = at(day - 1);
      return before === at(day + 2) ? wall - before : firstInstantShowing(wall, timeZone);
    },
  };
  offsetTables.set(timeZone, { offsets, clock });
  return clock;
}

function scheduleOf(calendar: BusinessCalendar): Schedule {
  const parsed = parseCalendar(calendar);
  if (typeof parsed === 'string') throw new RangeError(`Invalid business calendar: ${parsed}`);
  return parsed;
}

function parseCalendar(calendar: BusinessCalendar): Schedule | string {
  if (!isTimeZone(calendar.timeZone)) {
    return `Unknown time zone "${calendar.timeZone}": use an IANA name such as "Europe/Rome".`;
  }
  const unknownDay = Object.keys(calendar.weekly).find((key) => !/^[0-6]$/.test(key));
  if (unknownDay !== undefined) return `"${unknownDay}" is not a weekday: use 0 (Sunday) to 6 (Saturday).`;
  const weekly: Schedule['weekly'] = [];
  for (const [weekday, dayName] of WEEKDAY_NAMES.entries()) {
    const day = parseDay(dayName, calendar.weekly[weekday as Weekday] ?? []);
    if (typeof day === 'string') return day;
    weekly.push(day);
  }
  if (weekly.every((day) => day.length === 0)) {
    return 'The calendar has no opening hours, so a clock counting business hours would never move.';
  }
  const badHoliday = calendar.holidays.find((date) => !isLocalDate(date));
  if (badHoliday !== undefined) return `Holiday "${badHoliday}" is not a date (YYYY-MM-DD).`;
  const weekMs = weekly.flat().reduce((sum, range) => sum + (range.end - range.start) * MINUTE, 0);
  const holidays = new Set(calendar.holidays.map((date) => Date.parse(`${date}T00:00:00Z`) / DAY));
  return { timeZone: calendar.timeZone, weekly, holidays, weekMs };
}

function parseDay(dayName: string, ranges: readonly OpeningRange[]): Schedule['weekly'][number] | string {
  const openings: { start: number; end: number; label: string }[] = [];
  for (const range of ranges) {
    const start = minutesOf(range.start);
    const end = minutesOf(range.end);
    const label = `${range.start}–${range.end}`;
    if (start === null || start === MINUTES_PER_DAY) {
      return `${dayName}: "${range.start}" is not a start time (HH:MM, 00:00 to 23:59).`;
    }
    if (end === null) return `${dayName}: "${range.end}" is not an end time (HH:MM, up to 24:00).`;
    if (end <= start) {
      return `${dayName} ${label}: the end must be after the start (split a range past midnight at 24:00).`;
    }
    openings.push({ start, end, label });
  }
  openings.sort((a, b) => a.start - b.start);
  let previous: (typeof openings)[number] | undefined;
  for (const opening of openings) {
    if (previous && opening.start < previous.end)
      return `${dayName}: ${previous.label} overlaps ${opening.label}.`;
    previous = opening;
  }
  return openings.map(({ start, end }) => ({ start, end }));
}

/** Minutes after midnight of 'HH:MM' (00:00 to 24:00), or null. */
function minutesOf(text: string): number | null {
  const match = /^(\d\d):(\d\d)$/.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  const total = hours * 60 + minutes;
  return minutes < 60 && total <= MINUTES_PER_DAY ? total : null;
}

function isLocalDate(text: string): boolean {
  const match = /^(\d{4})-(\d\d)-(\d\d)$/.exec(text);
  // Date.UTC rolls 30 February over to March, so a date that is not on the calendar does not round-trip.
  return (
    match !== null &&
    isoDate(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY) === text
  );
}

function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local date 'YYYY-MM-DD' of a day counted from 1 January 1970. */
function isoDate(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/**
 * The first instant at which the shop's clock shows `wall` or later. `wall` is a local date and time written
 * as milliseconds on a UTC clock, as `wallClockAt` returns.
 */
function firstInstantShowing(wall: number, timeZone: string): number {
  // The offsets in force a day before and a day after frame any change of offset near this local time.
  const offsetBefore = wallClockAt(wall - DAY, timeZone) - (wall - DAY);
  const offsetAfter = wallClockAt(wall + DAY, timeZone) - (wall + DAY);
  if (offsetBefore === offsetAfter) return wall - offsetBefore;
  const readings = [wall - offsetBefore, wall - offsetAfter].filter(
    (instant) => wallClockAt(instant, timeZone) === wall,
  );
  // Shown twice (autumn): the first time. Shown once: then.
  if (readings.length > 0) return Math.min(...readings);
  // Never shown (spring forward): search for the change, the first instant the clock reads past `wall`.
  let before = Math.min(wall - offsetBefore, wall - offsetAfter);
  let after = Math.max(wall - offsetBefore, wall - offsetAfter);
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (wallClockAt(middle, timeZone) < wall) before = middle;
    else after = middle;
  }
  return after;
}

/** The shop's wall clock at an instant, written as milliseconds on a UTC clock. */
function wallClockAt(instant: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  const wholeSeconds = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wholeSeconds + (((instant % 1000) + 1000) % 1000);
}

// Building a formatter is far slower than using one; calendars share a handful of time zones.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}
