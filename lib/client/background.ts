import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { badgeText } from '../domain/unread';
import { seesAllConversations } from '../domain/visibility';
import {
  extensionRequest,
  type ExtensionRequest,
  type ExtensionResponse,
  type NotificationEvent,
  type Profile,
  type Session,
  type StoredSession,
  type SyncEvent,
  type TypingNotice,
} from '../protocol';
import { ApiClient, ApiError } from './api';
import { fetchMe } from './api-shops';
import { getProfile, saveNotificationSettings } from './api-profile';
import { migratedSettings, sessionWithProfile, settingsOf } from './notify-settings';
import { playNotificationSound } from './sound';
import { acceptInvitation } from './api-team';
import { InboxConnection } from './connection';
import { clearCache, type SidedeskDb } from './db';
import {
  connectionItem,
  lastServerUrlItem,
  legacyNotificationPrefsItem,
  openConversationItem,
  ownStatusItem,
  profileItem,
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
    // The badge follows its switch, whichever page or socket event stored the new choice.
    profileItem.watch((next, previous) => {
      if (next?.notifications.badge !== previous?.notifications.badge) void this.updateBadge();
    });
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
    await profileItem.setValue(null);
    await typingItem.setValue({});
    await clearCache(this.db);
    await connectionItem.setValue({ status: 'signed_out', detail: reason, since: new Date().toISOString() });
    await this.updateBadge();
  }

  private connect(session: StoredSession): void {
    this.disconnect();
    this.connection = new InboxConnection(this.db, session, {
      onState: (state) => {
        void connectionItem.setValue(state);
        // Every (re)connection reads the profile again: it may have changed while this browser was away.
        if (state.status === 'online') void this.loadProfile();
      },
      onApplied: (events) => {
        void this.updateBadge(touchedConversations(events));
        this.clearTypingOnMessages(events);
        void this.notify(session.member, events);
      },
      onProfile: (profile) => void this.applyProfile(profile),
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

  /** Reads the member's profile from the server, carrying over this browser's old local choices once. */
  private async loadProfile(): Promise<void> {
    const connection = this.connection;
    if (!connection) return;
    try {
      let profile = await getProfile(connection.api);
      const legacy = await legacyNotificationPrefsItem.getValue();
      if (legacy && !profile.notificationsChosen)
        profile = await saveNotificationSettings(connection.api, migratedSettings(legacy));
      if (legacy) await legacyNotificationPrefsItem.removeValue();
      if (this.connection === connection) await this.applyProfile(profile);
    } catch {
      // The cached copy (or the defaults) stays until the next connection.
    }
  }

  /** Keeps the worker's copy of the profile, and the session the pages show, as the server says. */
  private async applyProfile(profile: Profile): Promise<void> {
    await profileItem.setValue(profile);
    const session = await sessionItem.getValue();
    const updated = session ? sessionWithProfile(session, profile) : null;
    if (updated) await sessionItem.setValue(updated);
  }

  /**
   * Tells the member what the events say, as they chose on the options page: a system notification per event
   * and one sound for the lot. Old news from a catch-up after a long sleep is not worth telling.
   */
  private async notify(viewer: StoredSession['member'], events: SyncEvent[]): Promise<void> {
    const settings = settingsOf(await profileItem.getValue());
    const now = Date.now();
    let sound = false;
    const tell = async (
      event: NotificationEvent,
      id: string,
      options: { title: string; message: string; priority: number },
    ) => {
      const choice = settings.events[event];
      sound ||= choice.sound;
      if (!choice.system) return;
      await browser.notifications
        .create(id, { type: 'basic', iconUrl: browser.runtime.getURL('/icon/128.png'), ...options })
        .catch(() => {});
    };
    for (const event of events) {
      if (now - Date.parse(event.at) > NOTIFY_WITHIN_MS) continue;
      if (event.type === 'conversation.upserted' && event.assignment) {
        // A chat someone else (or the queue) just handed to this member.
        const { toMemberId, byMemberId, note } = event.assignment;
        if (toMemberId !== viewer.id || byMemberId === viewer.id) continue;
        const c = event.conversation;
        await tell('assigned', `assigned:${c.id}:${event.seq}`, {
          title: i18n.t('notifications.assigned', [c.customerName]),
          message: note
            ? `${c.lastMessagePreview}\n${i18n.t('notifications.note', [note])}`
            : c.lastMessagePreview,
          priority: 1,
        });
      } else if (event.type === 'message.created' && event.message.direction === 'inbound') {
        // A customer writes in a chat of this member's (the cache has the conversation by now).
        const c = await this.db.conversations.get(event.message.conversationId);
        // A blocked customer's messages are kept but told to nobody (product §11).
        if (!c || c.assigneeId !== viewer.id || c.customerBlocked) continue;
        // The chat open in the side panel needs no notification: the member is looking at it.
        const open = await openConversationItem.getValue();
        if (open?.conversationId === c.id && this.windows.size > 0) continue;
        await tell('customerMessage', `message:${c.id}:${event.seq}`, {
          title: i18n.t('notifications.customerMessage', [c.customerName]),
          message: event.message.body || c.lastMessagePreview,
          priority: 1,
        });
      } else if (event.type === 'conversation.sla') {
        // Due soon, overdue, back from snooze: to the assignee, or to those who see every chat when nobody has it.
        const mine =
          event.assigneeId === viewer.id || (event.assigneeId === null && seesAllConversations(viewer.role));
        if (!mine) continue;
        await tell(
          event.step === 'snooze_ended' ? 'snoozeEnded' : 'sla',
          `sla:${event.conversationId}:${event.step}`,
          {
            title: i18n.t(`notifications.sla.${event.step}.title`, [event.customerName]),
            message: i18n.t(`notifications.sla.${event.step}.text`),
            priority: 2,
          },
        );
      }
    }
    if (sound) await playNotificationSound().catch(() => {});
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
    const count = session ? await this.unread.count(session.member, touched) : 0;
    // The member may turn the badge off on the options page; the count is kept for when they turn it on.
    const text = settingsOf(await profileItem.getValue()).badge ? badgeText(count) : '';
    if (text === this.badgeShown) return;
    await browser.action.setBadgeText({ text });
    await browser.action.setBadgeBackgroundColor({ color: '#d93025' });
    this.badgeShown = text;
  }
}
