import { useState } from 'react';
import { CalendarX, Copy, Plus, X } from 'lucide-react';
import { i18n } from '#i18n';

export type WeekDraft = Record<string, { start: string; end: string }[]>;

/** Monday first, as shops plan their week; keys are 0 (Sunday) to 6 (Saturday). */
const WEEK_ORDER = ['1', '2', '3', '4', '5', '6', '0'];

function dayName(key: string): string {
  // 4 January 1970 was a Sunday.
  const date = new Date(Date.UTC(1970, 0, 4 + Number(key)));
  return new Intl.DateTimeFormat(i18n.t('app.htmlLang'), { weekday: 'long', timeZone: 'UTC' }).format(date);
}

function dateLabel(iso: string): string {
  return new Intl.DateTimeFormat(i18n.t('app.htmlLang'), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${iso}T00:00:00Z`));
}

/** A time input shows midnight as 00:00; as an end it means the end of the day, 24:00. */
const toInput = (time: string) => (time === '24:00' ? '00:00' : time);
const fromEnd = (time: string) => (time === '00:00' ? '24:00' : time);

/**
 * The shop's week: several openings a day, a day without any is closed, Monday copied to the weekdays in
 * one click; and the holidays, closed all day, as dates.
 */
export function WorkingHoursEditor({
  week,
  holidays,
  onWeek,
  onHolidays,
}: {
  week: WeekDraft;
  holidays: string[];
  onWeek(week: WeekDraft): void;
  onHolidays(holidays: string[]): void;
}) {
  const [holiday, setHoliday] = useState('');
  const setDay = (key: string, ranges: { start: string; end: string }[]) =>
    onWeek({ ...week, [key]: ranges });
  const addRange = (key: string) => {
    const ranges = week[key] ?? [];
    const last = ranges.at(-1);
    // After the last opening, or office hours on an empty day.
    const next = last
      ? { start: last.end === '24:00' ? '23:00' : last.end, end: '24:00' }
      : { start: '09:00', end: '18:00' };
    setDay(key, [...ranges, next]);
  };
  const copyMonday = () => {
    const monday = week['1'] ?? [];
    onWeek({
      ...week,
      ...Object.fromEntries(['2', '3', '4', '5'].map((d) => [d, monday.map((r) => ({ ...r }))])),
    });
  };
  return (
    <>
      <div className="week-grid">
        {WEEK_ORDER.map((key) => {
          const ranges = week[key] ?? [];
          return (
            <div className="week-day" key={key} data-testid={`week-day-${key}`}>
              <div className="week-day-head">
                <strong>{dayName(key)}</strong>
                {ranges.length === 0 && <span className="muted">{i18n.t('shops.hours.closed')}</span>}
                <button
                  type="button"
                  className="link-button"
                  aria-label={i18n.t('shops.hours.addRangeTo', [dayName(key)])}
                  onClick={() => addRange(key)}
                >
                  <Plus size={13} aria-hidden /> {i18n.t('shops.hours.addRange')}
                </button>
              </div>
              {ranges.map((range, index) => (
                <div className="week-range" key={index}>
                  <input
                    type="time"
                    aria-label={i18n.t('shops.hours.opens', [dayName(key), index + 1])}
                    value={toInput(range.start)}
                    onChange={(e) =>
                      setDay(
                        key,
                        ranges.map((r, i) => (i === index ? { ...r, start: e.target.value } : r)),
                      )
                    }
                  />
                  <span aria-hidden>–</span>
                  <input
                    type="time"
                    aria-label={i18n.t('shops.hours.closes', [dayName(key), index + 1])}
                    value={toInput(range.end)}
                    onChange={(e) =>
                      setDay(
                        key,
                        ranges.map((r, i) => (i === index ? { ...r, end: fromEnd(e.target.value) } : r)),
                      )
                    }
                  />
                  <button
                    type="button"
                    className="icon-button"
                    title={i18n.t('shops.hours.removeRange')}
                    aria-label={i18n.t('shops.hours.removeRangeOf', [dayName(key), index + 1])}
                    onClick={() =>
                      setDay(
                        key,
                        ranges.filter((_, i) => i !== index),
                      )
                    }
                  >
                    <X size={14} aria-hidden />
                  </button>
                </div>
              ))}
            </div>
          );
        })}
      </div>
      <button type="button" className="secondary small" onClick={copyMonday}>
        <Copy size={13} aria-hidden /> {i18n.t('shops.hours.copyMonday')}
      </button>

      <h4>{i18n.t('shops.hours.holidays')}</h4>
      {holidays.length === 0 ? (
        <p className="muted">{i18n.t('shops.hours.noHolidays')}</p>
      ) : (
        <ul className="holiday-list" data-testid="holidays">
          {[...holidays].sort().map((date) => (
            <li key={date}>
              <CalendarX size={14} aria-hidden />
              <span>{dateLabel(date)}</span>
              <button
                type="button"
                className="icon-button"
                aria-label={i18n.t('shops.hours.removeHoliday', [dateLabel(date)])}
                onClick={() => onHolidays(holidays.filter((d) => d !== date))}
              >
                <X size={14} aria-hidden />
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="inline-form">
        <input
          type="date"
          aria-label={i18n.t('shops.hours.holidayDate')}
          value={holiday}
          onChange={(e) => setHoliday(e.target.value)}
        />
        <button
          type="button"
          className="secondary small"
          disabled={!holiday}
          onClick={() => {
            if (holiday && !holidays.includes(holiday)) onHolidays([...holidays, holiday]);
            setHoliday('');
          }}
        >
          <Plus size={13} aria-hidden /> {i18n.t('shops.hours.addHoliday')}
        </button>
      </div>
    </>
  );
}
