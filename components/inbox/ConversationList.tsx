import { useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { i18n } from '#i18n';
import { isTypingTarget } from '@/components/app/ChatShortcuts';
import { useSession } from '@/components/app/session';
import { useNow } from '@/components/app/useNow';
import { AssignDialog } from '@/components/chat/AssignDialog';
import { memberWithRole } from '@/components/team/roleName';
import { useTeam } from '@/components/team/useTeam';
import type { Bucket } from '@/lib/domain/buckets';
import { isNarrowed } from '@/lib/domain/filters';
import { seesAllConversations } from '@/lib/domain/visibility';
import { viewsFor, type InboxView } from '@/lib/domain/views';
import type { Conversation, InboxFilter, Member, Shop } from '@/lib/protocol';
import { BulkBar } from './BulkBar';
import { ConversationRow } from './ConversationRow';
import { FilterPanel } from './FilterPanel';
import { useConversations } from './useConversations';
import { useSavedViews } from './useSavedViews';

/** The chips, in their order; the queue holds only open chats, so it has no Snoozed or Closed chip. */
const SHOWN_BUCKETS: Bucket[] = [
  'unread',
  'unreplied',
  'due_soon',
  'overdue',
  'starred',
  'snoozed',
  'closed',
];

const emptyNarrowing: Partial<InboxFilter> = {
  shopIds: undefined,
  channels: undefined,
  categories: undefined,
  tags: undefined,
  from: undefined,
  to: undefined,
};

export interface OpenOptions {
  /** Put the caret in the reply box once the chat shows. */
  reply?: boolean;
}

/**
 * The inbox: views, buckets, search, filters, sorting and bulk actions over a virtualized list, driven by
 * mouse or keyboard (j/k or arrows, Enter, r, x, /, ?).
 */
export function ConversationList({
  member,
  shops,
  active,
  shown,
  onOpen,
  onShowKeys,
}: {
  member: Member;
  shops: Shop[];
  /** Keys move through the list only while it is in front. */
  active: boolean;
  /** False while a chat covers the list. */
  shown: boolean;
  onOpen: (conversationId: string, options?: OpenOptions) => void;
  onShowKeys: () => void;
}) {
  const { api } = useSession();
  const team = useTeam();
  const saved = useSavedViews();
  const [filter, setFilter] = useState<InboxFilter>({ view: 'mine', sort: 'latest' });
  const [savedViewId, setSavedViewId] = useState<string | null>(null);
  const [bucket, setBucket] = useState<Bucket | null>(null);
  const [query, setQuery] = useState('');
  const [showFilters, setShowFilters] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [focus, setFocus] = useState(0);
  const [bulkOutcome, setBulkOutcome] = useState<string | null>(null);
  const now = useNow(30_000);
  const lists = useConversations(member, filter, bucket, query, shops, now, !shown);
  const rows = useMemo(() => lists?.rows ?? [], [lists]);
  const shopName = useMemo(() => new Map(shops.map((s) => [s.id, s.name])), [shops]);
  const searchRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  // The panel does not use the React Compiler, so the virtualizer's unmemoizable functions are fine here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    // A row of one line of meta (most rows, at any width): rows measured as estimated render once.
    estimateSize: () => 66,
    overscan: 8,
    // The first rows render with the first commit rather than after the list has been measured.
    initialRect: { width: 0, height: window.innerHeight },
    // Hidden behind a chat the rows measure nothing; measuring then would shift the list on the way back.
    enabled: shown,
  });

  // The server's search adds what the cache cannot: word stems, and order ids.
  const [serverQuery, setServerQuery] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setServerQuery(query.trim().length >= 2 ? query.trim() : ''), 300);
    return () => clearTimeout(timer);
  }, [query]);
  const serverHits = useQuery({
    queryKey: ['search', api.baseUrl, serverQuery],
    queryFn: () => api.search(serverQuery),
    enabled: serverQuery !== '',
    staleTime: 30_000,
  });
  const localIds = useMemo(() => new Set(rows.map((r) => r.conversation.id)), [rows]);
  // Only the hits of what the search box holds now, beyond what the list shows.
  const current = query.trim();
  const moreHits = (serverQuery && serverQuery === current ? (serverHits.data ?? []) : []).filter(
    (h) => !localIds.has(h.conversation.id),
  );
  // The server is still to answer this search: an empty list is not yet "nothing matches".
  const searchingServer =
    current.length >= 2 && (serverQuery !== current || serverHits.isFetching) && !serverHits.isError;

  const focusedIndex = Math.min(focus, Math.max(0, rows.length - 1));
  const pick = (filterChange: Partial<InboxFilter>, viewId: string | null = null) => {
    setFilter((f) => ({ ...f, ...filterChange }));
    setSavedViewId(viewId);
    setBucket(null);
    setSelected(new Set());
    setFocus(0);
    // A view starts at its top, where its newest (or longest waiting) conversation is.
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  };

  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (document.querySelector('dialog[open]')) return;
      if (isTypingTarget(event.target)) {
        if (event.key === 'Escape' && event.target === searchRef.current) {
          setQuery('');
          searchRef.current?.blur();
        }
        return;
      }
      const move = (to: number) => {
        const index = Math.max(0, Math.min(rows.length - 1, to));
        setFocus(index);
        virtualizer.scrollToIndex(index, { align: 'auto' });
      };
      const current = rows[focusedIndex]?.conversation.id;
      switch (event.key) {
        case 'j':
        case 'ArrowDown':
          move(focusedIndex + 1);
          break;
        case 'k':
        case 'ArrowUp':
          move(focusedIndex - 1);
          break;
        case 'Enter':
          if (current) onOpen(current);
          break;
        case 'r':
          if (current) onOpen(current, { reply: true });
          break;
        case 'x':
          if (current)
            setSelected((s) => {
              const next = new Set(s);
              if (next.has(current)) next.delete(current);
              else next.add(current);
              return next;
            });
          break;
        case '/':
          searchRef.current?.focus();
          break;
        case '?':
          onShowKeys();
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, rows, focusedIndex, onOpen, onShowKeys, virtualizer]);

  const builtIn = viewsFor(member.role);
  const viewLabel =
    filter.view === 'agent'
      ? i18n.t('inboxTools.views.agent', [team?.find((m) => m.id === filter.agentId)?.nickname ?? ''])
      : i18n.t(`inbox.views.${filter.view}`);
  const serverResultsTitle =
    rows.length === 0 ? i18n.t('inboxTools.searchOnServer.foundThere') : i18n.t('inboxTools.search.more');
  const activeFilters =
    (filter.shopIds?.length ?? 0) +
    (filter.channels?.length ?? 0) +
    (filter.categories?.length ?? 0) +
    (filter.tags?.length ?? 0) +
    (filter.from ? 1 : 0) +
    (filter.to ? 1 : 0);

  return (
    <div className="inbox">
      <nav className="view-tabs" role="tablist" aria-label={i18n.t('inbox.viewsLabel')}>
        {builtIn.map((v) => (
          <button
            key={v}
            type="button"
            role="tab"
            aria-selected={filter.view === v && savedViewId === null}
            data-testid={`view-${v}`}
            className={filter.view === v && savedViewId === null ? 'active' : ''}
            onClick={() =>
              // Leaving a saved view leaves its filter too; filters set by hand stay while switching views.
              savedViewId === null
                ? pick({ view: v, agentId: undefined }, null)
                : pick({ ...emptyNarrowing, view: v, agentId: undefined }, null)
            }
          >
            {i18n.t(`inbox.views.${v}`)} <span className="count">{lists?.views?.[v as InboxView] ?? ''}</span>
          </button>
        ))}
      </nav>
      <div className="inbox-toolbar">
        <input
          ref={searchRef}
          type="search"
          className="search-input"
          data-testid="search-input"
          aria-label={i18n.t('inboxTools.search.label')}
          placeholder={i18n.t('inboxTools.search.placeholder')}
          value={query}
          maxLength={200}
          onChange={(e) => {
            setQuery(e.target.value);
            setFocus(0);
          }}
        />
        <select
          className="small"
          data-testid="view-select"
          aria-label={i18n.t('inboxTools.views.more')}
          value={
            savedViewId ? `saved:${savedViewId}` : filter.view === 'agent' ? `agent:${filter.agentId}` : ''
          }
          onChange={(e) => {
            const [kind, id] = e.target.value.split(':');
            if (kind === 'saved') {
              const view = saved.views.find((v) => v.id === id);
              if (view) {
                setFilter(view.filter);
                setSavedViewId(view.id);
                setBucket(null);
                setSelected(new Set());
              }
            } else if (kind === 'agent') pick({ view: 'agent', agentId: id }, null);
            else pick({ view: 'mine', agentId: undefined }, null);
          }}
        >
          <option value="">{i18n.t('inboxTools.views.more')}</option>
          {saved.views.length > 0 && (
            <optgroup label={i18n.t('inboxTools.views.savedLabel')}>
              {saved.views.map((v) => (
                <option key={v.id} value={`saved:${v.id}`}>
                  {v.name}
                </option>
              ))}
            </optgroup>
          )}
          {seesAllConversations(member.role) && team && (
            <optgroup label={i18n.t('inboxTools.views.perAgent')}>
              {team.map((m) => (
                <option key={m.id} value={`agent:${m.id}`}>
                  {memberWithRole(m)}
                </option>
              ))}
            </optgroup>
          )}
        </select>
        <select
          className="small"
          data-testid="sort-select"
          aria-label={i18n.t('inboxTools.sort.label')}
          value={filter.sort}
          onChange={(e) => setFilter((f) => ({ ...f, sort: e.target.value as InboxFilter['sort'] }))}
        >
          <option value="latest">{i18n.t('inboxTools.sort.latest')}</option>
          <option value="waiting">{i18n.t('inboxTools.sort.waiting')}</option>
        </select>
        <button
          type="button"
          className={`small secondary${isNarrowed(filter) ? ' active' : ''}`}
          data-testid="filter-toggle"
          aria-expanded={showFilters}
          onClick={() => setShowFilters((s) => !s)}
        >
          {activeFilters > 0
            ? i18n.t('inboxTools.filters.buttonActive', [activeFilters])
            : i18n.t('inboxTools.filters.button')}
        </button>
      </div>
      {showFilters && lists && (
        <FilterPanel
          filter={filter}
          shops={shops}
          tags={lists.tags}
          views={saved.views}
          onChange={(f) => {
            setFilter(f);
            setSavedViewId(null);
            setFocus(0);
          }}
          onSaveView={async (name) => {
            const view = { id: crypto.randomUUID(), name, filter };
            await saved.save([...saved.views, view]);
            setSavedViewId(view.id);
          }}
          onSaveViews={async (views) => {
            await saved.save(views);
            if (savedViewId && !views.some((v) => v.id === savedViewId)) setSavedViewId(null);
          }}
        />
      )}
      {filter.view !== 'trash' && lists && (
        <div className="bucket-bar" role="group" aria-label={i18n.t('inbox.bucketsLabel')}>
          {[
            ...SHOWN_BUCKETS.filter(
              (b) => filter.view !== 'unassigned' || (b !== 'snoozed' && b !== 'closed'),
            ),
            // Blocked customers' chats show only under their own chip, and the chip only while there are some.
            ...(lists.buckets?.blocked || bucket === 'blocked' ? (['blocked'] as const) : []),
          ].map((b) => (
            <button
              key={b}
              type="button"
              data-testid={`bucket-${b}`}
              aria-pressed={bucket === b}
              className={`bucket bucket-${b}${bucket === b ? ' active' : ''}`}
              onClick={() => {
                setBucket(bucket === b ? null : b);
                setFocus(0);
              }}
            >
              {i18n.t(`buckets.${b}`)} <span className="count">{lists.buckets?.[b] ?? ''}</span>
            </button>
          ))}
        </div>
      )}
      {selected.size > 0 && (
        <BulkBar
          selected={[...selected]}
          visibleCount={rows.length}
          onSelectAll={() => setSelected(new Set(rows.map((r) => r.conversation.id)))}
          onClear={() => setSelected(new Set())}
          onOutcome={setBulkOutcome}
        />
      )}
      {bulkOutcome && (
        <p className="bulk-outcome">
          <span role="status" data-testid="bulk-result">
            {bulkOutcome}
          </span>{' '}
          <button type="button" className="link-button" onClick={() => setBulkOutcome(null)}>
            {i18n.t('inboxTools.bulk.dismiss')}
          </button>
        </p>
      )}
      {/* The scroll container stays mounted, so the virtualizer keeps measuring the same element. */}
      <div className="conversation-scroll" ref={scrollRef} data-testid="conversation-list">
        {lists === undefined ? (
          <div className="loading" aria-busy="true" />
        ) : rows.length === 0 ? (
          // The server's hits below say what was found when the list has none.
          moreHits.length === 0 && (
            <p className="empty" data-testid="list-empty">
              {searchingServer
                ? i18n.t('inboxTools.searchOnServer.searching')
                : query || isNarrowed(filter) || bucket
                  ? i18n.t('inboxTools.empty')
                  : filter.view === 'agent'
                    ? i18n.t('inboxTools.emptyAgent')
                    : i18n.t(`inbox.empty.${filter.view}`)}
            </p>
          )
        ) : (
          <ul
            className="conversation-list"
            aria-label={viewLabel}
            // The first screen shows before the rest of the cache is read.
            aria-busy={lists.complete ? undefined : true}
            style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
          >
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index]!;
              const c = row.conversation;
              return (
                <li
                  key={c.id}
                  className="conversation-row"
                  data-index={item.index}
                  // Only a window of the rows is in the DOM: each says where it stands in the whole list.
                  aria-setsize={rows.length}
                  aria-posinset={item.index + 1}
                  ref={virtualizer.measureElement}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    transform: `translateY(${item.start}px)`,
                  }}
                >
                  <ConversationRow
                    row={row}
                    shopName={shopName.get(c.shopId) ?? ''}
                    focused={item.index === focusedIndex}
                    selected={selected.has(c.id)}
                    onOpen={() => {
                      setFocus(item.index);
                      onOpen(c.id);
                    }}
                    onSelect={(on) =>
                      setSelected((s) => {
                        const next = new Set(s);
                        if (on) next.add(c.id);
                        else next.delete(c.id);
                        return next;
                      })
                    }
                  />
                  {filter.view === 'unassigned' && c.assigneeId === null && c.status === 'open' && (
                    <QueueActions conversation={c} />
                  )}
                </li>
              );
            })}
          </ul>
        )}
        {moreHits.length > 0 && (
          <section className="server-results" data-testid="server-results" aria-label={serverResultsTitle}>
            <h3>{serverResultsTitle}</h3>
            <ul>
              {moreHits.map((hit) => (
                <li key={hit.conversation.id}>
                  <button
                    type="button"
                    className="server-hit"
                    data-testid="server-hit"
                    onClick={() => onOpen(hit.conversation.id)}
                  >
                    <strong>{hit.conversation.customerName}</strong>
                    <span className="muted"> · {i18n.t(`inboxTools.search.matchedOn.${hit.matchedOn}`)}</span>
                    <span className="preview">{hit.snippet ?? hit.conversation.lastMessagePreview}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </div>
  );
}

/** "Assign to me" and "Assign to…" beside a queued conversation. */
function QueueActions({ conversation }: { conversation: Conversation }) {
  const { api, session } = useSession();
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="row-actions">
      <button
        type="button"
        className="small"
        data-testid="assign-to-me"
        onClick={() =>
          api.assign(conversation.id, { assigneeId: session.member.id }).then(
            () => setError(null),
            (e: Error) => setError(e.message),
          )
        }
      >
        {i18n.t('chat.actions.assignToMe')}
      </button>
      <button
        type="button"
        className="small secondary"
        data-testid="assign-to"
        onClick={() => setPicking(true)}
      >
        {i18n.t('chat.actions.assignTo')}
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
      {picking && (
        <AssignDialog conversation={conversation} mode="assign" onClose={() => setPicking(false)} />
      )}
    </div>
  );
}
