import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { KeyTable } from '@/components/app/KeyboardHelp';
import { useStorageItem } from '@/components/app/useStorageItem';
import { SavedRepliesEditor } from '@/components/replies/SavedRepliesEditor';
import { roleName } from '@/components/team/roleName';
import { browserCommandsInOrder } from '@/lib/client/commands';
import { askBackground } from '@/lib/client/messaging';
import { notificationPrefsItem, sessionItem, type NotificationPrefs } from '@/lib/client/settings';

interface Command {
  name?: string;
  description?: string;
  shortcut?: string;
}

/** Who is signed in, to which server and workspace, with sign-out. */
export function AccountPage() {
  const session = useStorageItem(sessionItem);
  if (!session) return <p className="muted">{i18n.t('options.account.signedOut')}</p>;
  return (
    <>
      <dl className="options-facts">
        <dt>{i18n.t('options.account.server')}</dt>
        <dd data-testid="options-server">{session.serverUrl}</dd>
        <dt>{i18n.t('options.account.member')}</dt>
        <dd>
          {session.member.nickname} · {roleName(session.member.role)} · {session.workspace.name}
        </dd>
        <dt>{i18n.t('options.account.shops')}</dt>
        <dd>{session.shops.map((s) => s.name).join(', ')}</dd>
      </dl>
      <button type="button" className="secondary" onClick={() => void askBackground({ type: 'signOut' })}>
        {i18n.t('app.signOut')}
      </button>
    </>
  );
}

/** Which browser notifications to show. */
export function NotificationsPage() {
  const storedPrefs = useStorageItem(notificationPrefsItem);
  // The box follows the click at once; storage catches up a moment later.
  const [chosenPrefs, setChosenPrefs] = useState<NotificationPrefs | null>(null);
  const prefs = chosenPrefs ?? storedPrefs;
  const setPref = (key: keyof NotificationPrefs, on: boolean) => {
    if (!prefs) return;
    const next = { ...prefs, [key]: on };
    setChosenPrefs(next);
    void notificationPrefsItem.setValue(next);
  };
  if (!prefs) return null;
  return (
    <>
      {(['assigned', 'sla', 'snoozeEnded'] as const).map((key) => (
        <label key={key} className="check options-check">
          <input
            type="checkbox"
            data-testid={`pref-${key}`}
            checked={prefs[key]}
            onChange={(e) => setPref(key, e.target.checked)}
          />
          {i18n.t(`options.notifications.${key}`)}
        </label>
      ))}
    </>
  );
}

export function RepliesPage() {
  return <SavedRepliesEditor />;
}

/** The browser's shortcuts (with those it left unset) and the side panel's keys. */
export function KeysPage() {
  const [commands, setCommands] = useState<Command[]>([]);
  useEffect(() => {
    // The commands API exists only once the manifest declares commands.
    void browser.commands?.getAll().then((all) => setCommands(browserCommandsInOrder(all)));
  }, []);
  const unset = commands.filter((c) => !c.shortcut);
  return (
    <>
      {commands.length > 0 && (
        <>
          <h3>{i18n.t('options.keys.browser')}</h3>
          <table className="options-keys" data-testid="browser-keys">
            <tbody>
              {commands.map((c) => (
                <tr key={c.name} data-command={c.name}>
                  <th scope="row">{c.shortcut ? <kbd>{c.shortcut}</kbd> : i18n.t('options.keys.unset')}</th>
                  <td>{c.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {unset.length > 0 && (
            <p className="options-warning" role="status" data-testid="browser-keys-unset">
              {i18n.t('browserKeys.unsetHelp', [unset.map((c) => `“${c.description}”`).join(', ')])}
            </p>
          )}
          <p className="muted">
            {i18n.t('options.keys.change')}{' '}
            <button
              type="button"
              className="link-button"
              // chrome:// pages open only from the extension, not through a link.
              onClick={() => void browser.tabs.create({ url: 'chrome://extensions/shortcuts' })}
            >
              {i18n.t('browserKeys.openShortcuts')}
            </button>
          </p>
        </>
      )}
      <h3>{i18n.t('options.keys.panel')}</h3>
      <KeyTable className="options-keys" />
    </>
  );
}

export function LanguagePage() {
  return <p>{i18n.t('options.language.text')}</p>;
}
