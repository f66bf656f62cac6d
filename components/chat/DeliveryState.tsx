import { useState } from 'react';
import { AlertTriangle, CheckCheck, Clock, RotateCcw } from 'lucide-react';
import { i18n } from '#i18n';
import { useSession } from '@/components/app/session';
import { retryDelivery } from '@/lib/client/api-deliveries';
import { ApiError } from '@/lib/client/api';
import { roleAtLeast } from '@/lib/domain/roles';
import type { MessageDelivery } from '@/lib/protocol';
import { deliveryProblemWords } from './deliveryWords';

/**
 * How far a message got to the shop's integration: sending (retrying, with the last problem), delivered, or
 * not delivered with the reason; a manager retries a failed one here. The state arrives as a later copy of
 * the message through sync, so this only reads it.
 */
export function DeliveryState({ messageId, delivery }: { messageId: string; delivery: MessageDelivery }) {
  const { api, session } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mayRetry = roleAtLeast(session.member.role, 'manager');

  const retry = async () => {
    setBusy(true);
    setError(null);
    try {
      await retryDelivery(api, messageId);
    } catch (e) {
      setError(e instanceof ApiError || e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  if (delivery.state === 'delivered') {
    return (
      <span className="delivery delivery-delivered" data-testid="delivery-state" data-state="delivered">
        <CheckCheck size={12} aria-hidden="true" />
        {i18n.t('delivery.delivered')}
      </span>
    );
  }
  if (delivery.state === 'sending') {
    const retrying = delivery.problem !== null;
    return (
      <span
        className="delivery delivery-sending"
        data-testid="delivery-state"
        data-state="sending"
        title={retrying ? deliveryProblemWords(delivery.problem) : undefined}
      >
        <Clock size={12} aria-hidden="true" />
        {retrying
          ? i18n.t('delivery.retrying', [deliveryProblemWords(delivery.problem)])
          : i18n.t('delivery.sending')}
      </span>
    );
  }
  return (
    <div className="delivery delivery-failed" data-testid="delivery-state" data-state="failed" role="status">
      <span className="delivery-reason">
        <AlertTriangle size={12} aria-hidden="true" />
        {i18n.t('delivery.failed', [deliveryProblemWords(delivery.problem)])}
      </span>
      {mayRetry && (
        <button
          type="button"
          className="secondary small"
          onClick={() => void retry()}
          disabled={busy}
          data-testid="delivery-retry"
        >
          <RotateCcw size={12} aria-hidden="true" />
          {i18n.t('delivery.retry')}
        </button>
      )}
      {error && <span className="error">{error}</span>}
    </div>
  );
}
