import { createContext, useContext, type ReactNode } from 'react';
import type { SidedeskDb } from '@/lib/client/db';

const DbContext = createContext<SidedeskDb | null>(null);

export function DbProvider({ db, children }: { db: SidedeskDb; children: ReactNode }) {
  return <DbContext.Provider value={db}>{children}</DbContext.Provider>;
}

/** The extension's inbox cache; pages only read it, the background writes it. */
export function useDb(): SidedeskDb {
  const db = useContext(DbContext);
  if (!db) throw new Error('useDb needs a DbProvider above it');
  return db;
}
