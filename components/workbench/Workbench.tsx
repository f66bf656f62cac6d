import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { i18n } from '#i18n';
import { useNow } from '@/components/app/useNow';
import type { CardRef, Conversation, Order, Shop } from '@/lib/protocol';
import { SendButton } from './SendButton';
import {
  day,
  money,
  orderItemsCount,
  orderStatusLabel,
  voucherDiscount,
  voucherProblemText,
  voucherRemainingText,
} from './format';
import { useOrders, useProducts, useSendCard, useVouchers } from './useWorkbench';
import './workbench.css';

export type WorkbenchTab = 'orders' | 'products' | 'vouchers';
export const WORKBENCH_TABS: WorkbenchTab[] = ['orders', 'products', 'vouchers'];

/** Sends cards for one conversation and remembers which went out, so each row can say "Sent". */
function useCardSender(conversationId: string) {
  const send = useSendCard(conversationId);
  const [sent, setSent] = useState<Set<string>>(new Set());
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const sendCard = (card: CardRef) => {
    setPending(card.id);
    setError(null);
    send.mutate(card, {
      onSuccess: () => setSent((s) => new Set(s).add(card.id)),
      onError: (e) => setError(e instanceof Error ? e.message : String(e)),
      onSettled: () => setPending(null),
    });
  };
  const stateOf = (id: string): 'idle' | 'sending' | 'sent' =>
    pending === id ? 'sending' : sent.has(id) ? 'sent' : 'idle';
  return { sendCard, stateOf, error };
}

/**
 * The workbench beside a chat (product §9): the customer's orders, the shop's live products and its vouchers,
 * each sendable as a card. A closed chat shows them without "Send".
 */
export function Workbench({
  conversation,
  shop,
  tab,
  focusOrderNumber,
}: {
  conversation: Conversation;
  shop: Shop | undefined;
  tab: WorkbenchTab;
  /** An order a seller-center page link asked for: shown open and scrolled to. */
  focusOrderNumber?: string;
}) {
  const sender = useCardSender(conversation.id);
  const canSend = conversation.status !== 'closed' && conversation.trashedAt === null;
  return (
    <div
      className="workbench"
      role="tabpanel"
      id={`workbench-${tab}`}
      aria-labelledby={`workbench-tab-${tab}`}
      data-testid={`workbench-${tab}`}
    >
      {sender.error && (
        <p className="error" role="alert" data-testid="workbench-error">
          {sender.error}
        </p>
      )}
      {tab === 'orders' && (
        <OrdersTab
          conversationId={conversation.id}
          sender={canSend ? sender : null}
          focusOrderNumber={focusOrderNumber}
        />
      )}
      {tab === 'products' && shop && <ProductsTab shop={shop} sender={canSend ? sender : null} />}
      {tab === 'vouchers' && shop && <VouchersTab shop={shop} sender={canSend ? sender : null} />}
    </div>
  );
}

type Sender = ReturnType<typeof useCardSender> | null;

function Loading({ failed, retry }: { failed: Error | null; retry: () => void }) {
  if (failed) {
    return (
      <p className="error" role="alert">
        {i18n.t('workbench.loadFailed', [failed.message])}{' '}
        <button type="button" className="link-button" onClick={retry}>
          {i18n.t('workbench.retry')}
        </button>
      </p>
    );
  }
  return (
    <p className="muted" aria-busy="true">
      {i18n.t('workbench.loading')}
    </p>
  );
}

function OrdersTab({
  conversationId,
  sender,
  focusOrderNumber,
}: {
  conversationId: string;
  sender: Sender;
  focusOrderNumber?: string;
}) {
  const orders = useOrders(conversationId);
  if (!orders.data) return <Loading failed={orders.error} retry={() => void orders.refetch()} />;
  if (orders.data.length === 0) return <p className="muted">{i18n.t('workbench.orders.none')}</p>;
  return (
    <ul className="workbench-list" aria-label={i18n.t('workbench.tabs.orders')}>
      {orders.data.map((o, i) => (
        <OrderRow
          key={o.id}
          order={o}
          open={focusOrderNumber ? o.number === focusOrderNumber : i === 0}
          focused={o.number === focusOrderNumber}
          sender={sender}
        />
      ))}
    </ul>
  );
}

