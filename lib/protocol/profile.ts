import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../domain/password-policy';
import { id, role } from './entities';

/** A member's own profile and notification choices (product §11), as the options page reads and writes them. */

export const memberLanguage = z.enum(['en', 'it']);
export type MemberLanguage = z.infer<typeof memberLanguage>;

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'times are HH:MM');

/** The member's own week, in their time zone, with the local dates they are off. */
export const workingHours = z.object({
  timeZone: z.string().min(1).max(64),
  weekly: z.partialRecord(
    z.enum(['0', '1', '2', '3', '4', '5', '6']),
    z.array(z.object({ start: clockTime, end: clockTime })).max(4),
  ),
  holidays: z.array(z.iso.date()).max(100),
});
export type WorkingHours = z.infer<typeof workingHours>;

/** What a member can be told about, and where. */
export const notificationEvents = ['assigned', 'customerMessage', 'sla', 'snoozeEnded'] as const;
export const notificationChannels = ['system', 'sound', 'email'] as const;
export type NotificationEvent = (typeof notificationEvents)[number];
export type NotificationChannel = (typeof notificationChannels)[number];

const channelChoices = z.object({ system: z.boolean(), sound: z.boolean(), email: z.boolean() });

export const notificationSettings = z.object({
  events: z.object({
    assigned: channelChoices,
    customerMessage: channelChoices,
    sla: channelChoices,
    snoozeEnded: channelChoices,
  }),
  /** At most one email per this many minutes, listing everything that happened in between. */
  emailEveryMinutes: z.number().int().min(5, 'at least every 5 minutes').max(1440, 'at most once a day'),
  /** The number of unread chats on the toolbar button. */
  badge: z.boolean(),
});
export type NotificationSettings = z.infer<typeof notificationSettings>;

/** Until a member chooses: a system notification and a sound for each event, no email, the badge on. */
export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  events: {
    assigned: { system: true, sound: true, email: false },
    customerMessage: { system: true, sound: true, email: false },
    sla: { system: true, sound: false, email: false },
    snoozeEnded: { system: true, sound: false, email: false },
  },
  emailEveryMinutes: 30,
  badge: true,
};

export const profile = z.object({
  id,
  email: z.string(),
  role,
  nickname: z.string(),
  /** Relative to the server, like file links. */
  avatarUrl: z.string().nullable(),
  capacity: z.number().int(),
  /** The most the member may set their capacity to; null: no limit of their own. */
  capacityLimit: z.number().int().nullable(),
  workingHours: workingHours.nullable(),
  language: memberLanguage,
  notifications: notificationSettings,
  /** False until the member (or a migrated choice of their browser) saved notification choices. */
  notificationsChosen: z.boolean(),
  /** Whether this server can send email (SMTP is set up); email choices are refused without it. */
  emailAvailable: z.boolean(),
});
export type Profile = z.infer<typeof profile>;

export const MAX_CAPACITY = 200;

export const profilePatch = z
  .object({
    nickname: z
      .string()
      .trim()
      .min(1, 'a nickname must not be empty')
      .max(40, 'at most 40 characters')
      .optional(),
    capacity: z
      .number()
      .int('a whole number')
      .min(0, 'at least 0')
      .max(MAX_CAPACITY, `at most ${MAX_CAPACITY}`)
      .optional(),
    workingHours: workingHours.nullable().optional(),
    language: memberLanguage.optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), {
    message: 'give at least one of nickname, capacity, workingHours, language',
  });
export type ProfilePatch = z.infer<typeof profilePatch>;

/** A profile picture: made square and small in the browser, then uploaded as its bytes. */
export const AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export const MAX_AVATAR_BYTES = 200 * 1024;
/** The side of the square picture the browser makes. */
export const AVATAR_SIZE = 256;

/** A member changing their own password: the current one proves it is them, the new one meets the policy. */
export const passwordChange = z.object({
  currentPassword: z.string().min(1, 'type your current password').max(PASSWORD_MAX_LENGTH),
  // The password policy (lib/domain/password-policy.ts) is checked on the server, naming this field.
  newPassword: z.string().min(1, 'choose a new password').max(PASSWORD_MAX_LENGTH),
});
export type PasswordChange = z.infer<typeof passwordChange>;

export const passwordChanged = z.object({
  /** How many other sessions (browsers) of the member were signed out. */
  otherSessionsEnded: z.number().int(),
});
export type PasswordChanged = z.infer<typeof passwordChanged>;
