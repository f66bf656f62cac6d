import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { browser } from 'wxt/browser';
import { AlertTriangle, ExternalLink, RotateCcw } from 'lucide-react';
import { i18n } from '#i18n';
import { useSession } from '@/components/app/session';
import { deliveryProblemSentence } from '@/components/chat/deliveryWords';
import { listFailedDeliveries, retryAllDeliveries, retryDelivery } from '@/lib/client/api-deliveries';
import { panelRequestItem } from '@/lib/client/settings';
import type { FailedDelivery } from '@/lib/protocol';
import './deliveries.css';

const KEY = ['deliveries', 'failed'];

const when = (iso: string) =>
  new Intl.DateTimeFormat(navigator.language, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );

/**
 * "Failed deliveries" (managers and above): messages the shops' integrations never accepted, with the reason,
 * and Retry for one or all. The list follows retries within a few seconds (a retried one leaves it).
 */
export function DeliveriesPage() {
  const { api } = useSession();
  const client = useQueryClient();
  const [outcome, setOutcome] = useState<string | null>(null);
  const list = useQuery({ queryKey: KEY, queryFn: () => listFailedDeliveries(api), refetchInterval: 5_000 });
  const refresh = () => client.invalidateQueries({ queryKey: KEY });
  const retryOne = useMutation({
    mutationFn: (messageId: string) => retryDelivery(api, messageId),
    onSuccess: (r) => setOutcome(i18n.t('delivery.page.retried', r.retried, [String(r.retried)])),
    onError: (e: Error) => setOutcome(i18n.t('delivery.page.retryError', [e.message])),
    onSettled: refresh,
  });
  const retryAll = useMutation({
    mutationFn: () => retryAllDeliveries(api),
    onSuccess: (r) => setOutcome(i18n.t('delivery.page.retried', r.retried, [String(r.retried)])),
    onError: (e: Error) => setOutcome(i18n.t('delivery.page.retryError', [e.message])),
    onSettled: refresh,
  });
  const windowId = useWindowId();
  const open = (conversationId: string) => {
    // sidePanel.open first, while the click still counts as the member's gesture; the panel then reads the request.
    if (windowId !== undefined) void browser.sidePanel.open({ windowId }).catch(() => undefined);
    void panelRequestItem.setValue({ kind: 'conversation', conversationId, at: new Date().toISOString() });
  };

  if (list.isPending) return <p className="muted">{i18n.t('delivery.page.loading')}</p>;
  if (list.isError) {
    return (
      <p className="error" role="alert">
        {i18n.t('delivery.page.loadError', [list.error.message])}
      </p>
    );
  }
  const deliveries = list.data.deliveries;
  const busy = retryOne.isPending || retryAll.isPending;
  return (
    <div className="deliveries" data-testid="failed-deliveries">
      <p className="muted">{i18n.t('delivery.page.intro')}</p>
      {outcome && (
        <p className="deliveries-outcome" role="status" data-testid="deliveries-outcome">
          {outcome}
        </p>
      )}
      {deliveries.length === 0 ? (
        <p className="empty" data-testid="deliveries-empty">
          {i18n.t('delivery.page.empty')}
        </p>
      ) : (
        <>
          <div className="deliveries-bar">
            <strong>{i18n.t('delivery.page.count', deliveries.length, [String(deliveries.length)])}</strong>
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => retryAll.mutate()}
              data-testid="deliveries-retry-all"
            >
              <RotateCcw size={14} aria-hidden="true" />
              {retryAll.isPending ? i18n.t('delivery.page.retrying') : i18n.t('delivery.page.retryAll')}
            </button>
          </div>
          <ul className="deliveries-list" aria-label={i18n.t('delivery.page.list')}>
            {deliveries.map((d) => (
              <DeliveryRow
                key={d.messageId}
                delivery={d}
                busy={busy}
                onRetry={() => retryOne.mutate(d.messageId)}
                onOpen={() => open(d.conversationId)}
              />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function DeliveryRow({
  delivery: d,
  busy,
  onRetry,
  onOpen,
}: {
  delivery: FailedDelivery;
  busy: boolean;
  onRetry: () => void;
  onOpen: () => void;
}) {
  return (
    <li className="delivery-row" data-testid="failed-delivery" data-message-id={d.messageId}>
      <div className="delivery-row-head">
        <strong className="delivery-row-customer" title={d.customerName}>
          {d.customerName}
        </strong>
        <span className="muted delivery-row-shop" title={d.shopName}>
          {d.shopName}
        </span>
      </div>
      <p className="delivery-row-excerpt">
        {d.kind === 'session_ended' ? <em>{i18n.t('delivery.page.sessionEnded')}</em> : d.excerpt}
      </p>
      <p className="delivery-row-reason" data-testid="failed-delivery-reason">
        <AlertTriangle size={13} aria-hidden="true" />
        <span>{deliveryProblemSentence(d.problem)}</span>
      </p>
      <div className="delivery-row-foot">
        <span className="muted">
          {i18n.t('delivery.page.attempts', d.attempts, [String(d.attempts)])} ·{' '}
          <time dateTime={d.failedAt}>{when(d.failedAt)}</time>
        </span>
        <span className="delivery-row-actions">
          <button type="button" className="secondary small" onClick={onOpen}>
            <ExternalLink size={12} aria-hidden="true" />
            {i18n.t('delivery.page.openChat')}
          </button>
          <button
            type="button"
            className="small"
            disabled={busy}
            onClick={onRetry}
            data-testid="failed-delivery-retry"
          >
            <RotateCcw size={12} aria-hidden="true" />
            {i18n.t('delivery.retry')}
          </button>
        </span>
      </div>
    </li>
  );
}

function useWindowId(): number | undefined {
  const [windowId, setWindowId] = useState<number | undefined>(undefined);
  useEffect(() => {
    void browser.windows.getCurrent().then((w) => setWindowId(w.id));
  }, []);
  return windowId;
}
