import { workingTimeBetween, type BusinessCalendar, type Weekday } from './business-hours';

/** A member's own week (product §11), in the shape of a shop's calendar: their time zone, openings, days off. */
export interface MemberWorkingHours {
  timeZone: string;
  weekly: Partial<Record<'0' | '1' | '2' | '3' | '4' | '5' | '6', readonly { start: string; end: string }[]>>;
  holidays: readonly string[];
}

export function calendarOf(hours: MemberWorkingHours): BusinessCalendar {
  const weekly: BusinessCalendar['weekly'] = {};
  for (const [day, ranges] of Object.entries(hours.weekly)) weekly[Number(day) as Weekday] = ranges;
  return { timeZone: hours.timeZone, weekly, holidays: hours.holidays };
}

/**
 * Whether a member is within their working hours at `now`; without hours of their own, always. A calendar
 * that cannot be read (stored before a check existed) never keeps work from them.
 */
export function isWorkingAt(hours: MemberWorkingHours | null | undefined, now: Date): boolean {
  if (!hours) return true;
  try {
    return workingTimeBetween(now, new Date(now.getTime() + 1), calendarOf(hours)) > 0;
  } catch {
    return true;
  }
}
