import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { ApiClient } from '@/lib/client/api';
import type { StoredSession } from '@/lib/protocol';

interface SessionContextValue {
  session: StoredSession;
  api: ApiClient;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** The signed-in member and an API client with their token, for request/response data (react-query). */
export function SessionProvider({ session, children }: { session: StoredSession; children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { retry: 1, staleTime: 10_000, refetchOnWindowFocus: true } },
      }),
  );
  const value = useMemo(() => ({ session, api: new ApiClient(session.serverUrl, session.token) }), [session]);
  return (
    <SessionContext.Provider value={value}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </SessionContext.Provider>
  );
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession needs a SessionProvider above it');
  return value;
}
