import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useDb } from '@/components/app/db';
import type { Bucket } from '@/lib/domain/buckets';
import { searchTerms } from '@/lib/domain/search';
import type { Viewer } from '@/lib/domain/visibility';
import type { InboxFilter, Shop } from '@/lib/protocol';
import {
  listInbox,
  readCache,
  readFirstScreen,
  readMessageHits,
  type InboxCache,
  type InboxLists,
  type MessageHits,
} from './inboxLists';

export type { ConversationRow, InboxLists } from './inboxLists';

/**
 * The conversations of a filtered view (and bucket, and search, when given) in the filter's order, with the
 * size of every view and bucket; live from the cache, and recomputed as `now` moves. Search here is the
 * instant one, over what is synced: customer name, preview, tags and every cached message.
 *
 * The default view (newest first) draws first from the few conversations its screen shows, read through an
 * index; the whole cache is read after that screen is painted, and then counts, buckets, tags, filters and
 * search work on all of it. A filter, a search or a bucket only recomputes: the cache stays read.
 */
export function useConversations(
  viewer: Viewer,
  filter: InboxFilter,
  bucket: Bucket | null,
  query: string,
  shops: Shop[],
  now: Date,
  /** While a chat covers the list, it keeps its last lists and reads nothing, so it watches nothing. */
  paused = false,
): InboxLists | undefined {
  const db = useDb();

  // The whole cache, once the first screen is up; live.
  const [readAll, setReadAll] = useState(false);
  const lastCache = useRef<InboxCache | undefined>(undefined);
  const cache = useLiveQuery(async () => {
    if (!readAll) return undefined;
    if (paused && lastCache.current) return lastCache.current;
    lastCache.current = await readCache(db, viewer.id);
    return lastCache.current;
  }, [db, viewer.id, readAll, paused]);

  // The first screen, until the whole cache is read: read once, started as the list renders (not after it
  // commits), and null when the view cannot be drawn from a few rows. It is shown for the moment the whole
  // cache takes, which is read after it and holds whatever changed meanwhile.
  const wantsFirst = cache === undefined && bucket === null && query.trim() === '';
  const firstRead = useMemo(
    () => (wantsFirst ? readFirstScreen(db, viewer, filter).catch(() => null) : null),
    [db, viewer, filter, wantsFirst],
  );
  const [first, setFirst] = useState<InboxCache | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void firstRead?.then((read) => live && setFirst(read));
    return () => {
      live = false;
    };
  }, [firstRead]);
  useEffect(() => {
    if (readAll || (first === undefined && firstRead !== null)) return;
    // After the first screen's frame is painted (or at once when there is none to paint).
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setReadAll(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [readAll, first, firstRead]);

  // Message matches of the search, read once per change: conversation id → the first matching snippet.
  const lastHits = useRef<MessageHits | undefined>(undefined);
  const hits = useLiveQuery(async () => {
    if (searchTerms(query).length === 0) return undefined;
    if (paused && lastHits.current) return lastHits.current;
    lastHits.current = await readMessageHits(db, query);
    return lastHits.current;
  }, [db, query, paused]);

  const fresh = useMemo(() => {
    // Hidden behind a chat, the list keeps what it showed.
    if (paused) return undefined;
    const source = cache ?? (wantsFirst ? first : undefined) ?? undefined;
    if (source === undefined) return undefined;
    const terms = searchTerms(query);
    // Until the messages matching this search are read, the lists of the last search stay.
    if (terms.length > 0 && hits?.query !== query) return undefined;
    return listInbox(source, {
      viewer,
      filter,
      bucket,
      terms,
      messageHits: hits?.snippets ?? new Map(),
      shops,
      now,
    });
  }, [cache, first, wantsFirst, hits, viewer, filter, bucket, query, shops, now, paused]);
  // The last lists computed, shown while new ones cannot be (hidden, or a search still reading messages).
  const [shown, setShown] = useState<InboxLists | undefined>(undefined);
  if (fresh !== undefined && fresh !== shown) setShown(fresh);
  return fresh ?? shown;
}
