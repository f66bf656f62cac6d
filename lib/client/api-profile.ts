import {
  passwordChanged,
  profile,
  type NotificationSettings,
  type PasswordChange,
  type PasswordChanged,
  type Profile,
  type ProfilePatch,
} from '../protocol';
import type { ApiClient } from './api';

/** The signed-in member's own profile and notification choices (server/routes/profile.ts). */

export function getProfile(api: ApiClient): Promise<Profile> {
  return api.request('GET', '/api/me/profile', profile);
}

export function updateProfile(api: ApiClient, patch: ProfilePatch): Promise<Profile> {
  return api.request('PATCH', '/api/me/profile', profile, patch);
}

export function saveNotificationSettings(api: ApiClient, settings: NotificationSettings): Promise<Profile> {
  return api.request('PUT', '/api/me/notifications', profile, settings);
}

/** The picture as made by `squareAvatar`: its bytes, with its type. */
export function uploadAvatar(api: ApiClient, picture: Blob): Promise<Profile> {
  return api.upload('/api/me/avatar', picture, {}, { schema: profile, method: 'PUT' });
}

export function removeAvatar(api: ApiClient): Promise<Profile> {
  return api.request('DELETE', '/api/me/avatar', profile);
}

/** An avatar's address: the server stores it relative to itself, like file links. */
export function avatarSrc(serverUrl: string, avatarUrl: string | null | undefined): string | null {
  if (!avatarUrl) return null;
  return /^https?:\/\//.test(avatarUrl) ? avatarUrl : serverUrl + avatarUrl;
}

/** Changes the member's own password; the server signs out every other browser of theirs and says how many. */
export function changePassword(api: ApiClient, change: PasswordChange): Promise<PasswordChanged> {
  return api.request('POST', '/api/me/password', passwordChanged, change);
}
