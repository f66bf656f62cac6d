import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef } from 'react';
import { useDb } from '@/components/app/db';
import { useSession } from '@/components/app/session';
import type { AnalyticsConversationsQuery, AnalyticsFilter, AnalyticsReportQuery } from '@/lib/protocol';

/** Figures are asked again at most this often while events keep arriving. */
const LIVE_EVERY_MS = 3_000;

export function useAnalyticsSummary(filter: AnalyticsFilter = {}) {
  const { api } = useSession();
  return useQuery({
    queryKey: ['analytics', 'summary', filter],
    queryFn: () => api.analyticsSummary(filter),
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
}

export function useAnalyticsReport(query: AnalyticsReportQuery) {
  const { api } = useSession();
  return useQuery({
    queryKey: ['analytics', 'report', query],
    queryFn: () => api.analyticsReport(query),
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}

export function useAnalyticsConversations(query: Omit<AnalyticsConversationsQuery, 'limit'> | null) {
  const { api } = useSession();
  return useQuery({
    queryKey: ['analytics', 'conversations', query],
    queryFn: () => api.analyticsConversations(query!),
    enabled: query !== null,
    staleTime: 60_000,
  });
}

/**
 * Figures follow the inbox live: every event the background applies moves the cache's sequence number,
 * and the figures are asked again (the server computes them; the browser never does).
 */
export function useLiveFigures(): void {
  const db = useDb();
  const client = useQueryClient();
  const seq = useLiveQuery(() => db.meta.get('lastSeq').then((e) => e?.value), [db]);
  const last = useRef<{ seq: unknown; at: number; timer: ReturnType<typeof setTimeout> | null }>({
    seq: undefined,
    at: 0,
    timer: null,
  });
  useEffect(() => {
    const state = last.current;
    if (seq === undefined || state.seq === seq) return;
    const first = state.seq === undefined;
    state.seq = seq;
    if (first || state.timer) return;
    const wait = Math.max(0, state.at + LIVE_EVERY_MS - Date.now());
    state.timer = setTimeout(() => {
      state.timer = null;
      state.at = Date.now();
      void client.invalidateQueries({ queryKey: ['analytics'] });
    }, wait);
  }, [seq, client]);
  useEffect(
    () => () => {
      if (last.current.timer) clearTimeout(last.current.timer);
    },
    [],
  );
}
