import { useEffect, useMemo, useState } from 'react';
import { i18n } from '#i18n';
import { useStorageItem } from '@/components/app/useStorageItem';
import { ApiClient, ApiError } from '@/lib/client/api';
import { getProfile } from '@/lib/client/api-profile';
import { sessionWithProfile } from '@/lib/client/notify-settings';
import { profileItem, sessionItem } from '@/lib/client/settings';
import type { Profile, StoredSession } from '@/lib/protocol';

/**
 * The signed-in member's profile for the options pages: the copy the worker keeps (so a change made in
 * another browser shows here at once), read again from the server when the page opens.
 */
export function useProfile(session: StoredSession) {
  const api = useMemo(
    () => new ApiClient(session.serverUrl, session.token),
    [session.serverUrl, session.token],
  );
  const cached = useStorageItem(profileItem);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    getProfile(api).then(
      (p) => void keepProfile(p),
      (error: unknown) =>
        setLoadError(error instanceof ApiError ? error.message : i18n.t('me.profile.loadFailed')),
    );
  }, [api]);
  const profile = cached && cached.id === session.member.id ? cached : null;
  return { api, profile, loadError };
}

/** What the server answered becomes the worker's copy and the session the pages show. */
export async function keepProfile(profile: Profile): Promise<void> {
  await profileItem.setValue(profile);
  const session = await sessionItem.getValue();
  const updated = session ? sessionWithProfile(session, profile) : null;
  if (updated) await sessionItem.setValue(updated);
}

/** A refusal's words, and the field the server named (`body.capacity` → `capacity`). */
export function problemOf(error: unknown): { field: string | null; message: string } {
  if (error instanceof ApiError) {
    const field = error.field?.replace(/^body\.?/, '').split('.')[0] || null;
    // The field is shown beside its input, so its name need not lead the message.
    return { field, message: field ? error.message.replace(/^[\w.]+: /, '') : error.message };
  }
  return { field: null, message: i18n.t('me.saveFailed') };
}
