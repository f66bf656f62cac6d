import { i18n } from '#i18n';

/** Dates and times follow the browser's language, like the texts. */
function uiLocale(): string {
  return navigator.language;
}

// Building a formatter costs far more than using one, and a chat shows hundreds of times: made once each.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${uiLocale()}|${JSON.stringify(options)}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(uiLocale(), options);
    formatters.set(key, made);
  }
  return made;
}

/** Short times for lists: "14:05" today, "Mon 14:05" this week, "12 Nov" before. */
export function shortTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  const sameDay = date.toDateString() === now.toDateString();
  if (sameDay) return formatter({ hour: '2-digit', minute: '2-digit' }).format(date);
  const days = (now.getTime() - date.getTime()) / 86_400_000;
  if (days < 6) return formatter({ weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(date);
  return formatter({ day: 'numeric', month: 'short' }).format(date);
}

/** A full date and time, as in "Snoozed until …". */
export function longDateTime(iso: string): string {
  return new Date(iso).toLocaleString(uiLocale());
}

/** "3 h 12 min", "45 min", "under a minute". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return i18n.t('duration.underAMinute');
  const hours = Math.floor(minutes / 60);
  return hours > 0
    ? i18n.t('duration.hoursMinutes', [hours, minutes % 60])
    : i18n.t('duration.minutes', [minutes]);
}
