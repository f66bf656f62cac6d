import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { Pool } from 'pg';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or a transaction on it: repositories accept both. */
export type Executor = Db | Tx;

export interface Store {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The PostgreSQL connection string and pool, when there is one. */
  url?: string;
  pool?: Pool;
  close(): Promise<void>;
}

export type StoreConfig =
  | { databaseUrl: string }
  | { dataDir: string }
  /** `loadDataDir`: start from a dump of another embedded store (`dumpDataDir`), e.g. one already migrated. */
  | { inMemory: true; loadDataDir?: Blob };

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** PostgreSQL when a URL is given, else the embedded PGlite in the data folder; migrations applied. */
export async function openStore(config: StoreConfig): Promise<Store> {
  if ('databaseUrl' in config) {
    const { Pool } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const pool = new Pool({ connectionString: config.databaseUrl, max: 10 });
    // An idle connection the database drops (restart, failover) is replaced by the pool; unheard, it would crash us.
    pool.on('error', (error) => console.warn(`PostgreSQL dropped an idle connection: ${error.message}`));
    const db = drizzle({ client: pool, schema });
    // Instances starting together migrate one after another: the lock is held on a session of its own.
    const lock = await pool.connect();
    try {
      await lock.query(`select pg_advisory_lock(hashtext('sidedesk:migrations'))`);
      await migrate(db, { migrationsFolder });
    } finally {
      await lock.query(`select pg_advisory_unlock(hashtext('sidedesk:migrations'))`).catch(() => {});
      lock.release();
    }
    return {
      db: db as unknown as Db,
      kind: 'postgres',
      url: config.databaseUrl,
      pool,
      close: () => pool.end(),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  let dataDir: string | undefined;
  let unlock = () => {};
  if ('dataDir' in config) {
    dataDir = path.resolve(config.dataDir, 'pglite');
    mkdirSync(dataDir, { recursive: true });
    unlock = lockDataDir(dataDir);
  }
  try {
    const loadDataDir = 'loadDataDir' in config ? config.loadDataDir : undefined;
    const client = await PGlite.create({ dataDir, ...(loadDataDir ? { loadDataDir } : {}) });
    const db = drizzle({ client, schema });
    await migrate(db, { migrationsFolder });
    return {
      db: db as unknown as Db,
      kind: 'pglite',
      close: async () => {
        await client.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

/**
 * The embedded store is one process's alone (two would corrupt it): a lock file with the holder's pid, taken
 * over when that process is gone. A second server or the admin command on the same folder is told why.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = path.join(dataDir, '..', 'pglite.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockFile, 'utf8'));
      if (holder && holder !== process.pid && isRunning(holder))
        throw new StoreInUseError(
          `The data folder ${path.dirname(lockFile)} is in use by another Sidedesk process (pid ${holder}); ` +
            'stop it first, or use PostgreSQL (DATABASE_URL) to run several processes on one store',
        );
      rmSync(lockFile, { force: true });
    }
  }
  throw new StoreInUseError(`Could not lock the data folder ${path.dirname(lockFile)}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class StoreInUseError extends Error {}

export { schema };
