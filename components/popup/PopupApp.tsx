import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { SessionProvider } from '@/components/app/session';
import { useStorageItem } from '@/components/app/useStorageItem';
import { StatusToggle } from '@/components/team/StatusToggle';
import { PopupFigures } from '@/components/analytics/PopupFigures';
import { sessionItem } from '@/lib/client/settings';

/** The toolbar popup: the member's status toggle, the way into the inbox, and the service figures. */
export function PopupApp() {
  const session = useStorageItem(sessionItem);
  const [windowId, setWindowId] = useState<number | undefined>(undefined);
  useEffect(() => {
    void browser.windows.getCurrent().then((w) => setWindowId(w.id));
  }, []);

  function openInbox() {
    // sidePanel.open must be the first thing the click does, before anything awaits, or Chrome refuses it.
    if (windowId === undefined) return;
    void browser.sidePanel.open({ windowId }).then(() => window.close());
  }

  const openButton = (
    <button
      type="button"
      className="primary"
      data-testid="open-inbox"
      disabled={windowId === undefined}
      onClick={openInbox}
    >
      {i18n.t('popup.openInbox')}
    </button>
  );

  return (
    <main className="popup">
      <h1>Sidedesk</h1>
      {session === null && <p className="muted">{i18n.t('popup.signInFirst')}</p>}
      {session ? (
        <SessionProvider session={session}>
          <p className="muted">
            {session.member.nickname} · {session.workspace.name}
          </p>
          <StatusToggle />
          {openButton}
          <PopupFigures />
        </SessionProvider>
      ) : (
        openButton
      )}
    </main>
  );
}
