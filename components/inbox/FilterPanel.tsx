import { useState } from 'react';
import { i18n } from '#i18n';
import { isNarrowed } from '@/lib/domain/filters';
import { category as categories, channel as channels } from '@/lib/protocol';
import type { InboxFilter, SavedView, Shop } from '@/lib/protocol';

type ListKey = 'shopIds' | 'channels' | 'categories' | 'tags';

/** Narrows the list by shop, channel, category, tag and date, and names the result as a saved view. */
export function FilterPanel({
  filter,
  shops,
  tags,
  views,
  onChange,
  onSaveView,
  onSaveViews,
}: {
  filter: InboxFilter;
  shops: Shop[];
  tags: string[];
  views: SavedView[];
  onChange: (filter: InboxFilter) => void;
  onSaveView: (name: string) => Promise<void>;
  onSaveViews: (views: SavedView[]) => Promise<void>;
}) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const toggle = (key: ListKey, value: string, on: boolean) => {
    const current = (filter[key] as string[] | undefined) ?? [];
    const next = on ? [...current, value] : current.filter((v) => v !== value);
    onChange({ ...filter, [key]: next.length ? next : undefined });
  };
  const group = (key: ListKey, legend: string, options: { value: string; label: string }[]) =>
    options.length > 0 && (
      <fieldset className="filter-group">
        <legend>{legend}</legend>
        {options.map((o) => (
          <label key={o.value} className="check">
            <input
              type="checkbox"
              data-testid={`filter-${key}-${o.value}`}
              checked={((filter[key] as string[] | undefined) ?? []).includes(o.value)}
              onChange={(e) => toggle(key, o.value, e.target.checked)}
            />
            {o.label}
          </label>
        ))}
      </fieldset>
    );
  const move = (index: number, by: number) => {
    const next = [...views];
    const [moved] = next.splice(index, 1);
    next.splice(index + by, 0, moved!);
    void onSaveViews(next).catch((e: Error) => setError(e.message));
  };

  return (
    <div className="filter-panel" data-testid="filter-panel">
      {shops.length > 1 &&
        group(
          'shopIds',
          i18n.t('inboxTools.filters.shop'),
          shops.map((s) => ({ value: s.id, label: s.name })),
        )}
      {group(
        'channels',
        i18n.t('inboxTools.filters.channel'),
        channels.options.map((c) => ({ value: c, label: i18n.t(`inboxTools.channels.${c}`) })),
      )}
      {group(
        'categories',
        i18n.t('inboxTools.filters.category'),
        categories.options.map((c) => ({ value: c, label: i18n.t(`inboxTools.categories.${c}`) })),
      )}
      {group(
        'tags',
        i18n.t('inboxTools.filters.tag'),
        tags.map((t) => ({ value: t, label: `#${t}` })),
      )}
      <fieldset className="filter-group dates">
        <legend>{i18n.t('inboxTools.filters.dates')}</legend>
        <label>
          {i18n.t('inboxTools.filters.from')}
          <input
            type="date"
            data-testid="filter-from"
            value={filter.from ?? ''}
            max={filter.to}
            onChange={(e) => onChange({ ...filter, from: e.target.value || undefined })}
          />
        </label>
        <label>
          {i18n.t('inboxTools.filters.to')}
          <input
            type="date"
            data-testid="filter-to"
            value={filter.to ?? ''}
            min={filter.from}
            onChange={(e) => onChange({ ...filter, to: e.target.value || undefined })}
          />
        </label>
      </fieldset>
      <div className="filter-actions">
        <button
          type="button"
          className="small secondary"
          data-testid="filter-reset"
          disabled={!isNarrowed(filter)}
          onClick={() => onChange({ view: filter.view, agentId: filter.agentId, sort: filter.sort })}
        >
          {i18n.t('inboxTools.filters.reset')}
        </button>
      </div>
      <form
        className="save-view"
        onSubmit={(e) => {
          e.preventDefault();
          if (!name.trim()) return;
          onSaveView(name.trim()).then(
            () => {
              setName('');
              setError(null);
            },
            (err: Error) => setError(err.message),
          );
        }}
      >
        <input
          type="text"
          data-testid="save-view-name"
          aria-label={i18n.t('inboxTools.views.nameLabel')}
          placeholder={i18n.t('inboxTools.views.namePlaceholder')}
          maxLength={60}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="small" data-testid="save-view" disabled={!name.trim()}>
          {i18n.t('inboxTools.views.save')}
        </button>
      </form>
      {views.length > 0 && (
        <ul className="saved-views" aria-label={i18n.t('inboxTools.views.savedLabel')}>
          {views.map((v, i) => (
            <li key={v.id} data-testid="saved-view-row">
              <span>{v.name}</span>
              <button
                type="button"
                className="icon-button"
                data-testid="view-up"
                aria-label={i18n.t('inboxTools.views.moveUp', [v.name])}
                disabled={i === 0}
                onClick={() => move(i, -1)}
              >
                ↑
              </button>
              <button
                type="button"
                className="icon-button"
                data-testid="view-down"
                aria-label={i18n.t('inboxTools.views.moveDown', [v.name])}
                disabled={i === views.length - 1}
                onClick={() => move(i, 1)}
              >
                ↓
              </button>
              <button
                type="button"
                className="icon-button danger"
                data-testid="view-delete"
                aria-label={i18n.t('inboxTools.views.delete', [v.name])}
                onClick={() =>
                  void onSaveViews(views.filter((other) => other.id !== v.id)).catch((e: Error) =>
                    setError(e.message),
                  )
                }
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
