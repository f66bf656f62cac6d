import { randomBytes } from 'node:crypto';
import { and, eq, ne } from 'drizzle-orm';
import { contentMatchesType } from '../../lib/domain/attachments';
import { validateBusinessCalendar } from '../../lib/domain/business-hours';
import { passwordProblem, passwordProblemText } from '../../lib/domain/password-policy';
import {
  AVATAR_TYPES,
  DEFAULT_NOTIFICATION_SETTINGS,
  MAX_AVATAR_BYTES,
  notificationEvents,
  notificationSettings,
  type NotificationSettings,
  type PasswordChange,
  type PasswordChanged,
  type Profile,
  type ProfilePatch,
} from '../../lib/protocol';
import type { AssignmentService } from '../assignment/service';
import { SIGN_IN_PER_ACCOUNT, waitInWords, type AttemptLimiter } from '../auth/attempts';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { hashToken, type MemberRow } from '../auth/sessions';
import { HttpError, notFound } from '../errors';
import type { FileStore } from '../files/store';
import type { Db } from '../store';
import { authSession, member } from '../store/schema';
import { startReadingWorkspace } from './digest';

/** Where avatars live in the file store, and the public address prefix they are served under. */
const AVATAR_FOLDER = 'avatars';
export const AVATAR_URL_PREFIX = '/avatars/';
const AVATAR_NAME = /^[a-z0-9_-]+\.(png|jpg|webp)$/i;
const EXTENSION: Record<(typeof AVATAR_TYPES)[number], string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
};

/** A stored choice read leniently: anything missing (an older shape) falls back to the default. */
export function notificationSettingsOf(stored: unknown): NotificationSettings {
  const parsed = notificationSettings.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_NOTIFICATION_SETTINGS;
}

const invalid = (field: string, problem: string) =>
  new HttpError(400, 'invalid_input', `${field}: ${problem}`, field);

/**
 * A member's own profile and notification choices (product §11). Each call acts on the signed-in member only,
 * so nobody reaches anyone else's profile through it; changes go out to the member's other browsers.
 */
export class ProfileService {
  constructor(
    private readonly db: Db,
    private readonly files: FileStore,
    private readonly assignment: AssignmentService,
    private readonly options: {
      emailAvailable: () => boolean;
      onChanged: (profile: Profile) => void;
      /** Failed password attempts, shared with sign-in. */
      attempts: AttemptLimiter;
      /** Ends the member's live sockets of every session but the one kept, on every instance. */
      onOtherSessionsEnded: (memberId: string, keptToken: string) => void;
    },
  ) {}

  async get(memberId: string): Promise<Profile> {
    const [row] = await this.db.select().from(member).where(eq(member.id, memberId));
    if (!row || row.removedAt) throw notFound('This member');
    return this.toProfile(row);
  }

  async update(actor: MemberRow, patch: ProfilePatch): Promise<Profile> {
    const current = await this.get(actor.id);
    if (
      patch.capacity !== undefined &&
      current.capacityLimit !== null &&
      patch.capacity > current.capacityLimit
    )
      throw invalid(
        'body.capacity',
        `at most ${current.capacityLimit}, the limit an admin set for you; ask them to raise it`,
      );
    if (patch.workingHours) {
      const problem = validateBusinessCalendar({
        timeZone: patch.workingHours.timeZone,
        weekly: patch.workingHours.weekly,
        holidays: patch.workingHours.holidays,
      });
      if (problem) throw invalid('body.workingHours', problem);
    }
    const { capacity, ...rest } = patch;
    const changes = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    if (Object.keys(changes).length > 0)
      await this.db.update(member).set(changes).where(eq(member.id, actor.id));
    // Capacity goes through the queue: more room hands out waiting chats, and the toggle shows the new figure.
    if (capacity !== undefined && capacity !== current.capacity)
      await this.assignment.updateMember(actor, actor.id, { capacity });
    // Working hours change who the queue may hand work to now.
    if (patch.workingHours !== undefined) this.assignment.requestHandOut(actor.workspaceId);
    return this.changed(actor.id);
  }

  async setNotifications(actor: MemberRow, settings: NotificationSettings): Promise<Profile> {
    if (!this.options.emailAvailable())
      for (const event of notificationEvents)
        if (settings.events[event].email)
          throw invalid(
            `body.events.${event}.email`,
            'this server cannot send email: it has no SMTP server set up (SMTP_URL)',
          );
    await this.db.update(member).set({ notificationPrefs: settings }).where(eq(member.id, actor.id));
    if (notificationEvents.some((e) => settings.events[e].email))
      await startReadingWorkspace(this.db, actor.workspaceId);
    return this.changed(actor.id);
  }

