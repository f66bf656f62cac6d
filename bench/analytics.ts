// Service data at scale: a workspace with 1,000,000 messages over 90 days (100,000 conversations, two shops in
// two time zones, 20 agents, orders) on PostgreSQL. Times the popup's summary and a 90-day report as the
// server computes them (medians of repeated runs), beside a baseline measured in the same run: the same
// headline figures recomputed by a naive full scan of the messages, as a server without the conversation's
// stored reply clock and the range indexes would. The baseline's figures must equal the server's.
import { performance } from 'node:perf_hooks';
import { sql, type SQL } from 'drizzle-orm';
import { addDays, localDay } from '../lib/domain/metrics';
import { rangeReport } from '../server/analytics/report';
import { rowsOf, type AnalyticsScope } from '../server/analytics/scope';
import { popupSummary } from '../server/analytics/summary';
import { openStore, type Store } from '../server/store';
import type { BenchOutcome } from './run';
import { createDatabase, dropDatabase } from './database';

const WS = 'ws_bench';
const AGENTS = 20;
const MESSAGES_PER_CHAT = 10;
const POPUP_GOAL_MS = 100;
const REPORT_GOAL_MS = 500;

export async function run({ quick }: { quick: boolean }): Promise<BenchOutcome> {
  const messages = Number(process.env.BENCH_MESSAGES ?? (quick ? 100_000 : 1_000_000));
  const chats = Math.round(messages / MESSAGES_PER_CHAT);
  const repeats = quick
    ? { popup: 7, report: 5, baseline: 3, writes: 100 }
    : { popup: 21, report: 11, baseline: 5, writes: 300 };
  const url = await createDatabase();
  const store = await openStore({ databaseUrl: url });
  try {
    const now = new Date();
    console.log(
      `analytics: ${messages.toLocaleString('en')} messages in ${chats.toLocaleString('en')} chats`,
    );
    const seededAt = performance.now();
    await seed(store, chats, now);
    const seedSeconds = (performance.now() - seededAt) / 1000;
    const [counts] = await rowsOf<{ messages: number; chats: number; orders: number }>(
      store.db,
      sql`select (select count(*) from message)::int as messages, (select count(*) from conversation)::int as chats,
        (select count(*) from "order")::int as orders`,
    );
    console.log(`seeded in ${seedSeconds.toFixed(1)} s: ${JSON.stringify(counts)}`);

    const workspace: AnalyticsScope & { ownFigures: boolean } = { workspaceId: WS, now, ownFigures: false };
    const agent = { ...workspace, memberIds: ['mb_bench_1'], ownFigures: true };
    const to = localDay(now, 'Europe/Rome');
    const from = addDays(to, -89);

    const popup = await timed(repeats.popup, () => popupSummary(store.db, workspace));
    const popupAgent = await timed(repeats.popup, () => popupSummary(store.db, agent));
    const report = await timed(repeats.report, () => rangeReport(store.db, workspace, from, to));
    const popupBaseline = await timed(repeats.baseline, () => naivePopup(store, now));
    const reportBaseline = await timed(repeats.baseline, () => naiveReport(store, now, from, to));
    const writes = await sessionLineCost(store, chats, repeats.writes);

    // The baseline is only a baseline if it computes the same figures.
    const fast = popup.result;
    const slow = popupBaseline.result;
    const same =
      fast.last7Days.responseRate24h.answered === slow.answered &&
      fast.last7Days.responseRate24h.countable === slow.countable &&
      fast.last7Days.sessions === slow.sessions &&
      report.result.totals.created === reportBaseline.result.created &&
      report.result.totals.responseRate24h.answered === reportBaseline.result.answered &&
      Math.abs((report.result.totals.firstResponseSeconds.median ?? 0) - reportBaseline.result.frtMedian) <
        1e-6;
    if (!same) {
      throw new Error(
        `The baseline disagrees: ${JSON.stringify({ popup: [fast.last7Days, slow], report: [report.result.totals, reportBaseline.result] })}`,
      );
    }

    const figures = {
      popup_ms: round(popup.median),
      report_90d_ms: round(report.median),
      popup_agent_ms: round(popupAgent.median),
      'baseline.popup_ms': round(popupBaseline.median),
      'baseline.report_90d_ms': round(reportBaseline.median),
      popup_ratio: round(popupBaseline.median / popup.median),
      report_90d_ratio: round(reportBaseline.median / report.median),
      messages: counts!.messages,
      conversations: counts!.chats,
      orders: counts!.orders,
      seed_s: round(seedSeconds),
      session_line_insert_ms: round(writes.line),
      'baseline.message_insert_ms': round(writes.message),
    };
    return {
      figures,
      table: [
        ['figure', 'median ms', 'goal ms', 'baseline ms (full scan)', 'baseline ÷ server', 'runs'],
        [
          'popup (workspace)',
          round(popup.median),
          POPUP_GOAL_MS,
          round(popupBaseline.median),
          figures.popup_ratio,
          repeats.popup,
        ],
        ['popup (one agent)', round(popupAgent.median), POPUP_GOAL_MS, '', '', repeats.popup],
        [
          '90-day report',
          round(report.median),
          REPORT_GOAL_MS,
          round(reportBaseline.median),
          figures.report_90d_ratio,
          repeats.report,
        ],
        [
          'writing an assignment line (keeps its session)',
          round(writes.line),
          '',
          `${round(writes.message)} (a customer's message)`,
          round(writes.message / writes.line),
          repeats.writes,
        ],
      ],
    };
  } finally {
    await store.close();
    await dropDatabase(url);
  }
}

