import { storage } from 'wxt/utils/storage';
import type { ConnectionState, PanelRequest, Profile, StoredSession, TeamMember } from '../protocol';

/** Small settings in extension storage; conversations and messages live in Dexie (lib/client/db). */

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8787';

export const sessionItem = storage.defineItem<StoredSession | null>('local:session', {
  fallback: null,
  version: 1,
});

export const lastServerUrlItem = storage.defineItem<string>('local:lastServerUrl', {
  fallback: DEFAULT_SERVER_URL,
  version: 1,
});

export const connectionItem = storage.defineItem<ConnectionState>('session:connection', {
  fallback: { status: 'signed_out', detail: null, since: new Date(0).toISOString() },
  version: 1,
});

/** The member's own status as the server last said it: the toggle, availability, load. */
export const ownStatusItem = storage.defineItem<TeamMember | null>('session:ownStatus', {
  fallback: null,
  version: 1,
});

/** Who else is typing where: conversation id → until when (ISO), as the server last said. */
export const typingItem = storage.defineItem<Record<string, string>>('session:typing', {
  fallback: {},
  version: 1,
});

/** The member's profile and notification choices as the server last said: the worker decides from this copy. */
export const profileItem = storage.defineItem<Profile | null>('local:profile', {
  fallback: null,
  version: 1,
});

/** The choices this browser kept before they moved to the server: carried over once, then removed. */
export interface LegacyNotificationPrefs {
  assigned: boolean;
  sla: boolean;
  snoozeEnded: boolean;
}

export const legacyNotificationPrefsItem = storage.defineItem<LegacyNotificationPrefs | null>(
  'local:notificationPrefs',
  { fallback: null, version: 1 },
);

/** The conversation the side panel shows now: a seller-center page fills saved-reply variables from it. */
export const openConversationItem = storage.defineItem<{ conversationId: string; at: string } | null>(
  'session:openConversation',
  { fallback: null, version: 1 },
);

/** Something a seller-center page or a keyboard command asked the side panel to show when it opens. */
export const panelRequestItem = storage.defineItem<PanelRequest | null>('session:panelRequest', {
  fallback: null,
  version: 1,
});

/** Origins (such as "https://support.example.com") the member allowed Sidedesk's overlay on, besides the known seller centers. */
export const allowedSitesItem = storage.defineItem<string[]>('local:allowedSites', {
  fallback: [],
  version: 1,
});

/**
 * The order each chat is about when the member chose it: in the side panel's choice before a saved reply, or
 * by opening it from an order link on a seller-center page. Saved replies in the panel and on the page fill
 * `{{order.*}}` from it (lib/domain/reply-context.ts).
 */
export const chatOrderItem = storage.defineItem<Record<string, { number: string; at: string }>>(
  'session:chatOrder',
  { fallback: {}, version: 1 },
);

/** Remembers the order a chat is about, keeping the choices of the last chats only. */
export async function chooseChatOrder(conversationId: string, number: string): Promise<void> {
  const chosen = await chatOrderItem.getValue();
  const kept = Object.entries(chosen)
    .filter(([id]) => id !== conversationId)
    .sort(([, a], [, b]) => b.at.localeCompare(a.at))
    .slice(0, 49);
  await chatOrderItem.setValue({
    ...Object.fromEntries(kept),
    [conversationId]: { number, at: new Date().toISOString() },
  });
}
