// How long one conversation's deadlines take to compute (slaDeadlines: due soon, overdue, auto-close) under
// a shop's business-hours calendar: an office week, a week open one hour, a calendar with many holidays, and
// the one-minute week with a 720-hour overdue threshold that once stalled the server for seconds. Medians
// of repeated runs, in milliseconds.
import { performance } from 'node:perf_hooks';
import type { BusinessCalendar } from '../lib/domain/business-hours';
import { slaDeadlines, type SlaThresholds } from '../lib/domain/sla';
import type { BenchOutcome } from './run';

interface Case {
  name: string;
  calendar: BusinessCalendar;
  thresholds: SlaThresholds;
}

const weekdays = (start: string, end: string) =>
  Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, [{ start, end }]])) as BusinessCalendar['weekly'];

const everyDayOf = (year: number, month: number) =>
  Array.from(
    { length: new Date(Date.UTC(year, month, 0)).getUTCDate() },
    (_, i) => `${year}-${String(month).padStart(2, '0')}-${String(i + 1).padStart(2, '0')}`,
  );

const CASES: Case[] = [
  {
    name: 'office_week',
    calendar: { timeZone: 'Europe/Rome', weekly: weekdays('09:00', '18:00'), holidays: ['2026-12-25'] },
    thresholds: { dueSoonHours: 20, overdueHours: 24, autoCloseDays: 7 },
  },
  {
    name: 'one_hour_week',
    calendar: {
      timeZone: 'America/New_York',
      weekly: { 1: [{ start: '10:00', end: '11:00' }] },
      holidays: [],
    },
    thresholds: { dueSoonHours: 20, overdueHours: 24, autoCloseDays: 2 },
  },
  {
    name: 'closed_summers',
    calendar: {
      timeZone: 'Europe/Rome',
      weekly: weekdays('09:00', '18:00'),
      holidays: [
        ...everyDayOf(2026, 7),
        ...everyDayOf(2026, 8),
        ...everyDayOf(2027, 7),
        ...everyDayOf(2027, 8),
      ],
    },
    thresholds: { dueSoonHours: 200, overdueHours: 400, autoCloseDays: 30 },
  },
  {
    name: 'one_minute_week_720h',
    calendar: { timeZone: 'Europe/Rome', weekly: { 1: [{ start: '00:00', end: '00:01' }] }, holidays: [] },
    thresholds: { dueSoonHours: 700, overdueHours: 720, autoCloseDays: 30 },
  },
];

export async function run({ quick }: { quick: boolean }): Promise<BenchOutcome> {
  const rounds = quick ? 5 : 21;
  const since = '2026-06-15T10:00:00.000Z';
  const figures: Record<string, number> = {};
  const table: (string | number)[][] = [['calendar', 'median ms', 'max ms', 'overdue at']];
  for (const { name, calendar, thresholds } of CASES) {
    const times: number[] = [];
    let overdueAt = '';
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      const deadlines = slaDeadlines(
        { status: 'open', awaitingReplySince: since, trashedAt: null },
        thresholds,
        calendar,
      );
      times.push(performance.now() - started);
      overdueAt = deadlines.find((d) => d.kind === 'overdue')?.at.toISOString() ?? '';
    }
    times.sort((a, b) => a - b);
    const median = round(times[Math.floor(times.length / 2)]!);
    figures[`${name}.median_ms`] = median;
    table.push([name, median, round(times.at(-1)!), overdueAt]);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { figures, table };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
