import { i18n } from '#i18n';
import { formatDuration } from '@/components/inbox/time';
import { ApiError } from '@/lib/client/api';

const percentFormat = () =>
  new Intl.NumberFormat(navigator.language, { style: 'percent', maximumFractionDigits: 0 });
let percents: Intl.NumberFormat | null = null;

/** "87 %" in the browser's language; "—" when nothing was counted. */
export function percent(rate: number | null): string {
  if (rate === null) return '—';
  percents ??= percentFormat();
  return percents.format(rate);
}

/** "3 h 12 min", "45 min", "under a minute"; "—" when there is none. */
export function duration(seconds: number | null): string {
  return seconds === null ? '—' : formatDuration(seconds * 1000);
}

export function count(n: number): string {
  return n.toLocaleString(navigator.language);
}

/** "12 of 15" under a rate, so a supervisor sees how much it rests on. */
export function outOf(part: number, whole: number): string {
  return i18n.t('analytics.outOf', [count(part), count(whole)]);
}

/** A chart axis's short time: "45 min" below two hours, then "5.5 h". */
export function axisDuration(seconds: number): string {
  const minutes = seconds / 60;
  if (minutes < 120) return i18n.t('duration.minutes', [Math.round(minutes)]);
  const hours = Math.round((minutes / 60) * 10) / 10;
  return i18n.t('duration.hours', [hours.toLocaleString(navigator.language)]);
}

/**
 * Why figures could not be shown, in the member's words (after "Could not load the figures:"): an unreachable
 * server says so in their language; a refusal or a failure is never the server's own English.
 */
export function figuresError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return error.message;
    if (error.status === 401) return i18n.t('figuresErrors.signedOut');
    if (error.status === 403) return i18n.t('figuresErrors.forbidden');
    return i18n.t('figuresErrors.failed', [error.status]);
  }
  return i18n.t('figuresErrors.failed', ['—']);
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
/**
 * A day of a report (an ISO date) in the browser's language: "9 nov" in Italian, "Nov 9" in English; `long`
 * adds the weekday. Read as a UTC date, so the day is the one the server counted, wherever the browser is.
 */
export function reportDay(isoDay: string, style: 'short' | 'long' = 'short'): string {
  let format = dayFormats.get(style);
  if (!format) {
    format = new Intl.DateTimeFormat(navigator.language, {
      day: 'numeric',
      month: 'short',
      ...(style === 'long' ? { weekday: 'short', year: 'numeric' } : {}),
      timeZone: 'UTC',
    });
    dayFormats.set(style, format);
  }
  return format.format(new Date(`${isoDay}T12:00:00Z`));
}

let startedFormat: Intl.DateTimeFormat | null = null;
/** When a conversation started, in the browser's language and order ("9 nov 2026, 15:04"). */
export function startedAt(iso: string): string {
  startedFormat ??= new Intl.DateTimeFormat(navigator.language, { dateStyle: 'medium', timeStyle: 'short' });
  return startedFormat.format(new Date(iso));
}
