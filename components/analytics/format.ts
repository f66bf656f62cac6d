import { i18n } from '#i18n';
import { formatDuration } from '@/components/inbox/time';

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