/**
 * What the sessions rollup costs a write: single-row inserts of an assignment line (its trigger adds the
 * session) against a customer's message (no session) into the same chats, taken in turns; medians.
 */
async function sessionLineCost(
  store: Store,
  chats: number,
  n: number,
): Promise<{ line: number; message: number }> {
  const lines: number[] = [];
  const messages: number[] = [];
  for (let i = 0; i < n; i++) {
    const chat = `cv_bench_${1 + Math.floor(Math.random() * chats)}`;
    const insert = (kind: 'line' | 'message') =>
      store.db
        .execute(sql`insert into message (id, workspace_id, conversation_id, direction, author, body, payload,
          shop_id, created_at)
        select ${`${chat}_${kind}_${i}`}, ${WS}, c.id, ${kind === 'line' ? 'system' : 'inbound'},
          ${kind === 'line' ? 'system' : 'customer'}, 'Assigned',
          ${kind === 'line' ? sql`jsonb_build_object('toMemberId', 'mb_bench_' || ${1 + (i % AGENTS)}::int)` : sql`null`},
          c.shop_id, now()
        from conversation c where c.id = ${chat}`);
    for (const kind of i % 2 === 0 ? (['line', 'message'] as const) : (['message', 'line'] as const)) {
      const start = performance.now();
      await insert(kind);
      (kind === 'line' ? lines : messages).push(performance.now() - start);
    }
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return { line: median(lines), message: median(messages) };
}

/** Runs `fn` once to warm up, then `n` times; the median and the last result. */
async function timed<T>(n: number, fn: () => Promise<T>): Promise<{ median: number; result: T }> {
  let result = await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    result = await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, result };
}

/**
 * One workspace, a shop in Rome and one in London, 20 agents and a manager; `chats` conversations evenly over
 * 90 days, each with 10 messages (the customer's first message, an assignment line, a member's replies and
 * the customer's answers), about one in five followed by an order. All in set-based SQL.
 */
