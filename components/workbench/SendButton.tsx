import { i18n } from '#i18n';

/** "Send" on a workbench row; says why not when the row can't be sent, and "Sent" once it went out. */
export function SendButton({
  label,
  onSend,
  disabledReason,
  state,
}: {
  /** What is sent, for screen readers: "Send voucher WELCOME10". */
  label: string;
  onSend: () => void;
  disabledReason?: string | null;
  state: 'idle' | 'sending' | 'sent';
}) {
  return (
    <button
      type="button"
      className="primary small"
      data-testid="workbench-send"
      aria-label={label}
      title={disabledReason ?? label}
      disabled={Boolean(disabledReason) || state === 'sending'}
      onClick={onSend}
    >
      {state === 'sending'
        ? i18n.t('workbench.sending')
        : state === 'sent'
          ? i18n.t('workbench.sent')
          : i18n.t('workbench.send')}
    </button>
  );
}
