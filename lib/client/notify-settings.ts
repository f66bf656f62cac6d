import {
  DEFAULT_NOTIFICATION_SETTINGS,
  type NotificationSettings,
  type Profile,
  type StoredSession,
} from '../protocol';
import type { LegacyNotificationPrefs } from './settings';

/** The choices the worker acts on: the server's, as last cached, or the defaults before the first answer. */
export function settingsOf(profile: Profile | null): NotificationSettings {
  return profile?.notifications ?? DEFAULT_NOTIFICATION_SETTINGS;
}

/**
 * The choices of this browser from before they were stored on the server, as server choices: each old
 * switch was the system notification of its event; the rest keeps the defaults.
 */
export function migratedSettings(legacy: LegacyNotificationPrefs): NotificationSettings {
  const d = DEFAULT_NOTIFICATION_SETTINGS;
  return {
    ...d,
    events: {
      ...d.events,
      assigned: { ...d.events.assigned, system: legacy.assigned },
      sla: { ...d.events.sla, system: legacy.sla },
      snoozeEnded: { ...d.events.snoozeEnded, system: legacy.snoozeEnded },
    },
  };
}

/** The stored session with what the profile changed, or null when nothing the pages show changed. */
export function sessionWithProfile(session: StoredSession, profile: Profile): StoredSession | null {
  const m = session.member;
  if (m.id !== profile.id) return null;
  if (m.nickname === profile.nickname && m.avatarUrl === profile.avatarUrl && m.capacity === profile.capacity)
    return null;
  return {
    ...session,
    member: { ...m, nickname: profile.nickname, avatarUrl: profile.avatarUrl, capacity: profile.capacity },
  };
}
