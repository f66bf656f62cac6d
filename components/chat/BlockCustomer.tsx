import { Ban } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { i18n } from '#i18n';
import { useSession } from '@/components/app/session';
import { unblockCustomer } from '@/lib/client/api-blocked';
import { roleAtLeast } from '@/lib/domain/roles';
import type { Conversation } from '@/lib/protocol';
import './blocked.css';

/**
 * "Block Ana?" under the chat's header, with an optional reason for the team: Block confirms (Enter in the
 * reason too), Cancel or Esc leaves everything as it was.
 */
export function BlockConfirmation({
  customerName,
  onConfirm,
  onCancel,
}: {
  customerName: string;
  onConfirm: (reason: string | null) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const confirm = () => onConfirm(reason.trim() || null);
  return (
    <div
      className="confirm-bar block-confirm"
      role="alertdialog"
      aria-label={i18n.t('blocked.block')}
      aria-describedby="block-confirm-text"
      data-testid="confirm-bar"
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.stopPropagation();
        onCancel();
      }}
    >
      <p id="block-confirm-text">{i18n.t('blocked.confirm', [customerName])}</p>
      <label className="block-reason">
        <span>{i18n.t('blocked.reason')}</span>
        <input
          ref={input}
          data-testid="block-reason"
          maxLength={500}
          placeholder={i18n.t('blocked.reasonPlaceholder')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            confirm();
          }}
        />
      </label>
      <div className="confirm-buttons">
        <button type="button" className="secondary" data-testid="confirm-no" onClick={onCancel}>
          {i18n.t('panelLayout.cancel')}
        </button>
        <button type="button" className="primary danger-fill" data-testid="confirm-yes" onClick={confirm}>
          {i18n.t('blocked.confirmYes')}
        </button>
      </div>
    </div>
  );
}

/**
 * The chat's notice that its customer is blocked (product §11): what that means, and for managers and above
 * the way back.
 */
export function BlockedBanner({ conversation }: { conversation: Conversation }) {
  const { api, session } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="blocked-banner" role="status" data-testid="blocked-banner">
      <Ban size={16} aria-hidden="true" className="blocked-banner-icon" />
      <div className="blocked-banner-text">
        <p>{i18n.t('blocked.banner', [conversation.customerName])}</p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </div>
      {roleAtLeast(session.member.role, 'manager') && (
        <button
          type="button"
          className="secondary"
          data-testid="banner-unblock"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            unblockCustomer(api, conversation.customerId).then(
              () => setError(null),
              (e: Error) => {
                setError(e.message);
                setBusy(false);
              },
            );
          }}
        >
          {i18n.t('blocked.page.unblock')}
        </button>
      )}
    </div>
  );
}