function OrderRow({
  order: o,
  open,
  focused,
  sender,
}: {
  order: Order;
  open: boolean;
  focused: boolean;
  sender: Sender;
}) {
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (focused) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [focused]);
  return (
    <li
      ref={ref}
      className={`workbench-row${focused ? ' focused' : ''}`}
      data-testid="workbench-order"
      data-order-number={o.number}
    >
      <details open={open}>
        <summary>
          <span className="workbench-row-title">
            <strong>{i18n.t('workbench.orders.number', [o.number])}</strong>
            <span className={`order-status status-${o.status}`}>{orderStatusLabel(o.status)}</span>
          </span>
          <span className="muted">
            {day(o.placedAt)} · {i18n.t('workbench.orders.items', orderItemsCount(o))} ·{' '}
            {money(o.totalCents, o.currency)}
          </span>
        </summary>
        <ul className="order-items">
          {o.items.map((item, i) => (
            <li key={i}>
              {item.quantity} × {item.title}{' '}
              <span className="muted">{money(item.unitPriceCents * item.quantity, o.currency)}</span>
            </li>
          ))}
        </ul>
        <p className="muted">
          {o.trackingNumber
            ? i18n.t('workbench.orders.tracking', [o.carrier ?? '', o.trackingNumber])
            : i18n.t('workbench.orders.noTracking')}
        </p>
      </details>
      {sender && (
        <SendButton
          label={i18n.t('workbench.orders.send', [o.number])}
          state={sender.stateOf(o.id)}
          onSend={() => sender.sendCard({ type: 'order', id: o.id })}
        />
      )}
    </li>
  );
}

/** Waits until typing pauses, so a search runs once per word rather than once per key. */
function useSettled(value: string, delayMs: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

function ProductsTab({ shop, sender }: { shop: Shop; sender: Sender }) {
  const [typed, setTyped] = useState('');
  const q = useSettled(typed.trim(), 200);
  const products = useProducts(shop.id, q);
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    // Esc clears the search before it closes anything else.
    if (e.key === 'Escape' && typed) {
      e.stopPropagation();
      setTyped('');
    }
  };
  return (
    <>
      <input
        type="search"
        className="workbench-search"
        data-testid="product-search"
        placeholder={i18n.t('workbench.products.search')}
        aria-label={i18n.t('workbench.products.search')}
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        onKeyDown={onKeyDown}
      />
      {!products.data ? (
        <Loading failed={products.error} retry={() => void products.refetch()} />
      ) : products.data.length === 0 ? (
        <p className="muted">{i18n.t('workbench.products.none')}</p>
      ) : (
        <ul
          className="workbench-list"
          aria-label={i18n.t('workbench.tabs.products')}
          aria-busy={products.isPlaceholderData}
        >
          {products.data.map((p) => (
            <li key={p.id} className="workbench-row" data-testid="workbench-product" data-sku={p.sku}>
              <div>
                <strong>{p.title}</strong>
                <span className="muted">
                  {i18n.t('workbench.products.sku', [p.sku])} · {money(p.priceCents, p.currency)}
                </span>
                <span className={p.stock > 0 ? 'muted' : 'warn'}>
                  {p.stock > 0
                    ? i18n.t('workbench.products.inStock', p.stock)
                    : i18n.t('workbench.products.outOfStock')}
                </span>
              </div>
              {sender && (
                <SendButton
                  label={i18n.t('workbench.products.send', [p.title])}
                  state={sender.stateOf(p.id)}
                  onSend={() => sender.sendCard({ type: 'product', id: p.id })}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function VouchersTab({ shop, sender }: { shop: Shop; sender: Sender }) {
  const vouchers = useVouchers(shop.id);
  const now = useNow(60_000);
  if (!vouchers.data) return <Loading failed={vouchers.error} retry={() => void vouchers.refetch()} />;
  if (vouchers.data.length === 0) return <p className="muted">{i18n.t('workbench.vouchers.none')}</p>;
  return (
    <ul className="workbench-list" aria-label={i18n.t('workbench.tabs.vouchers')}>
      {vouchers.data.map((v) => {
        const problem = voucherProblemText(v, now);
        return (
          <li
            key={v.id}
            className={`workbench-row${problem ? ' unavailable' : ''}`}
            data-testid="workbench-voucher"
            data-code={v.code}
          >
            <div>
              <strong>{v.title}</strong>
              <span>
                {voucherDiscount(v)} · <code>{v.code}</code>
              </span>
              <span className="muted">
                {v.minSpendCents > 0
                  ? i18n.t('workbench.vouchers.minSpend', [money(v.minSpendCents, v.currency)])
                  : i18n.t('workbench.vouchers.noMinSpend')}{' '}
                · {i18n.t('workbench.vouchers.validUntil', [day(v.expiresAt)])} · {voucherRemainingText(v)}
              </span>
              {v.terms && <span className="muted terms">{v.terms}</span>}
              {problem && (
                <span className="warn" data-testid="voucher-problem">
                  {problem}
                </span>
              )}
            </div>
            {sender && (
              <SendButton
                label={i18n.t('workbench.vouchers.send', [v.code])}
                state={sender.stateOf(v.id)}
                disabledReason={problem}
                onSend={() => sender.sendCard({ type: 'voucher', id: v.id })}
              />
            )}
          </li>
        );
      })}
    </ul>
  );
}
