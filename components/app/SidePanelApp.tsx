import { LogOut } from 'lucide-react';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { i18n } from '#i18n';
import { SignInForm } from '@/components/auth/SignInForm';
import { ConversationList, type OpenOptions } from '@/components/inbox/ConversationList';
import { askBackground } from '@/lib/client/messaging';
import { connectionItem, sessionItem } from '@/lib/client/settings';
import { StatusToggle } from '@/components/team/StatusToggle';
import { roleName } from '@/components/team/roleName';
import { Avatar } from '@/components/team/Avatar';
import { ChatShortcuts, focusReply } from './ChatShortcuts';
import { ConnectionBanner } from './ConnectionBanner';
import { KeyboardHelp } from './KeyboardHelp';
import { SessionProvider } from './session';
import { useStorageItem } from './useStorageItem';
import { useWindowPresence } from './useWindowPresence';
import { usePanelRequests, type OpenRequest } from './usePanelRequests';
import type { Member } from '@/lib/protocol';

// The chat (with its workbench, emoji picker and saved replies) is a chunk of its own: the list draws
// without waiting for it, and it is fetched as soon as the list is up, before any chat is opened.
const loadChatWindow = () => import('@/components/chat/ChatWindow');
const ChatWindow = lazy(() => loadChatWindow().then((m) => ({ default: m.ChatWindow })));

export function SidePanelApp() {
  const session = useStorageItem(sessionItem);
  const connection = useStorageItem(connectionItem);
  const [openRequest, setOpenRequest] = useState<OpenRequest | null>(null);
  const openConversationId = openRequest?.conversationId ?? null;
  const setOpenConversationId = useCallback(
    (conversationId: string | null) =>
      setOpenRequest(conversationId ? { conversationId, pane: 'chat', at: '' } : null),
    [],
  );
  const [showKeys, setShowKeys] = useState(false);
  const [shortcutError, setShortcutError] = useState<string | null>(null);
  const openChat = useCallback(
    (conversationId: string, options?: OpenOptions) => {
      setShortcutError(null);
      setOpenConversationId(conversationId);
      if (options?.reply) focusReply();
    },
    [setOpenConversationId],
  );
  const backToList = useCallback(() => setOpenConversationId(null), [setOpenConversationId]);
  const toggleKeys = useCallback(() => setShowKeys((s) => !s), []);
  useWindowPresence(Boolean(session));
  useEffect(() => {
    if (!session) return;
    const idle = requestIdleCallback(() => void loadChatWindow(), { timeout: 1_000 });
    return () => cancelIdleCallback(idle);
  }, [session]);
  const openAsked = useCallback((request: OpenRequest) => {
    setShortcutError(null);
    setOpenRequest(request);
  }, []);

  if (session === undefined) return <div className="loading" aria-busy="true" />;
  if (session === null) return <SignInForm notice={connection?.detail ?? null} />;

  return (
    <SessionProvider session={session}>
      <div className="panel">
        <header className="panel-header">
          <strong className="panel-workspace" title={session.workspace.name}>
            {session.workspace.name}
          </strong>
          <span className="panel-member muted" data-testid="panel-member">
            <Avatar serverUrl={session.serverUrl} member={session.member} size={16} />{' '}
            {session.member.nickname} · {roleName(session.member.role)}
          </span>
          <StatusToggle />
          <button
            type="button"
            className="header-icon panel-sign-out"
            aria-label={i18n.t('app.signOut')}
            title={i18n.t('app.signOut')}
            onClick={() => {
              setOpenConversationId(null);
              void askBackground({ type: 'signOut' });
            }}
          >
            <LogOut size={18} aria-hidden="true" />
          </button>
        </header>
        {connection && <ConnectionBanner state={connection} />}
        {shortcutError && (
          <p className="error banner" role="alert">
            {shortcutError}
          </p>
        )}
        <PanelRequests
          member={session.member}
          openConversationId={openConversationId}
          onOpen={openAsked}
          onSay={setShortcutError}
        />
        {openRequest && openConversationId && (
          <>
            <Suspense fallback={<div className="loading" aria-busy="true" />}>
              <ChatWindow
                key={`${openConversationId}:${openRequest.at}`}
                initialPane={openRequest.pane}
                focusOrderNumber={openRequest.focusOrderNumber}
                conversationId={openConversationId}
                member={session.member}
                shops={session.shops}
                onBack={backToList}
                onOpen={openChat}
              />
            </Suspense>
            <ChatShortcuts conversationId={openConversationId} onBack={backToList} onShowKeys={toggleKeys} />
          </>
        )}
        {/* Kept mounted behind an open chat, so the list comes back with its filter, search and place. */}
        <div className="inbox-holder" hidden={openConversationId !== null}>
          <ConversationList
            member={session.member}
            shops={session.shops}
            active={openConversationId === null && !showKeys}
            shown={openConversationId === null}
            onOpen={openChat}
            onShowKeys={toggleKeys}
          />
        </div>
        {showKeys && <KeyboardHelp onClose={() => setShowKeys(false)} />}
      </div>
    </SessionProvider>
  );
}

/** Inside the session, where the cache and the member are known. */
function PanelRequests({
  member,
  openConversationId,
  onOpen,
  onSay,
}: {
  member: Member;
  openConversationId: string | null;
  onOpen: (request: OpenRequest) => void;
  onSay: (message: string) => void;
}) {
  usePanelRequests(member, openConversationId, onOpen, onSay);
  return null;
}