  /**
   * The member changes their own password (product §11): the current one must be right, and a wrong one counts
   * against the same per-account limit as sign-in, so a stolen session cannot be used to guess it. Every other
   * session of the member ends; the one they changed it from stays signed in.
   */
  async changePassword(actor: MemberRow, token: string, change: PasswordChange): Promise<PasswordChanged> {
    const attempt = await this.options.attempts.attempt(
      [{ limit: SIGN_IN_PER_ACCOUNT, subject: actor.email }],
      (wait) => `Too many password attempts; try again in ${waitInWords(wait)}`,
    );
    if (!(await verifyPassword(change.currentPassword, actor.passwordHash)))
      throw new HttpError(
        400,
        'wrong_password',
        'body.currentPassword: this is not your current password',
        'body.currentPassword',
      );
    await attempt.forgive();
    const problem = passwordProblem(change.newPassword, { email: actor.email, nickname: actor.nickname });
    if (problem) throw invalid('body.newPassword', passwordProblemText(problem));
    if (change.newPassword === change.currentPassword)
      throw invalid('body.newPassword', 'is your current password; choose a new one');
    const passwordHash = await hashPassword(change.newPassword);
    const ended = await this.db.transaction(async (tx) => {
      await tx.update(member).set({ passwordHash }).where(eq(member.id, actor.id));
      return tx
        .delete(authSession)
        .where(and(eq(authSession.memberId, actor.id), ne(authSession.tokenHash, hashToken(token))))
        .returning({ tokenHash: authSession.tokenHash });
    });
    this.options.onOtherSessionsEnded(actor.id, token);
    return { otherSessionsEnded: ended.length };
  }

  /** Stores a new picture (checked by its first bytes, not only its declared type) and drops the old one. */
  async setAvatar(actor: MemberRow, contentType: string, data: Buffer): Promise<Profile> {
    const type = contentType.split(';')[0]!.trim().toLowerCase();
    if (
      !(AVATAR_TYPES as readonly string[]).includes(type) ||
      !contentMatchesType(type, data.subarray(0, 64))
    )
      throw new HttpError(
        400,
        'invalid_file',
        'file: a profile picture is a PNG, JPEG or WebP picture',
        'file',
      );
    if (data.length > MAX_AVATAR_BYTES)
      throw new HttpError(
        413,
        'invalid_file',
        `file: a profile picture may be up to ${MAX_AVATAR_BYTES / 1024} KB`,
        'file',
      );
    const name = `${actor.id}-${randomBytes(12).toString('base64url')}.${EXTENSION[type as keyof typeof EXTENSION]}`;
    await this.files.put(`${AVATAR_FOLDER}/${name}`, data);
    const previous = actor.avatarUrl;
    await this.db
      .update(member)
      .set({ avatarUrl: `${AVATAR_URL_PREFIX}${name}` })
      .where(eq(member.id, actor.id));
    await this.removeAvatarFile(previous);
    return this.changed(actor.id);
  }

  async removeAvatar(actor: MemberRow): Promise<Profile> {
    await this.db.update(member).set({ avatarUrl: null }).where(eq(member.id, actor.id));
    await this.removeAvatarFile(actor.avatarUrl);
    return this.changed(actor.id);
  }

  /** A stored avatar by its file name; the name is unguessable, so the address itself is the permission. */
  async avatar(name: string): Promise<{ data: Buffer; contentType: string } | null> {
    if (!AVATAR_NAME.test(name)) return null;
    const data = await this.files.get(`${AVATAR_FOLDER}/${name}`);
    if (!data) return null;
    const extension = name.split('.').pop()!.toLowerCase();
    const contentType = Object.entries(EXTENSION).find(([, e]) => e === extension)![0];
    return { data, contentType };
  }

  private async removeAvatarFile(url: string | null): Promise<void> {
    const name = url?.startsWith(AVATAR_URL_PREFIX) ? url.slice(AVATAR_URL_PREFIX.length) : null;
    if (name && AVATAR_NAME.test(name)) await this.files.remove(`${AVATAR_FOLDER}/${name}`).catch(() => {});
  }

  private async changed(memberId: string): Promise<Profile> {
    const profile = await this.get(memberId);
    this.options.onChanged(profile);
    return profile;
  }

  private toProfile(row: MemberRow): Profile {
    const chosen = notificationSettings.safeParse(row.notificationPrefs).success;
    return {
      id: row.id,
      email: row.email,
      role: row.role,
      nickname: row.nickname,
      avatarUrl: row.avatarUrl,
      capacity: row.capacity,
      capacityLimit: row.capacityLimit,
      workingHours: row.workingHours ?? null,
      language: row.language,
      notifications: notificationSettingsOf(row.notificationPrefs),
      notificationsChosen: chosen,
      emailAvailable: this.options.emailAvailable(),
    };
  }
}
