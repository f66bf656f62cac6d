import { useEffect, useRef } from 'react';
import { i18n } from '#i18n';

export interface KeyboardKey {
  keys: string[];
  what: 'move' | 'open' | 'reply' | 'select' | 'end' | 'back' | 'search' | 'help';
}

/** The side panel's keys, as the help dialog and the options page list them. */
export const KEYBOARD_KEYS: KeyboardKey[] = [
  { keys: ['j', '↓'], what: 'move' },
  { keys: ['k', '↑'], what: 'move' },
  { keys: ['Enter'], what: 'open' },
  { keys: ['r'], what: 'reply' },
  { keys: ['x'], what: 'select' },
  { keys: ['e'], what: 'end' },
  { keys: ['Esc'], what: 'back' },
  { keys: ['/'], what: 'search' },
  { keys: ['?'], what: 'help' },
];

/** What a key does, in the member's language. */
export function keyDescription({ what }: KeyboardKey, index: number): string {
  return i18n.t(`keys.${what === 'move' ? (index === 0 ? 'next' : 'previous') : what}`);
}

/** The side panel's keys and what each does, for the help dialog and the options page. */
export function KeyTable({ className }: { className?: string }) {
  return (
    <table className={className}>
      <tbody>
        {KEYBOARD_KEYS.map((entry, i) => (
          <tr key={i}>
            <th scope="row">
              {entry.keys.map((k) => (
                <kbd key={k}>{k}</kbd>
              ))}
            </th>
            <td>{keyDescription(entry, i)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The list of keyboard keys, opened with "?". */
export function KeyboardHelp({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog keyboard-help"
      data-testid="keyboard-help"
      aria-labelledby="keyboard-help-title"
      onClose={onClose}
    >
      <h2 id="keyboard-help-title">{i18n.t('keys.title')}</h2>
      <KeyTable />
      <button type="button" className="small" onClick={() => ref.current?.close()} autoFocus>
        {i18n.t('keys.close')}
      </button>
    </dialog>
  );
}
