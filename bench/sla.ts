// The SLA clock under a realistic store: N open conversations with deadlines spread over a week, plus a
// dense window of at least 10,000 deadlines a few seconds ahead. Reports the lag from each deadline to its
// transition, the server's CPU while nothing is due, and rows read per transition; beside it, the same
// deadlines under a scan-every-5-minutes baseline (what Chatwoot and Zammad do).
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { startServer } from '../server/app';
import { loadConfig } from '../server/config';
import { openStore, type Store } from '../server/store';
import type { BenchOutcome } from './run';
import { createDatabase, dropDatabase } from './database';

const SCAN_PERIOD_MS = 5 * 60_000;
const WEEK_MS = 7 * 24 * 3_600_000;

type Setup = 'postgres' | 'pglite';

interface SetupResult {
  setup: Setup;
  total: number;
  fired: number;
  lagP50: number;
  lagP99: number;
  lagMax: number;
  idlePct: number;
  rowsPerTransition: number;
  baseline: Awaited<ReturnType<typeof scanBaseline>>;
}

/** PostgreSQL at a million conversations, PGlite (the embedded default) at a hundred thousand. */
export async function run({ quick }: { quick: boolean }): Promise<BenchOutcome> {
  const setups = (process.env.BENCH_SETUPS ?? 'postgres,pglite').split(',') as Setup[];
  const dense = Number(process.env.BENCH_WINDOW ?? (quick ? 2_000 : 12_000));
  const results: SetupResult[] = [];
  for (const setup of setups) {
    const fallback = setup === 'postgres' ? 1_000_000 : 100_000;
    const total = Number(process.env.BENCH_CONVERSATIONS ?? (quick ? fallback / 10 : fallback));
    results.push(await runSetup(setup, total, dense));
  }
  const figures: Record<string, number> = {};
  for (const r of results) {
    // PostgreSQL's figures carry the plain names; PGlite's are prefixed.
    const prefix = r.setup === 'postgres' ? '' : `${r.setup}.`;
    Object.assign(figures, {
      [`${prefix}lag_p50_ms`]: round(r.lagP50),
      [`${prefix}lag_p99_ms`]: round(r.lagP99),
      [`${prefix}lag_max_ms`]: round(r.lagMax),
      [`${prefix}idle_cpu_pct`]: round(r.idlePct),
      [`${prefix}rows_per_transition`]: round(r.rowsPerTransition),
      [`${prefix}baseline.lag_p99_ms`]: round(r.baseline.lagP99),
      [`${prefix}baseline.rows_per_transition`]: round(r.baseline.rowsPerTransition),
      [`${prefix}transitions`]: r.fired,
    });
  }
  const name = (r: SetupResult) =>
    `${r.setup === 'postgres' ? 'PostgreSQL' : 'PGlite'}, ${r.total.toLocaleString('en')} open`;
  return {
    figures,
    table: [
      [
        'setup',
        'clock',
        'transitions',
        'lag p50 ms',
        'lag p99 ms',
        'lag max ms',
        'rows / transition',
        'idle CPU',
      ],
      ...results.flatMap((r) => [
        [
          name(r),
          'event-driven scheduler',
          r.fired,
          round(r.lagP50),
          round(r.lagP99),
          round(r.lagMax),
          round(r.rowsPerTransition),
          `${round(r.idlePct)} % of a core`,
        ],
        [
          name(r),
          'scan every 5 minutes',
          dense,
          round(r.baseline.lagP50),
          round(r.baseline.lagP99),
          round(r.baseline.lagMax),
          round(r.baseline.rowsPerTransition),
          `${round(r.baseline.scanMs)} ms per scan`,
        ],
      ]),
    ],
  };
}

async function runSetup(setup: Setup, total: number, dense: number): Promise<SetupResult> {
  const url = setup === 'postgres' ? await createDatabase() : null;
  const store = await openStore(url ? { databaseUrl: url } : { inMemory: true });
  try {
    console.log(`sla: ${total} open conversations on ${setup}, ${dense} of them due within a 30 s window`);
    const seededAt = Date.now();
    await seed(store, total - dense);
    // The window is placed once the bulk is in, so it is still ahead when the server starts.
    const windowStart = Date.now() + 60_000;
    await seedWindow(store, dense, windowStart);
    console.log(`seeded in ${((Date.now() - seededAt) / 1000).toFixed(1)} s`);

    const server = await startServer(
      loadConfig({ PORT: '0', HOST: '127.0.0.1', DEMO: 'off', LOG_LEVEL: 'warn' } as NodeJS.ProcessEnv),
      { store, logger: false },
    );
    try {
      // Idle: nothing is due until the window; the scheduler should be asleep. The first 15 s let the
      // collector finish with what seeding left behind. With PGlite the database runs in this process, so
      // its work is counted too.
      await sleepUntil(Date.now() + 15_000);
      const idleFrom = process.cpuUsage();
      const idleStart = performance.now();
      await sleepUntil(windowStart - 3_000);
      const idleCpu = process.cpuUsage(idleFrom);
      const idlePct = ((idleCpu.user + idleCpu.system) / 1000 / (performance.now() - idleStart)) * 100;

      const before = await rowsRead(store);
      await sleepUntil(windowStart + 30_000 + 5_000);
      await server.scheduler.settled();
      const after = await rowsRead(store);

      const lags = (
        await rowsOf<{ lag: string }>(
          store,
          sql`select extract(epoch from (created_at - (payload->>'dueAt')::timestamptz)) * 1000 as lag
              from event where type = 'conversation.sla'`,
        )
      )
        .map((r) => Number(r.lag))
        .sort((a, b) => a - b);
      const fired = lags.length;
      return {
        setup,
        total,
        fired,
        lagP50: percentile(lags, 50),
        lagP99: percentile(lags, 99),
        lagMax: lags.at(-1) ?? Number.NaN,
        idlePct,
        rowsPerTransition: (after - before) / Math.max(1, fired),
        baseline: await scanBaseline(store, total, dense),
      };
    } finally {
      await server.close();
    }
  } finally {
    await store.close();
    if (url) await dropDatabase(url);
  }
}

