import type { FastifyBaseLogger } from 'fastify';
import { and, asc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import { seesAllConversations } from '../../lib/domain/visibility';
import { syncEvent, type NotificationSettings, type Role, type SyncEvent } from '../../lib/protocol';
import type { Mailer } from '../mail/mailer';
import type { Db, Executor, Tx } from '../store';
import {
  conversation,
  customer,
  event,
  member,
  memberNotice,
  noticeCursor,
  workspace,
} from '../store/schema';
import type { Clock } from '../sla/scheduler';
import { digestMail, type DigestNotice } from './digest-mail';
import { notificationSettingsOf } from './service';

/** One collector at a time across instances: a transaction-scoped advisory lock with this key. */
const COLLECT_LOCK = 0x51de_d16e;
const EVENTS_PER_READ = 1000;
/** Mailed notices are kept a week, for a look at what was sent, then deleted. */
const KEEP_MAILED_MS = 7 * 86_400_000;

type NoticeKind = (typeof memberNotice.$inferInsert)['kind'];

interface Recipient {
  id: string;
  role: Role;
  settings: NotificationSettings;
}

export interface DigestOptions {
  clock: Clock;
  publicUrl: string;
  log: FastifyBaseLogger;
  /** How often it looks for something to collect or send. */
  tickMs?: number;
}

/** Makes sure a workspace's log is read from now on, once one of its members wants email. */
export async function startReadingWorkspace(db: Executor, workspaceId: string): Promise<void> {
  await db.execute(sql`
    insert into ${noticeCursor} (workspace_id, last_seq)
    select id, last_seq from ${workspace} where id = ${workspaceId}
    on conflict (workspace_id) do nothing`);
}

/**
 * The email digest (product §11). It reads each workspace's event log from a stored cursor (so a restart
 * loses nothing: the log is the record), keeps what each member chose to be emailed about as pending
 * notices, and sends each member one email per period of their choice listing them, in their language.
 * Collecting runs under an advisory lock and sending takes notices with SKIP LOCKED, so several instances
 * never send the same notice twice.
 */
export class NotificationDigest {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly mailer: Mailer,
    private readonly options: DigestOptions,
  ) {}

  start(): void {
    // Without SMTP nobody can choose email, so there is nothing to do.
    if (!this.mailer.enabled) return;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running.catch(() => {});
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((error: unknown) => this.options.log.error({ err: error }, 'notification digest failed'))
        .finally(() => this.schedule());
    }, this.options.tickMs ?? 30_000);
  }

  /** Collects what happened since the last look, then sends the digests that are due; returns how many. */
  async runOnce(): Promise<number> {
    await this.collect();
    return this.sendDue();
  }

  /** Reads the logs after each cursor and keeps a notice for every member who wants that event by email. */
  async collect(): Promise<void> {
    for (;;) {
      const more = await this.db.transaction(async (tx) => {
        const [lock] = rowsOf<{ ok: boolean }>(
          await tx.execute(sql`select pg_try_advisory_xact_lock(${COLLECT_LOCK}) as ok`),
        );
        if (!lock?.ok) return false;
        const cursors = await tx.select().from(noticeCursor);
        let more = false;
        for (const cursor of cursors) more = (await this.collectWorkspace(tx, cursor)) || more;
        return more;
      });
      if (!more) return;
    }
  }

  private async collectWorkspace(tx: Tx, cursor: { workspaceId: string; lastSeq: number }): Promise<boolean> {
    const recipients = (
      await tx
        .select({ id: member.id, role: member.role, prefs: member.notificationPrefs })
        .from(member)
        .where(and(eq(member.workspaceId, cursor.workspaceId), isNull(member.removedAt)))
    )
      .map((m) => ({ id: m.id, role: m.role, settings: notificationSettingsOf(m.prefs) }))
      .filter((m) => Object.values(m.settings.events).some((e) => e.email));
    if (recipients.length === 0) {
      // Nobody wants email here: move on to the end of the log without reading it.
      await tx.execute(sql`
        update ${noticeCursor} set last_seq = (select last_seq from ${workspace} where id = ${cursor.workspaceId})
        where workspace_id = ${cursor.workspaceId}`);
      return false;
    }
    const rows = await tx
      .select({ seq: event.seq, payload: event.payload, createdAt: event.createdAt })
      .from(event)
      .where(and(eq(event.workspaceId, cursor.workspaceId), gt(event.seq, cursor.lastSeq)))
      .orderBy(asc(event.seq))
      .limit(EVENTS_PER_READ);
    if (rows.length === 0) return false;
    const notices: (typeof memberNotice.$inferInsert)[] = [];
    const assignees = new Map<string, string | null>();
    for (const row of rows) {
      const parsed = syncEvent.safeParse(row.payload);
      if (!parsed.success) continue;
      for (const notice of await this.noticesOf(tx, parsed.data, recipients, assignees))
        notices.push({ ...notice, workspaceId: cursor.workspaceId, at: row.createdAt });
    }
    if (notices.length > 0) await tx.insert(memberNotice).values(notices);
    await tx
      .update(noticeCursor)
      .set({ lastSeq: rows[rows.length - 1]!.seq })
      .where(eq(noticeCursor.workspaceId, cursor.workspaceId));
    return rows.length === EVENTS_PER_READ;
  }

  /** Who wants this event by email, as the browser's notifications decide who is told. */
  private async noticesOf(
    tx: Tx,
    e: SyncEvent,
    recipients: Recipient[],
    /** Each conversation's assignee as of the event being read, from the conversation events before it. */
    assignees: Map<string, string | null>,
  ): Promise<
    { memberId: string; kind: NoticeKind; conversationId: string; customerName: string; detail: string }[]
  > {
    const wants = (id: string | null, kind: keyof NotificationSettings['events']) =>
      recipients.filter((r) => r.id === id && r.settings.events[kind].email);
    if (e.type === 'conversation.upserted') assignees.set(e.conversation.id, e.conversation.assigneeId);
    if (e.type === 'conversation.upserted' && e.assignment) {
      const { toMemberId, byMemberId } = e.assignment;
      if (toMemberId === byMemberId) return [];
      return wants(toMemberId, 'assigned').map((r) => ({
        memberId: r.id,
        kind: 'assigned' as const,
        conversationId: e.conversation.id,
        customerName: e.conversation.customerName,
        detail: e.conversation.lastMessagePreview ?? '',
      }));
    }
    if (e.type === 'message.created' && e.message.direction === 'inbound') {
      const [c] = await tx
        .select({
          assigneeId: conversation.assigneeId,
          customerName: customer.displayName,
          blocked: customer.blocked,
        })
        .from(conversation)
        .innerJoin(customer, eq(customer.id, conversation.customerId))
        .where(eq(conversation.id, e.message.conversationId));
      const assigneeId = assignees.has(e.message.conversationId)
        ? assignees.get(e.message.conversationId)!
        : (c?.assigneeId ?? null);
      // A blocked customer's messages are kept but told to nobody (product §11).
      if (!c || !assigneeId || c.blocked) return [];
      return wants(assigneeId, 'customerMessage').map((r) => ({
        memberId: r.id,
        kind: 'customerMessage' as const,
        conversationId: e.message.conversationId,
        customerName: c.customerName,
        detail: e.message.body.slice(0, 300),
      }));
    }
    if (e.type === 'conversation.sla') {
      const kind = e.step === 'snooze_ended' ? 'snoozeEnded' : 'sla';
      // Nobody has the chat: the members who see every chat are told, as in the browser.
      const told = recipients.filter(
        (r) =>
          r.settings.events[kind].email &&
          (e.assigneeId === null ? seesAllConversations(r.role) : r.id === e.assigneeId),
      );
      return told.map((r) => ({
        memberId: r.id,
        kind: e.step === 'snooze_ended' ? ('snoozeEnded' as const) : e.step,
        conversationId: e.conversationId,
        customerName: e.customerName,
        detail: '',
      }));
    }
    return [];
  }

  /** Sends each member whose oldest pending notice has waited their period one email with all of them. */
  async sendDue(): Promise<number> {
    const now = this.options.clock.now();
    const waiting = await this.db
      .select({ memberId: memberNotice.memberId, first: sql<string>`min(${memberNotice.at})` })
      .from(memberNotice)
      .where(isNull(memberNotice.mailedAt))
      .groupBy(memberNotice.memberId);
    let sent = 0;
    for (const { memberId, first } of waiting) {
      const [m] = await this.db.select().from(member).where(eq(member.id, memberId));
      if (!m) continue;
      const period = notificationSettingsOf(m.notificationPrefs).emailEveryMinutes * 60_000;
      if (new Date(first).getTime() + period > now.getTime()) continue;
      // One member's failed email (a refused address, the mail server down) waits for the next look alone.
      const ok = await this.sendTo(m, now).catch((error: unknown) => {
        this.options.log.warn(
          { err: error, memberId: m.id },
          'notification email not sent; it is tried again',
        );
        return false;
      });
      if (ok) sent++;
    }
    await this.db
      .delete(memberNotice)
      .where(lt(memberNotice.mailedAt, new Date(now.getTime() - KEEP_MAILED_MS)));
    return sent;
  }

  private async sendTo(m: typeof member.$inferSelect, now: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const notices = await tx
        .select()
        .from(memberNotice)
        .where(and(eq(memberNotice.memberId, m.id), isNull(memberNotice.mailedAt)))
        .orderBy(asc(memberNotice.at), asc(memberNotice.id))
        .for('update', { skipLocked: true });
      if (notices.length === 0) return false;
      const ids = notices.map((n) => n.id);
      if (m.removedAt) {
        await tx.delete(memberNotice).where(inArray(memberNotice.id, ids));
        return false;
      }
      const mail = digestMail(
        m.language,
        m.nickname,
        notices.map((n): DigestNotice => ({
          kind: n.kind,
          customerName: n.customerName,
          detail: n.detail,
          at: n.at,
        })),
        this.options.publicUrl,
      );
      // Sent before the rows are marked, inside their lock: a failure leaves them for the next try.
      await this.mailer.send({ to: m.email, ...mail });
      await tx.update(memberNotice).set({ mailedAt: now }).where(inArray(memberNotice.id, ids));
      return true;
    });
  }
}

function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}
