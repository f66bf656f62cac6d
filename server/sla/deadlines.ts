import { and, eq, inArray, sql } from 'drizzle-orm';
import { validateBusinessCalendar, type BusinessCalendar } from '../../lib/domain/business-hours';
import { DEFAULT_SLA_THRESHOLDS, nextDeadline, type SlaThresholds } from '../../lib/domain/sla';
import type { Executor } from '../store';
import { conversation, shop, type ShopSettings } from '../store/schema';

type ConversationRow = typeof conversation.$inferSelect;

/** The longest the scheduler sleeps without looking at the earliest deadline again. */
export const SCHEDULER_MAX_SLEEP_MS = 60_000;

export interface ShopSla {
  thresholds: SlaThresholds;
  calendar: BusinessCalendar | null;
}

/** A shop's SLA thresholds, and its business-hours calendar when it counts in business hours. */
export function shopSla(settings: ShopSettings): ShopSla {
  const thresholds: SlaThresholds = {
    dueSoonHours: settings.dueSoonHours ?? DEFAULT_SLA_THRESHOLDS.dueSoonHours,
    overdueHours: settings.overdueHours ?? DEFAULT_SLA_THRESHOLDS.overdueHours,
    autoCloseDays: settings.autoCloseDays ?? DEFAULT_SLA_THRESHOLDS.autoCloseDays,
  };
  const candidate = settings.businessHours as BusinessCalendar | undefined;
  // A calendar that does not validate counts as none: the clock falls back to calendar hours.
  const calendar = candidate && validateBusinessCalendar(candidate) === null ? candidate : null;
  return { thresholds, calendar };
}

type ClockFields = Pick<ConversationRow, 'status' | 'awaitingReplySince' | 'trashedAt' | 'snoozedUntil'> &
  Partial<Pick<ConversationRow, 'customerBlocked'>>;

const toEntityFields = (row: ClockFields) => ({
  status: row.status,
  awaitingReplySince: row.awaitingReplySince?.toISOString() ?? null,
  trashedAt: row.trashedAt?.toISOString() ?? null,
  snoozedUntil: row.snoozedUntil?.toISOString() ?? null,
});

/** The deadline a conversation should be waiting for after `after`, by its shop's rules. */
export function deadlineOf(row: ClockFields, sla: ShopSla, after: Date) {
  // A blocked customer's chat waits for nothing (product §11): no notice, no auto-close, no wake-up.
  if (row.customerBlocked) return { nextDeadlineAt: null, nextDeadlineKind: null };
  const next = nextDeadline(toEntityFields(row), sla.thresholds, sla.calendar, after);
  return { nextDeadlineAt: next?.at ?? null, nextDeadlineKind: next?.kind ?? null };
}

/** Someone to tell when a write moved a deadline closer than the scheduler's next wake-up. */
export interface DeadlineSignal {
  moved(at: Date): void;
}

/**
 * Stores a conversation's next deadline after a write changed what the clock reads (a customer message, a
 * reply, closing, the trash). Returns it, for the caller to signal once committed; other instances'
 * schedulers hear of it through NOTIFY at commit.
 */
export async function refreshDeadline(
  tx: Executor,
  row: ConversationRow,
  now: Date,
  settings?: ShopSettings,
): Promise<Date | null> {
  const shopSettings =
    settings ??
    (await tx.select({ settings: shop.settings }).from(shop).where(eq(shop.id, row.shopId)))[0]?.settings;
  const fields = deadlineOf(row, shopSla(shopSettings ?? {}), now);
  if (!(await writeDeadline(tx, row, fields))) return null;
  // A scheduler looks again at least every minute; only a deadline sooner than that needs to wake it.
  if (fields.nextDeadlineAt && fields.nextDeadlineAt.getTime() - now.getTime() < SCHEDULER_MAX_SLEEP_MS) {
    await tx.execute(sql`select pg_notify('sidedesk_deadline', ${fields.nextDeadlineAt.toISOString()})`);
  }
  return fields.nextDeadlineAt;
}

/**
 * refreshDeadline, then a wake-up hint to this process's scheduler. Given inside the transaction it is only
 * a hint: PGlite runs the scheduler's next query after this commit, and PostgreSQL's NOTIFY arrives then.
 */
export async function storeDeadline(
  tx: Executor,
  row: ConversationRow,
  now: Date,
  signal: DeadlineSignal | undefined,
  settings?: ShopSettings,
): Promise<void> {
  const at = await refreshDeadline(tx, row, now, settings);
  if (at) signal?.moved(at);
}

/**
 * After a shop's thresholds or calendar changed: every open or snoozed conversation of the shop gets the
 * deadline the new rules give, counted from now (notices the old rules already sent are not sent again).
 */
export async function recomputeShopDeadlines(
  db: Executor,
  shopId: string,
  settings: ShopSettings,
  now: Date,
  signal?: DeadlineSignal,
): Promise<number> {
  const sla = shopSla(settings);
  const rows = await db
    .select()
    .from(conversation)
    .where(and(eq(conversation.shopId, shopId), inArray(conversation.status, ['open', 'snoozed'])));
  let changed = 0;
  let earliest: Date | null = null;
  for (const row of rows) {
    const fields = deadlineOf(row, sla, now);
    if (!(await writeDeadline(db, row, fields))) continue;
    changed++;
    if (fields.nextDeadlineAt && (!earliest || fields.nextDeadlineAt < earliest))
      earliest = fields.nextDeadlineAt;
  }
  if (earliest) {
    signal?.moved(earliest);
    if (earliest.getTime() - now.getTime() < SCHEDULER_MAX_SLEEP_MS) {
      await db.execute(sql`select pg_notify('sidedesk_deadline', ${earliest.toISOString()})`);
    }
  }
  return changed;
}

/** Writes a conversation's next deadline when it differs from the stored one; whether it did. */
async function writeDeadline(
  db: Executor,
  row: ConversationRow,
  fields: ReturnType<typeof deadlineOf>,
): Promise<boolean> {
  const same =
    fields.nextDeadlineAt?.getTime() === row.nextDeadlineAt?.getTime() &&
    fields.nextDeadlineKind === row.nextDeadlineKind;
  if (!same) await db.update(conversation).set(fields).where(eq(conversation.id, row.id));
  return !same;
}
