// Assignment latency: N agents on real sockets, customers opening conversations at a fixed rate through the
// signed webhook; the time from a delivery being sent to the assignee's socket hearing of the assignment.
// Servers run as real processes: PGlite with one instance, PostgreSQL with one and with three (Redis).
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { io, type Socket } from 'socket.io-client';
import type { SyncEvent } from '../lib/protocol';
import { signWebhook } from '../server/channels/webhook';
import { openStore, type Store } from '../server/store';
import { authSession, member, memberShop, shop, workspace } from '../server/store/schema';
import type { BenchOutcome } from './run';
import { createDatabase, dropDatabase } from './database';

const root = path.resolve(import.meta.dirname, '..');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'whsec_bench';

interface Load {
  agents: number;
  ratePerSecond: number;
  seconds: number;
}

interface ScenarioResult {
  p50: number;
  p99: number;
  max: number;
  ratePerSecond: number;
  sent: number;
  assigned: number;
  failed: number;
}

export async function run({ quick }: { quick: boolean }): Promise<BenchOutcome> {
  const preset: Load = quick
    ? { agents: 50, ratePerSecond: 100, seconds: 3 }
    : { agents: 200, ratePerSecond: 200, seconds: 15 };
  // BENCH_AGENTS, BENCH_RATE and BENCH_SECONDS override the load, to find the rate a setup sustains.
  const load: Load = {
    agents: Number(process.env.BENCH_AGENTS ?? preset.agents),
    ratePerSecond: Number(process.env.BENCH_RATE ?? preset.ratePerSecond),
    seconds: Number(process.env.BENCH_SECONDS ?? preset.seconds),
  };
  console.log(
    `assign: ${load.agents} agents, ${load.ratePerSecond} new conversations/s for ${load.seconds} s per setup`,
  );
  const floorPg = await commitFloor({ databaseUrl: await createDatabase() });
  const floorPglite = await commitFloor({ inMemory: true });
  // BENCH_SETUPS=pg1 (comma-separated: pglite, pg1, pg3) runs only some setups, e.g. under a profiler.
  const only = process.env.BENCH_SETUPS?.split(',');
  const skipped: ScenarioResult = {
    p50: NaN,
    p99: NaN,
    max: NaN,
    ratePerSecond: NaN,
    sent: 0,
    assigned: 0,
    failed: 0,
  };
  const pglite = !only || only.includes('pglite') ? await scenario('pglite', 1, load) : skipped;
  const pg1 = !only || only.includes('pg1') ? await scenario('postgres', 1, load) : skipped;
  const pg3 = !only || only.includes('pg3') ? await scenario('postgres', 3, load) : skipped;
  const row = (label: string, r: ScenarioResult, floor: number) => [
    label,
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    r.max.toFixed(1),
    r.ratePerSecond.toFixed(0),
    `${r.assigned}/${r.sent}`,
    (r.p99 / floor).toFixed(1),
  ];
  return {
    figures: {
      'pglite.p50_ms': round(pglite.p50),
      'pglite.p99_ms': round(pglite.p99),
      'pglite.rate_per_s': round(pglite.ratePerSecond),
      'pg1.p50_ms': round(pg1.p50),
      'pg1.p99_ms': round(pg1.p99),
      'pg1.rate_per_s': round(pg1.ratePerSecond),
      'pg3.p50_ms': round(pg3.p50),
      'pg3.p99_ms': round(pg3.p99),
      'pg3.rate_per_s': round(pg3.ratePerSecond),
      'floor.commit_ms': round(floorPg),
      'floor_pglite.commit_ms': round(floorPglite),
    },
    table: [
      [
        'setup (latency after 1 s of warm-up)',
        'p50 ms',
        'p99 ms',
        'max ms',
        'rate/s',
        'assigned',
        'p99 ÷ commit floor',
      ],
      row('PGlite, 1 instance', pglite, floorPglite),
      row('PostgreSQL, 1 instance', pg1, floorPg),
      row('PostgreSQL, 3 instances + Redis', pg3, floorPg),
      [
        'floor: INSERT + commit',
        `PostgreSQL ${floorPg.toFixed(2)} ms`,
        `PGlite ${floorPglite.toFixed(2)} ms`,
        '',
        '',
        '',
        '',
      ],
    ],
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The floor: one small INSERT in its own transaction on the same kind of store, median of 400. */
async function commitFloor(config: { databaseUrl: string } | { inMemory: true }): Promise<number> {
  const store = await openStore(config);
  await store.db.execute(
    sql`create table if not exists bench_floor (id serial primary key, body text not null)`,
  );
  const times: number[] = [];
  for (let i = 0; i < 400; i++) {
    const start = performance.now();
    await store.db.transaction(async (tx) => {
      await tx.execute(sql`insert into bench_floor (body) values (${`row ${i}`})`);
    });
    times.push(performance.now() - start);
  }
  await store.close();
  if ('databaseUrl' in config) await dropDatabase(config.databaseUrl);
  return percentile(
    times.sort((a, b) => a - b),
    50,
  );
}

/** One workspace, one shop with a webhook, N agents with session tokens and room to spare. */
async function seed(store: Store, agents: number) {
  const workspaceId = 'ws_bench';
  const shopId = 'shop_bench';
  await store.db.insert(workspace).values({ id: workspaceId, name: 'Bench' });
  await store.db.insert(shop).values({
    id: shopId,
    workspaceId,
    name: 'Bench shop',
    marketplace: 'tiktok_shop',
    country: 'IT',
    timeZone: 'Europe/Rome',
    currency: 'EUR',
    webhookSecret: SECRET,
  });
  const people = Array.from({ length: agents }, (_, i) => ({
    id: `mb_bench_${i}`,
    token: randomBytes(24).toString('base64url'),
  }));
  await store.db.insert(member).values(
    people.map((p, i) => ({
      id: p.id,
      workspaceId,
      email: `agent${i}@bench.example`,
      passwordHash: 'scrypt$16384$8$1$none$none',
      nickname: `Agent ${i}`,
      role: 'agent' as const,
      capacity: 100_000,
      acceptsAutoAssign: true,
    })),
  );
  await store.db.insert(memberShop).values(people.map((p) => ({ memberId: p.id, shopId })));
  await store.db.insert(authSession).values(
    people.map((p) => ({
      tokenHash: createHash('sha256').update(p.token).digest('hex'),
      memberId: p.id,
      workspaceId,
      expiresAt: new Date(Date.now() + 86_400_000),
    })),
  );
  return { shopId, people };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startInstance(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const profile = process.env.BENCH_CPU_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
    : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', DEMO: 'off', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (
      await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('a server instance did not become ready');
}

async function stopInstance(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function scenario(kind: 'pglite' | 'postgres', instances: number, load: Load): Promise<ScenarioResult> {
  const label = kind === 'pglite' ? 'PGlite' : `PostgreSQL × ${instances}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sidedesk-bench-'));
  const dbUrl = kind === 'postgres' ? await createDatabase() : null;
  const store = await openStore(dbUrl ? { databaseUrl: dbUrl } : { dataDir });
  const { shopId, people } = await seed(store, load.agents);
  // PGlite is one process's store: the server opens it, so the seeder lets go first.
  if (kind === 'pglite') await store.close();
  const env: Record<string, string> = dbUrl ? { DATABASE_URL: dbUrl } : { DATA_DIR: dataDir };
  if (instances > 1) env.REDIS_URL = redisUrl;
  const servers: { url: string; child: ChildProcess }[] = [];
  for (let i = 0; i < instances; i++) servers.push(await startInstance(env));

  const sentAt = new Map<string, number>();
  const heardAt = new Map<string, number>();
  const sockets: Socket[] = [];
  try {
    await Promise.all(
      people.map(async (person, i) => {
        const socket = io(servers[i % instances]!.url, {
          transports: ['websocket'],
          auth: { token: person.token },
          reconnection: false,
        });
        sockets.push(socket);
        socket.on('sync:event', (event: SyncEvent) => {
          if (event.type !== 'conversation.upserted' || event.assignment?.toMemberId !== person.id) return;
          const key = event.conversation.customerName;
          if (!heardAt.has(key)) heardAt.set(key, performance.now());
        });
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve());
          socket.once('connect_error', reject);
        });
        await socket.timeout(10_000).emitWithAck('heartbeat', { openWindows: 1 });
      }),
    );
    await waitForAvailable(servers[0]!.url, people[0]!.token, load.agents);

    const total = load.ratePerSecond * load.seconds;
    const interval = 1000 / load.ratePerSecond;
    let failed = 0;
    const failures = new Map<string, number>();
    const requests: Promise<void>[] = [];
    const start = performance.now();
    for (let j = 0; j < total; j++) {
      const due = start + j * interval;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const key = `bench-customer-${j}`;
      const body = JSON.stringify({
        channel: 'marketplace',
        customerHandle: key,
        customerName: key,
        externalId: `bench-${j}`,
        body: 'Hello, is this in stock?',
      });
      const timestamp = Math.floor(Date.now() / 1000);
      sentAt.set(key, performance.now());
      requests.push(
        fetch(`${servers[j % instances]!.url}/api/channels/webhook/${shopId}/messages`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-sidedesk-timestamp': String(timestamp),
            'x-sidedesk-signature': signWebhook(SECRET, timestamp, body),
          },
          body,
        }).then(
          async (r) => {
            await r.arrayBuffer();
            if (!r.ok) {
              failed++;
              failures.set(`HTTP ${r.status}`, (failures.get(`HTTP ${r.status}`) ?? 0) + 1);
            }
          },
          (error: unknown) => {
            failed++;
            const cause = (error as { cause?: { code?: string; message?: string } }).cause;
            const reason = cause?.code ?? cause?.message ?? String(error);
            failures.set(reason, (failures.get(reason) ?? 0) + 1);
          },
        ),
      );
    }
    await Promise.all(requests);
    const deadline = performance.now() + 30_000;
    while (heardAt.size < total - failed && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));

    // The first second warms the instances up (connection pools, JIT); latencies count from then on.
    const warmup = Math.min(load.ratePerSecond, Math.floor(total / 5));
    const latencies = [...heardAt]
      .filter(([key]) => Number(key.slice('bench-customer-'.length)) >= warmup)
      .map(([key, at]) => at - sentAt.get(key)!)
      .sort((a, b) => a - b);
    const lastHeard = Math.max(...heardAt.values());
    const result: ScenarioResult = {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? Number.NaN,
      ratePerSecond: heardAt.size / ((lastHeard - start) / 1000),
      sent: total,
      assigned: heardAt.size,
      failed,
    };
    if (failures.size > 0)
      console.log(`${label}: failed deliveries by reason:`, Object.fromEntries(failures));
    console.log(
      `${label}: p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ${result.assigned}/${total} assigned, ${failed} failed`,
    );
    return result;
  } finally {
    for (const s of sockets) s.disconnect();
    for (const s of servers) await stopInstance(s.child);
    if (kind === 'postgres') await store.close();
    if (dbUrl) await dropDatabase(dbUrl);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function waitForAvailable(url: string, token: string, agents: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const response = await fetch(`${url}/api/members`, { headers: { authorization: `Bearer ${token}` } });
    const { members } = (await response.json()) as { members: { available: boolean }[] };
    if (members.filter((m) => m.available).length === agents) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('not every agent became available');
}