async function seed(store: Store, chats: number, now: Date): Promise<void> {
  const db = store.db;
  const at = sql`${now.toISOString()}::timestamptz`;
  await db.execute(sql`insert into workspace (id, name) values (${WS}, 'Analytics bench')`);
  await db.execute(sql`insert into shop (id, workspace_id, name, marketplace, country, time_zone, currency, created_at)
    values ('shop_bench_it', ${WS}, 'Bench IT', 'tiktok_shop', 'IT', 'Europe/Rome', 'EUR', ${at} - interval '1 year'),
      ('shop_bench_uk', ${WS}, 'Bench UK', 'tiktok_shop', 'GB', 'Europe/London', 'GBP', ${at} - interval '1 year')`);
  await db.execute(sql`insert into member (id, workspace_id, email, password_hash, nickname, role, available)
    select 'mb_bench_' || g, ${WS}, 'agent' || g || '@bench.test', 'x', 'Agent ' || g,
      case when g = 0 then 'manager' else 'agent' end, g % 3 = 0
    from generate_series(0, ${AGENTS}) g`);
  const customers = Math.max(1, Math.floor(chats / 2));
  await db.execute(sql`insert into customer (id, workspace_id, display_name)
    select 'cu_bench_' || g, ${WS}, 'Customer ' || g from generate_series(0, ${customers - 1}) g`);

  // Per chat: a start spread evenly over 90 days; 8 % never answered, else a first reply after an exponential
  // wait (median about 2 h, some past 24 h) and replies every 5 minutes; chats older than 2 days closed.
  await db.execute(sql`
    insert into conversation (id, workspace_id, shop_id, channel, customer_id, status, assignee_id, category, tags,
      last_message_preview, last_message_at, first_response_at, last_customer_message_at, last_agent_reply_at,
      closed_at, closed_reason, rating, created_at, updated_at)
    select 'cv_bench_' || g, ${WS}, shop_id, channel, 'cu_bench_' || (g % ${customers}),
      case when closed_at is null then 'open' else 'closed' end, assignee_id, category, tags,
      'Thanks', coalesce(closed_at, last_at), first_response_at, created_at, last_reply_at,
      closed_at, case when closed_at is not null then 'ended_by_agent' end,
      case when closed_at is null or r4 >= 0.4 then null
        when r5 < 0.1 then 1 when r5 < 0.2 then 2 when r5 < 0.3 then 3 when r5 < 0.6 then 4 else 5 end,
      created_at, created_at
    from (
      select *, case when first_response_at is not null then first_response_at + interval '30 minutes' end as last_reply_at,
        coalesce(first_response_at + interval '35 minutes', created_at + interval '80 minutes') as last_at,
        case when created_at < ${at} - interval '2 days' or r3 < 0.5
          then coalesce(first_response_at + interval '35 minutes', created_at + interval '1 day') + r3 * interval '2 hours'
          end as closed_at
      from (
        select g, created_at, r3, r4, r5,
          case when g % 5 = 0 then 'shop_bench_uk' else 'shop_bench_it' end as shop_id,
          (array['marketplace','marketplace','marketplace','marketplace','marketplace','marketplace',
            'webchat','webchat','email','sms'])[1 + g % 10] as channel,
          case when g % 40 = 0 then null else 'mb_bench_' || (1 + g % ${AGENTS}) end as assignee_id,
          (array['pre_sale','in_sale','after_sale','logistics','other'])[1 + (g / 7) % 5] as category,
          case when r1 < 0.6 then '{}'::text[]
            when r1 < 0.8 then array[(array['vip','refund','late','damaged','wholesale'])[1 + g % 5]]
            else array[(array['vip','refund','late','damaged','wholesale'])[1 + g % 5],
              (array['vip','refund','late','damaged','wholesale'])[1 + (g + 2) % 5]] end as tags,
          case when r2 >= 0.08 and created_at + wait <= ${at} then created_at + wait end as first_response_at
        from (
          select g, random() as r1, random() as r2, random() as r3, random() as r4, random() as r5,
            ${at} - interval '90 days' * (g::float8 / ${chats}) as created_at,
            -ln(1 - random() * 0.9999) * interval '3 hours' as wait
          from generate_series(1, ${chats}) g
        ) base
      ) shaped
    ) timed`);
  // Ten messages per chat, derived from its stored times so that the two agree.
  await db.execute(sql`
    insert into message (id, workspace_id, conversation_id, direction, author, author_member_id, body, payload,
      shop_id, created_at)
    select c.id || '_' || k, ${WS}, c.id,
      case when k = 2 then 'system' when reply then 'outbound' else 'inbound' end,
      case when k = 2 then 'system' when reply then 'member' else 'customer' end,
      case when reply then c.assignee_id end,
      case when k = 2 then 'Assigned' when reply then 'Thanks, on it' else 'Hello, any news?' end,
      case when k = 2 then jsonb_build_object('fromMemberId', null, 'fromQueue', true, 'toMemberId', c.assignee_id,
        'reason', 'auto', 'byMemberId', null, 'note', null) end,
      c.shop_id,
      case when k = 1 then c.created_at
        when k = 2 then c.created_at + interval '1 second'
        when c.first_response_at is not null then c.first_response_at + (k - 3) * interval '5 minutes'
        else c.created_at + (k - 2) * interval '10 minutes' end
    from conversation c cross join generate_series(1, ${MESSAGES_PER_CHAT}) k
      -- Messages 3, 5, 7 and 9 of an answered chat are a member's replies, the first at its first response.
      cross join lateral (select c.first_response_at is not null and k >= 3 and k % 2 = 1 as reply) r
    where c.workspace_id = ${WS}`);
  // About one chat in five is followed by an order within ten days of its start; one order in twenty cancelled.
  await db.execute(sql`
    insert into "order" (id, workspace_id, shop_id, customer_id, external_id, status, items, total_cents, currency,
      placed_at)
    select 'ord_' || c.id, ${WS}, c.shop_id, c.customer_id, 'B-' || c.id,
      case when random() < 0.05 then 'cancelled' else 'delivered' end, '[]'::jsonb,
      1000 + floor(random() * 19000)::int, case when c.shop_id = 'shop_bench_uk' then 'GBP' else 'EUR' end, placed_at
    from (select c.*, c.created_at + random() * interval '10 days' as placed_at from conversation c
      where c.workspace_id = ${WS} and random() < 0.2) c
    where placed_at <= ${at}`);
  await db.execute(sql`analyze`);
}

