import type { Voucher } from '../protocol/catalog';

/** Why a voucher cannot go to a customer now; null when it can. */
export type VoucherProblem = 'not_started' | 'expired' | 'used_up';

export function voucherProblem(
  v: Pick<Voucher, 'startsAt' | 'expiresAt' | 'quantity' | 'claimed'>,
  now: Date,
): VoucherProblem | null {
  if (Date.parse(v.expiresAt) <= now.getTime()) return 'expired';
  if (v.quantity !== null && v.claimed >= v.quantity) return 'used_up';
  if (Date.parse(v.startsAt) > now.getTime()) return 'not_started';
  return null;
}

/** How many are left to claim; null when there is no limit. */
export function vouchersRemaining(v: Pick<Voucher, 'quantity' | 'claimed'>): number | null {
  return v.quantity === null ? null : Math.max(0, v.quantity - v.claimed);
}

/** Sendable vouchers first, each group by the nearest expiry: what an agent most likely wants on top. */
export function compareVouchers(now: Date) {
  return (a: Voucher, b: Voucher) =>
    Number(voucherProblem(a, now) !== null) - Number(voucherProblem(b, now) !== null) ||
    Date.parse(a.expiresAt) - Date.parse(b.expiresAt);
}
