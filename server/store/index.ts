import { mkdirSync } from 'node:fs';
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
  if ('dataDir' in config) {
    dataDir = path.resolve(config.dataDir, 'pglite');
    mkdirSync(dataDir, { recursive: true });
  }
  const loadDataDir = 'loadDataDir' in config ? config.loadDataDir : undefined;
  const client = await PGlite.create({ dataDir, ...(loadDataDir ? { loadDataDir } : {}) });
  const db = drizzle({ client, schema });
  await migrate(db, { migrationsFolder });
  return { db: db as unknown as Db, kind: 'pglite', close: () => client.close() };
}

export { schema };
