import { Package, ShoppingBag, Ticket } from 'lucide-react';
import { i18n } from '#i18n';
import type { Card } from '@/lib/protocol';
import { day, money, orderItemsCount, orderStatusLabel, voucherDiscount } from './format';

/** A voucher, product or order as the chat shows the card that was sent: the copy taken when it went out. */
export function CardView({ card }: { card: Card }) {
  if (card.type === 'voucher') {
    const v = card.voucher;
    return (
      <div className="card card-voucher" data-testid="card" data-card-type="voucher">
        <strong>
          <Ticket size={14} aria-hidden="true" className="inline-icon" /> {v.title}
        </strong>
        <span>
          {voucherDiscount(v)} · <code>{v.code}</code>
        </span>
        {v.minSpendCents > 0 && (
          <span className="muted">
            {i18n.t('workbench.vouchers.minSpend', [money(v.minSpendCents, v.currency)])}
          </span>
        )}
        <span className="muted">{i18n.t('workbench.vouchers.validUntil', [day(v.expiresAt)])}</span>
      </div>
    );
  }
  if (card.type === 'product') {
    const p = card.product;
    return (
      <div className="card card-product" data-testid="card" data-card-type="product">
        <strong>
          <ShoppingBag size={14} aria-hidden="true" className="inline-icon" /> {p.title}
        </strong>
        <span>{money(p.priceCents, p.currency)}</span>
        <span className="muted">
          {i18n.t('workbench.products.sku', [p.sku])} ·{' '}
          {p.stock > 0
            ? i18n.t('workbench.products.inStock', p.stock)
            : i18n.t('workbench.products.outOfStock')}
        </span>
      </div>
    );
  }
  const o = card.order;
  return (
    <div className="card card-order" data-testid="card" data-card-type="order">
      <strong>
        <Package size={14} aria-hidden="true" className="inline-icon" />{' '}
        {i18n.t('workbench.orders.number', [o.number])}
      </strong>
      <span>
        {orderStatusLabel(o.status)} · {money(o.totalCents, o.currency)}
      </span>
      <span className="muted">
        {i18n.t('workbench.orders.items', orderItemsCount(o))} · {day(o.placedAt)}
      </span>
      {o.trackingNumber && (
        <span className="muted">
          {o.carrier ?? ''} {o.trackingNumber}
        </span>
      )}
    </div>
  );
}

/** The card a message carries, if any. */
export function cardOf(payload: Record<string, unknown> | null | undefined): Card | null {
  const card = payload?.card as Card | undefined;
  return card && typeof card === 'object' && 'type' in card ? card : null;
}
