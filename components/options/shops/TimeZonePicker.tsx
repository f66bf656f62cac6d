import { useId, useMemo, useState } from 'react';
import { Search } from 'lucide-react';
import { i18n } from '#i18n';
import { timeZones } from '@/lib/domain/shops';

/** "UTC+01:00" for a zone now, so two cities of one zone read the same. */
function offsetOf(timeZone: string): string {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName');
    return part?.value.replace('GMT', 'UTC') || 'UTC';
  } catch {
    return '';
  }
}

const searchable = (text: string) => text.toLowerCase().replace(/[_/]/g, ' ');

/**
 * The shop's IANA time zone: a search over every zone (by city or region, "new york" finds
 * America/New_York), each with its offset now; the list shows the best few matches.
 */
export function TimeZonePicker({
  value,
  onChange,
  invalid,
  describedBy,
}: {
  value: string;
  onChange(zone: string): void;
  invalid: boolean;
  describedBy?: string;
}) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const zones = useMemo(() => timeZones(), []);
  const matches = useMemo(() => {
    const words = searchable(query).split(/\s+/).filter(Boolean);
    return zones.filter((zone) => words.every((w) => searchable(zone).includes(w))).slice(0, 8);
  }, [query, zones]);
  const choose = (zone: string) => {
    onChange(zone);
    setQuery('');
    setOpen(false);
  };
  return (
    <div className="tz-picker">
      <div className="tz-current">
        <strong data-testid="shop-time-zone">{value || '—'}</strong>
        {value && <span className="muted"> · {offsetOf(value)}</span>}
      </div>
      <div className="tz-search">
        <Search size={14} aria-hidden />
        <input
          type="search"
          role="combobox"
          aria-expanded={open && matches.length > 0}
          aria-controls={`${id}-list`}
          aria-label={i18n.t('shops.basics.timeZoneSearch')}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          placeholder={i18n.t('shops.basics.timeZonePlaceholder')}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setOpen(true);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && matches[0]) {
              e.preventDefault();
              choose(matches[0]);
            }
            if (e.key === 'Escape') setOpen(false);
          }}
        />
      </div>
      {open && query && (
        <ul className="tz-list" role="listbox" id={`${id}-list`}>
          {matches.length === 0 && <li className="muted">{i18n.t('shops.basics.timeZoneNone')}</li>}
          {matches.map((zone) => (
            <li key={zone} role="option" aria-selected={zone === value}>
              <button type="button" onClick={() => choose(zone)}>
                <span>{zone.replaceAll('_', ' ')}</span>
                <span className="muted">{offsetOf(zone)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
