import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { badgeText } from '../domain/unread';
import { seesAllConversations } from '../domain/visibility';
import {
  extensionRequest,
  type ExtensionRequest,
  type ExtensionResponse,
  type Session,
  type StoredSession,
  type SyncEvent,
  type TypingNotice,
} from '../protocol';
import { ApiClient, ApiError } from './api';
import { fetchMe } from './api-shops';
import { acceptInvitation } from './api-team';
import { InboxConnection } from './connection';
import { clearCache, type SidedeskDb } from './db';
import {
  connectionItem,
  lastServerUrlItem,
  notificationPrefsItem,
  ownStatusItem,
  sessionItem,
  typingItem,
} from './settings';
import { nextTypingMap } from './typing';
import { touchedConversations, UnreadConversations } from './unread-count';

/** A chat window counts as open while it has said so within this time. */
const WINDOW_TTL_MS = 25_000;
export const KEEPALIVE_ALARM = 'sidedesk-keepalive';
const NOTIFY_WITHIN_MS = 5 * 60_000;

/**
 * The background's work: the one connection per signed-in member, the answers to the extension's pages,
 * the open chat windows (presence), and the toolbar badge. It keeps nothing in memory that it cannot
 * rebuild from storage and Dexie, since the browser stops the worker whenever it is idle.
 */
export class BackgroundService {
  private connection: InboxConnection | null = null;
  private readonly windows = new Map<string, number>();
  private windowSweep: ReturnType<typeof setInterval> | null = null;
  private readonly startedAt = Date.now();
  private windowsHeard = false;
  /** Writes of the typing map, one after another, so two notices never overwrite each other. */
  private typingWrites: Promise<void> = Promise.resolve();
  /** What the badge counts, kept from change to change; rebuilt whenever the worker starts. */
  private readonly unread: UnreadConversations;
  /** Badge updates, one after another, so an older count never overwrites a newer one. */
  private badgeWork: Promise<void> = Promise.resolve();
  private badgeShown: string | null = null;

  constructor(private readonly db: SidedeskDb) {
    this.unread = new UnreadConversations(db);
  }

  async start(): Promise<void> {
    const session = await sessionItem.getValue();
    if (session) this.connect(session);
    else
      await connectionItem.setValue({ status: 'signed_out', detail: null, since: new Date().toISOString() });
    await this.updateBadge();
  }

  keepAlive(): void {
    this.connection?.ensureConnected();
  }

