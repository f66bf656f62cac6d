import { i18n } from '#i18n';
import type { Order, OrderStatus, Voucher } from '@/lib/protocol';
import { voucherProblem, vouchersRemaining } from '@/lib/domain/vouchers';

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Cents of a currency in the browser's language, e.g. "€129.90" or "129,90 €". */
export function money(cents: number, currency: string): string {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat(navigator.language, { style: 'currency', currency });
    moneyFormats.set(currency, format);
  }
  return format.format(cents / 100);
}

let dayFormat: Intl.DateTimeFormat | null = null;
export function day(iso: string): string {
  dayFormat ??= new Intl.DateTimeFormat(navigator.language, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
  return dayFormat.format(new Date(iso));
}

export function orderStatusLabel(status: OrderStatus): string {
  return i18n.t(`workbench.orderStatus.${status}`);
}

/** "10% off" or "€5.00 off". */
export function voucherDiscount(v: Voucher): string {
  return v.discountType === 'percent'
    ? i18n.t('workbench.vouchers.percentOff', [String(v.discountValue)])
    : i18n.t('workbench.vouchers.amountOff', [money(v.discountValue, v.currency)]);
}

/** Why the voucher can't be sent now, in words; null when it can. */
export function voucherProblemText(v: Voucher, now: Date): string | null {
  const problem = voucherProblem(v, now);
  if (problem === 'expired') return i18n.t('workbench.vouchers.expired');
  if (problem === 'used_up') return i18n.t('workbench.vouchers.usedUp');
  if (problem === 'not_started') return i18n.t('workbench.vouchers.notStarted', [day(v.startsAt)]);
  return null;
}

export function voucherRemainingText(v: Voucher): string {
  const left = vouchersRemaining(v);
  return left === null
    ? i18n.t('workbench.vouchers.unlimited')
    : i18n.t('workbench.vouchers.remaining', left);
}

export function orderItemsCount(o: Order): number {
  return o.items.reduce((sum, item) => sum + item.quantity, 0);
}
