import type { ReactNode } from 'react';

/** Asks once more before a step that cannot be taken back on its own (remove, hand over, unblock). */
export function ConfirmBox({
  className,
  label,
  children,
  yes,
  no,
  danger = false,
  busy = false,
  onYes,
  onNo,
}: {
  className: string;
  /** The dialog's name for assistive technology. */
  label: string;
  /** The question, saying what will happen. */
  children: ReactNode;
  yes: string;
  no: string;
  danger?: boolean;
  busy?: boolean;
  onYes: () => void;
  onNo: () => void;
}) {
  return (
    <div className={className} role="alertdialog" aria-label={label}>
      {children}
      <div className="confirm-buttons">
        {/* A dangerous step starts on "no", so Enter alone never takes it. */}
        <button
          type="button"
          className="secondary"
          data-testid="confirm-no"
          autoFocus={danger}
          onClick={onNo}
        >
          {no}
        </button>
        <button
          type="button"
          className={danger ? 'primary danger-fill' : 'primary'}
          data-testid="confirm-yes"
          disabled={busy}
          autoFocus={!danger}
          onClick={onYes}
        >
          {yes}
        </button>
      </div>
    </div>
  );
}
