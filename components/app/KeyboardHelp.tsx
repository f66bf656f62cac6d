import { useEffect, useRef } from 'react';
import { i18n } from '#i18n';

const KEYS: {
  keys: string[];
  what: 'move' | 'open' | 'reply' | 'select' | 'end' | 'back' | 'search' | 'help';
}[] = [
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
      <table>
        <tbody>
          {KEYS.map(({ keys, what }, i) => (
            <tr key={i}>
              <th scope="row">
                {keys.map((k) => (
                  <kbd key={k}>{k}</kbd>
                ))}
              </th>
              <td>{i18n.t(`keys.${what === 'move' ? (i === 0 ? 'next' : 'previous') : what}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="small" onClick={() => ref.current?.close()} autoFocus>
        {i18n.t('keys.close')}
      </button>
    </dialog>
  );
}
