import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { KeyTable } from '@/components/app/KeyboardHelp';
import { SavedRepliesEditor } from '@/components/replies/SavedRepliesEditor';
import { browserCommandsInOrder } from '@/lib/client/commands';

interface Command {
  name?: string;
  description?: string;
  shortcut?: string;
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