/**
 * The baseline's first step, for the popup and the report alike: each chat's start and first reply found by
 * grouping every message of the workspace, as a server without the conversation's stored reply clock would.
 */
const firstsSql = sql`select m.conversation_id,
    min(m.created_at) filter (where m.direction = 'inbound') as started,
    min(m.created_at) filter (where m.direction = 'outbound' and m.author in ('member', 'seller_center')) as replied
  from message m where m.workspace_id = ${WS} group by m.conversation_id`;

/** The baseline popup: the full scan, then the 24 h rule, satisfaction and sessions per day and per member. */
async function naivePopup(store: Store, now: Date) {
  const at = sql`${now.toISOString()}::timestamptz`;
  const rows = await rowsOf<{
    g: number;
    age: number | null;
    member: string | null;
    answered: number;
    countable: number;
    satisfied: number;
  }>(
    store.db,
    sql`with chats as (
      select f.*, c.rating, c.assignee_id,
        (${at} at time zone s.time_zone)::date - (f.started at time zone s.time_zone)::date as age,
        (${at} at time zone s.time_zone)::date - (c.closed_at at time zone s.time_zone)::date as closed_age
      from (${firstsSql}) f join conversation c on c.id = f.conversation_id join shop s on s.id = c.shop_id
      where c.trashed_at is null
    )
    select grouping(age, assignee_id) as g, age, assignee_id as member,
      count(*) filter (where age between 0 and 6 and replied <= ${at}
        and replied - started <= interval '24 hours')::int as answered,
      count(*) filter (where age between 0 and 6 and (replied <= ${at}
        or ${at} - started >= interval '24 hours'))::int as countable,
      count(*) filter (where closed_age between 0 and 6 and rating >= 4)::int as satisfied
    from chats group by grouping sets ((), (age), (assignee_id))`,
  );
  const [sessions] = await rowsOf<{ sessions: number }>(
    store.db,
    sql`select count(*)::int as sessions from (
      select distinct m.payload ->> 'toMemberId', m.conversation_id, (m.created_at at time zone s.time_zone)::date as day,
        (${at} at time zone s.time_zone)::date as today
      from message m join shop s on s.id = m.shop_id
      where m.workspace_id = ${WS} and m.direction = 'system' and m.payload ->> 'toMemberId' is not null
    ) lines where today - day between 0 and 6`,
  );
  const total = rows.find((r) => Number(r.g) === 3)!;
  return { answered: total.answered, countable: total.countable, sessions: sessions!.sessions };
}