  /** Every request from a page is checked before anything happens; the reply names what was wrong. */
  async handle(raw: unknown): Promise<ExtensionResponse> {
    const parsed = extensionRequest.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        ok: false,
        error: issue ? `${issue.path.join('.') || 'request'}: ${issue.message}` : i18n.t('errors.badRequest'),
      };
    }
    try {
      await this.dispatch(parsed.data);
      return { ok: true };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  private async dispatch(request: ExtensionRequest): Promise<void> {
    switch (request.type) {
      case 'signIn':
        return this.signIn(request.serverUrl, request.email, request.password);
      case 'signOut':
        return this.signOut();
      case 'useSession':
        return this.useSession(request.serverUrl, request.session);
      case 'acceptInvitation':
        return this.acceptInvitation(request.serverUrl, request.token, request.nickname, request.password);
      case 'sendReply':
        return this.requireConnection().sendReply(request.conversationId, request.body);
      case 'markRead':
        await this.requireConnection().markRead(request.conversationId);
        return this.updateBadge([request.conversationId]);
      case 'typing':
        return this.requireConnection().sendTyping(request.conversationId);
      case 'windowOpen':
        this.windowsHeard = true;
        this.windows.set(request.windowId, Date.now());
        this.reportWindows();
        return;
      case 'windowClosed':
        this.windowsHeard = true;
        this.windows.delete(request.windowId);
        this.reportWindows();
        return;
      case 'discardFailedReply':
        await this.db.messages
          .where('clientId')
          .equals(request.clientId)
          .filter((m) => Boolean(m.failed))
          .delete();
        return;
    }
  }

  private requireConnection(): InboxConnection {
    if (!this.connection) throw new Error(i18n.t('errors.signInFirst'));
    return this.connection;
  }

  private async signIn(serverUrl: string, email: string, password: string): Promise<void> {
    let signedIn;
    try {
      signedIn = await new ApiClient(serverUrl).signIn({ email, password });
    } catch (error) {
      if (error instanceof ApiError && error.status === 429)
        throw new Error(i18n.t('signIn.tooManyAttempts', [Math.ceil((error.retryAfterSeconds ?? 60) / 60)]));
      throw new Error(error instanceof ApiError ? error.message : i18n.t('errors.signInFailed'));
    }
    await this.useSession(serverUrl, signedIn);
  }

  /** An invitation accepted from the side panel signs the new member in, as signing in does. */
  private async acceptInvitation(serverUrl: string, token: string, nickname: string, password: string) {
    let signedIn;
    try {
      signedIn = await acceptInvitation(new ApiClient(serverUrl), token, { nickname, password });
    } catch (error) {
      throw new Error(error instanceof ApiError ? error.message : i18n.t('errors.signInFailed'));
    }
    await this.useSession(serverUrl, signedIn);
  }

  /** Keeps a new session (a sign-in's, a setup's or an accepted invitation's) and connects with it. */
  private async useSession(serverUrl: string, signedIn: Session): Promise<void> {
    const session: StoredSession = { serverUrl, ...signedIn };
    const previous = await sessionItem.getValue();
    // Another member's (or another server's) cache must not show through.
    if (!previous || previous.member.id !== session.member.id || previous.serverUrl !== serverUrl) {
      await clearCache(this.db);
      // The badge's list of unread conversations was of the cache just emptied.
      await this.updateBadge();
    }
    await sessionItem.setValue(session);
    await lastServerUrlItem.setValue(serverUrl);
    this.connect(session);
  }

  private async signOut(reason: string | null = null): Promise<void> {
    const connection = this.connection;
    this.disconnect();
    if (connection) await connection.api.signOut().catch(() => {});
    await sessionItem.setValue(null);
    await ownStatusItem.setValue(null);
    await typingItem.setValue({});
    await clearCache(this.db);
    await connectionItem.setValue({ status: 'signed_out', detail: reason, since: new Date().toISOString() });
    await this.updateBadge();
  }

  private connect(session: StoredSession): void {
    this.disconnect();
    this.connection = new InboxConnection(this.db, session, {
      onState: (state) => void connectionItem.setValue(state),
      onApplied: (events) => {
        void this.updateBadge(touchedConversations(events));
        this.clearTypingOnMessages(events);
        void this.notifyAssignments(session.member.id, events);
        void this.notifySlaNotices(session.member, events);
      },
      onCacheReset: () => void this.updateBadge(),
      onOwnStatus: (status) => {
        void ownStatusItem.setValue(status);
        // A new role changes what the member may see: the cache is built again for it (the sync contract).
        if (status.role !== session.member.role) void this.roleChanged(session, status.role);
      },
      onSignedOut: (reason) => void this.signOut(reason),
      onTyping: (notice) => this.setTyping(notice.conversationId, notice.until),
      onShopsChanged: () => void this.refreshShops(),
    });
    this.connection.start();
    this.windowSweep = setInterval(() => this.reportWindows(), 10_000);
  }

  /** Fetches the workspace's shops again into the stored session, so every page shows the current list. */
  private async refreshShops(): Promise<void> {
    const connection = this.connection;
    if (!connection) return;
    const fresh = await fetchMe(connection.api).catch(() => null);
    const current = await sessionItem.getValue();
    if (!fresh || !current || this.connection !== connection || current.member.id !== fresh.member.id) return;
    await sessionItem.setValue({ ...current, shops: fresh.shops, workspace: fresh.workspace });
  }

  private async roleChanged(session: StoredSession, role: StoredSession['member']['role']): Promise<void> {
    const current = await sessionItem.getValue();
    if (current?.token !== session.token || current.member.role === role) return;
    const next = { ...current, member: { ...current.member, role } };
    await sessionItem.setValue(next);
    this.connect(next);
  }

  private disconnect(): void {
    this.connection?.stop();
    this.connection = null;
    if (this.windowSweep) clearInterval(this.windowSweep);
    this.windowSweep = null;
  }

  /** Records until when someone is typing in a conversation (null: not any more). */
  private setTyping(conversationId: string, until: TypingNotice['until'] | null): void {
    this.typingWrites = this.typingWrites
      .then(async () => {
        const current = await typingItem.getValue();
        if (until === null && !(conversationId in current)) return;
        await typingItem.setValue(nextTypingMap(current, conversationId, until, new Date()));
      })
      .catch(() => {});
  }

  /** The customer's message has arrived: they have stopped typing it, as every chat app shows. */
  private clearTypingOnMessages(events: SyncEvent[]): void {
    for (const event of events)
      if (event.type === 'message.created' && event.message.direction === 'inbound')
        this.setTyping(event.message.conversationId, null);
  }

  private reportWindows(): void {
    const now = Date.now();
    for (const [id, seen] of this.windows) if (now - seen > WINDOW_TTL_MS) this.windows.delete(id);
    // A worker that just started has not heard from the open windows yet: it says so instead of "none".
    const known = this.windowsHeard || now - this.startedAt > WINDOW_TTL_MS;
    this.connection?.setOpenWindows(known ? this.windows.size : null);
  }

  /** A system notification for each chat someone else (or the queue) just handed to this member. */
  private async notifyAssignments(memberId: string, events: SyncEvent[]): Promise<void> {
    if (!(await notificationPrefsItem.getValue()).assigned) return;
    const now = Date.now();
    for (const event of events) {
      if (event.type !== 'conversation.upserted' || !event.assignment) continue;
      const { toMemberId, byMemberId, note } = event.assignment;
      // Old news from a catch-up after a long sleep is not worth a notification.
      if (toMemberId !== memberId || byMemberId === memberId || now - Date.parse(event.at) > NOTIFY_WITHIN_MS)
        continue;
      const c = event.conversation;
      await browser.notifications
        .create(`assigned:${c.id}:${event.seq}`, {
          type: 'basic',
          iconUrl: browser.runtime.getURL('/icon/128.png'),
          title: i18n.t('notifications.assigned', [c.customerName]),
          message: note
            ? `${c.lastMessagePreview}\n${i18n.t('notifications.note', [note])}`
            : c.lastMessagePreview,
          priority: 1,
        })
        .catch(() => {});
    }
  }

  /**
   * Due soon and overdue notices: to the assignee, or to the members who see every chat when nobody has it.
   */
  private async notifySlaNotices(
    viewer: { id: string; role: StoredSession['member']['role'] },
    events: SyncEvent[],
  ) {
    const now = Date.now();
    const prefs = await notificationPrefsItem.getValue();
    for (const event of events) {
      if (event.type !== 'conversation.sla' || now - Date.parse(event.at) > NOTIFY_WITHIN_MS) continue;
      // The member chose which notices they want on the options page.
      if (!(event.step === 'snooze_ended' ? prefs.snoozeEnded : prefs.sla)) continue;
      const mine =
        event.assigneeId === viewer.id || (event.assigneeId === null && seesAllConversations(viewer.role));
      if (!mine) continue;
      await browser.notifications
        .create(`sla:${event.conversationId}:${event.step}`, {
          type: 'basic',
          iconUrl: browser.runtime.getURL('/icon/128.png'),
          title: i18n.t(`notifications.sla.${event.step}.title`, [event.customerName]),
          message: i18n.t(`notifications.sla.${event.step}.text`),
          priority: 2,
        })
        .catch(() => {});
    }
  }

  /**
   * The toolbar badge counts the conversations with customer messages this member has not opened. Given the
   * conversations a change touched, it looks at those alone; without, it counts them all again.
   */
  updateBadge(touched?: Iterable<string>): Promise<void> {
    const ids = touched === undefined ? undefined : [...touched];
    this.badgeWork = this.badgeWork.then(() => this.refreshBadge(ids)).catch(() => {});
    return this.badgeWork;
  }

  private async refreshBadge(touched: string[] | undefined): Promise<void> {
    const session = await sessionItem.getValue();
    if (!session) this.unread.reset();
    const text = badgeText(session ? await this.unread.count(session.member, touched) : 0);
    if (text === this.badgeShown) return;
    await browser.action.setBadgeText({ text });
    await browser.action.setBadgeBackgroundColor({ color: '#d93025' });
    this.badgeShown = text;
  }
}
