import { useState } from 'react';
import { i18n } from '#i18n';
import { useSession } from '@/components/app/session';
import { useTeam } from '@/components/team/useTeam';
import type { BulkAction, BulkResult } from '@/lib/protocol';

/** Actions over the selected conversations: assign, close, tag, move to trash; each one's outcome told. */
export function BulkBar({
  selected,
  visibleCount,
  onSelectAll,
  onClear,
  onOutcome,
}: {
  selected: string[];
  visibleCount: number;
  onSelectAll: () => void;
  onClear: () => void;
  /** What happened, told after the bar may have gone with the selection. */
  onOutcome: (outcome: string) => void;
}) {
  const { api, session } = useSession();
  const team = useTeam();
  const [tag, setTag] = useState('');
  const [busy, setBusy] = useState(false);

  const run = async (action: BulkAction) => {
    setBusy(true);
    try {
      const { results } = await api.bulk({ conversationIds: selected, action });
      onOutcome(summary(results));
      if (results.every((r) => r.ok)) onClear();
    } catch (e) {
      onOutcome((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      className="bulk-bar"
      data-testid="bulk-bar"
      role="toolbar"
      aria-label={i18n.t('inboxTools.bulk.label')}
    >
      <span className="bulk-count" data-testid="bulk-count">
        {i18n.t('inboxTools.bulk.selected', selected.length, [selected.length])}
      </span>
      {selected.length < visibleCount && (
        <button type="button" className="link-button" data-testid="bulk-select-all" onClick={onSelectAll}>
          {i18n.t('inboxTools.bulk.selectAll', visibleCount, [visibleCount])}
        </button>
      )}
      <button type="button" className="link-button" onClick={onClear}>
        {i18n.t('inboxTools.bulk.clear')}
      </button>
      <select
        className="small"
        data-testid="bulk-assign"
        aria-label={i18n.t('inboxTools.bulk.assign')}
        value=""
        disabled={busy}
        onChange={(e) => {
          const value = e.target.value;
          if (value) void run({ type: 'assign', assigneeId: value === 'queue' ? null : value });
        }}
      >
        <option value="">{i18n.t('inboxTools.bulk.assign')}</option>
        <option value={session.member.id}>{i18n.t('inboxTools.bulk.toMe')}</option>
        {team
          ?.filter((m) => m.id !== session.member.id)
          .map((m) => (
            <option key={m.id} value={m.id}>
              {m.nickname}
            </option>
          ))}
        <option value="queue">{i18n.t('inboxTools.bulk.toQueue')}</option>
      </select>
      <button
        type="button"
        className="small secondary"
        data-testid="bulk-close"
        disabled={busy}
        onClick={() => void run({ type: 'close' })}
      >
        {i18n.t('inboxTools.bulk.close')}
      </button>
      <form
        className="bulk-tag"
        onSubmit={(e) => {
          e.preventDefault();
          const value = tag.trim();
          if (!value) return;
          setTag('');
          void run({ type: 'tag', add: [value], remove: [] });
        }}
      >
        <input
          type="text"
          data-testid="bulk-tag-input"
          aria-label={i18n.t('inboxTools.bulk.tagLabel')}
          placeholder={i18n.t('inboxTools.bulk.tagPlaceholder')}
          maxLength={40}
          value={tag}
          onChange={(e) => setTag(e.target.value)}
        />
        <button
          type="submit"
          className="small secondary"
          data-testid="bulk-tag"
          disabled={busy || !tag.trim()}
        >
          {i18n.t('inboxTools.bulk.tag')}
        </button>
      </form>
      <button
        type="button"
        className="small secondary danger"
        data-testid="bulk-trash"
        disabled={busy}
        onClick={() => void run({ type: 'trash' })}
      >
        {i18n.t('inboxTools.bulk.trash')}
      </button>
    </div>
  );
}

/** "4 done" or "3 done; 1 not: This conversation is assigned to another member". */
function summary(results: BulkResult['results']): string {
  const done = results.filter((r) => r.ok).length;
  const refused = results.filter((r) => !r.ok);
  if (refused.length === 0) return i18n.t('inboxTools.bulk.done', done, [done]);
  const reasons = [...new Set(refused.map((r) => r.error ?? ''))].join('; ');
  return i18n.t('inboxTools.bulk.partly', [done, refused.length, reasons]);
}