/** Rows of the conversation table read by scans and index fetches so far (PostgreSQL's own counters). */
async function rowsRead(store: Store): Promise<number> {
  // Backends flush their counters when they have been idle for 10 s (PostgreSQL 15+): wait that out.
  // PGlite's single backend is this one, and flushes its own counters at the end of each transaction.
  if (store.kind === 'postgres') await new Promise((r) => setTimeout(r, 11_000));
  await store.db.execute(sql`select pg_stat_clear_snapshot()`);
  const rows = await rowsOf<{ n: string }>(
    store,
    sql`select coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) as n
        from pg_stat_user_tables where relname = 'conversation'`,
  );
  return Number(rows[0]?.n ?? 0);
}

interface PlanNode {
  'Actual Rows'?: number;
  'Rows Removed by Filter'?: number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

/** Rows a plan's scans looked at: those it returned plus those its filters threw away. */
function rowsExamined(node: PlanNode): number {
  const own = node.Plans?.length
    ? 0
    : ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * (node['Actual Loops'] ?? 1);
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsExamined(child), 0);
}

/**
 * The baseline on the same store: one real scan of what a periodic job reads (every open conversation
 * awaiting a reply) for its cost, and the lag its period gives each of the same deadlines.
 */
async function scanBaseline(store: Store, total: number, dense: number) {
  const start = performance.now();
  const [plan] = await rowsOf<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
    store,
    sql`explain (analyze, format json)
        select id, awaiting_reply_since from conversation
        where status <> 'closed' and awaiting_reply_since is not null
          and awaiting_reply_since <= now() - interval '20 hours'`,
  );
  const scanMs = performance.now() - start;
  const rowsPerScan = Math.max(1, rowsExamined(plan!['QUERY PLAN'][0].Plan));
  // A deadline waits for the scan's next tick. The scan's phase is nobody's choice, so every phase counts:
  // the same deadlines, against ticks offset by each 10 s of the period.
  const lags: number[] = [];
  for (let phase = 0; phase < SCAN_PERIOD_MS; phase += 10_000) {
    for (let i = 0; i < dense; i++) {
      const due = (i / dense) * 30_000;
      lags.push((((phase - due) % SCAN_PERIOD_MS) + SCAN_PERIOD_MS) % SCAN_PERIOD_MS);
    }
  }
  lags.sort((a, b) => a - b);
  // Transitions one scan finds on average: the week's deadlines per 5-minute period, plus the window's share.
  const perScan = (total - dense) / (WEEK_MS / SCAN_PERIOD_MS) + dense / (WEEK_MS / SCAN_PERIOD_MS);
  return {
    lagP50: percentile(lags, 50),
    lagP99: percentile(lags, 99),
    lagMax: lags.at(-1) ?? Number.NaN,
    rowsPerTransition: rowsPerScan / perScan,
    scanMs,
  };
}

const DUE_SOON_S = 20 * 3_600;

/** Conversations awaiting a reply whose deadlines fall over the coming week, from ten minutes on. */
async function seed(store: Store, count: number): Promise<void> {
  const db = store.db;
  await db.execute(sql`insert into workspace (id, name) values ('ws_sla', 'SLA bench')`);
  await db.execute(sql`insert into shop (id, workspace_id, name, marketplace, country, time_zone, currency)
    values ('shop_sla', 'ws_sla', 'SLA shop', 'email', 'IT', 'Europe/Rome', 'EUR')`);
  await db.execute(
    sql`insert into customer (id, workspace_id, display_name) values ('cu_sla', 'ws_sla', 'Bench Customer')`,
  );
  await insertWaiting(
    store,
    'bulk',
    count,
    sql`now() + interval '10 minutes' + random() * interval '7 days'`,
  );
  await db.execute(sql`analyze conversation`);
}

/** `count` conversations due soon, evenly over the 30 s from `windowStart`. */
async function seedWindow(store: Store, count: number, windowStart: number): Promise<void> {
  await insertWaiting(
    store,
    'window',
    count,
    sql`to_timestamp(${windowStart / 1000} + (g::float8 / ${count}) * 30)`,
  );
}

async function insertWaiting(store: Store, prefix: string, count: number, dueAt: ReturnType<typeof sql>) {
  await store.db.execute(sql`
    insert into conversation (id, workspace_id, shop_id, channel, customer_id, thread_key, status,
      last_message_preview, last_message_at, awaiting_reply_since, last_customer_message_at,
      next_deadline_at, next_deadline_kind, created_at, queued_at)
    select ${`cv_sla_${prefix}_`} || g, 'ws_sla', 'shop_sla', 'email', 'cu_sla', ${`${prefix}-`} || g, 'open', 'Any news?',
      d - make_interval(secs => ${DUE_SOON_S}), d - make_interval(secs => ${DUE_SOON_S}),
      d - make_interval(secs => ${DUE_SOON_S}), d, 'due_soon', d - make_interval(secs => ${DUE_SOON_S}),
      d - make_interval(secs => ${DUE_SOON_S})
    from (select g, ${dueAt} as d from generate_series(1, ${count}) g) s`);
}

async function sleepUntil(at: number): Promise<void> {
  const wait = at - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The rows of a raw query on node-postgres. */
async function rowsOf<T>(store: Store, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await store.db.execute(query)) as unknown as { rows: T[] }).rows;
}