/**
 * The baseline report: the same full scan, then per day, channel and agent the ticket counts, the 24 h rule,
 * first response and resolution percentiles, satisfaction, and sessions from every assignment line.
 */
async function naiveReport(store: Store, now: Date, from: string, to: string) {
  const at = sql`${now.toISOString()}::timestamptz`;
  const day = (column: SQL) => sql`(${column} at time zone s.time_zone)::date`;
  const inRange = (column: SQL) => sql`${day(column)} between ${from}::date and ${to}::date`;
  const started = await rowsOf<{ g: number; created: number; answered: number; frt_median: number }>(
    store.db,
    sql`with chats as (
      select f.*, c.channel, c.assignee_id, ${day(sql`f.started`)} as day
      from (${firstsSql}) f join conversation c on c.id = f.conversation_id join shop s on s.id = c.shop_id
      where c.trashed_at is null and ${inRange(sql`f.started`)}
    )
    select grouping(day, channel, assignee_id) as g, count(*)::int as created,
      count(*) filter (where replied <= ${at} and replied - started <= interval '24 hours')::int as answered,
      percentile_cont(0.5) within group (order by extract(epoch from replied - started)::float8)
        filter (where replied <= ${at}) as frt_median,
      percentile_cont(0.9) within group (order by extract(epoch from replied - started)::float8)
        filter (where replied <= ${at}) as frt_p90
    from chats group by grouping sets ((), (day), (channel), (assignee_id))`,
  );
  await rowsOf(
    store.db,
    sql`with closed as (
      select c.channel, c.assignee_id, c.rating, ${day(sql`c.closed_at`)} as day,
        extract(epoch from c.closed_at - f.started)::float8 as res
      from (${firstsSql}) f join conversation c on c.id = f.conversation_id join shop s on s.id = c.shop_id
      where c.trashed_at is null and c.closed_at is not null and ${inRange(sql`c.closed_at`)}
    )
    select count(*), count(rating), count(*) filter (where rating >= 4),
      percentile_cont(array[0.5, 0.9]) within group (order by res)
    from closed group by grouping sets ((), (day), (channel), (assignee_id))`,
  );
  await rowsOf(
    store.db,
    sql`select count(*) from (
      select distinct m.payload ->> 'toMemberId' as member_id, m.conversation_id, ${day(sql`m.created_at`)} as day
      from message m join shop s on s.id = m.shop_id
      where m.workspace_id = ${WS} and m.direction = 'system' and m.payload ->> 'toMemberId' is not null
    ) lines where day between ${from}::date and ${to}::date group by grouping sets ((), (day), (member_id))`,
  );
  const total = started.find((r) => Number(r.g) === 7)!;
  return { created: total.created, answered: total.answered, frtMedian: Number(total.frt_median) };
}

const round = (n: number) => Math.round(n * 100) / 100;
