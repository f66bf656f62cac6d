import { and, asc, desc, eq, gt, ilike, or, type SQL } from 'drizzle-orm';
import type { Card, CardRef, Order, Product, ProductQuery, Voucher } from '../../lib/protocol';
import { compareVouchers } from '../../lib/domain/vouchers';
import type { CustomerRef, MarketplaceConnector, ShopRef } from '../channels/connector';
import type { Executor } from '../store';
import { toOrder, toProduct, toVoucher } from '../store/mappers';
import { order, product, shop, voucher } from '../store/schema';

/** Expired vouchers stay listed this long, so an agent sees why the one a customer asks about can't be sent. */
const EXPIRED_SHOWN_DAYS = 30;

/** `%`, `_` and `\` typed in a search are literal characters, not patterns. */
const likePattern = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The demo marketplace's catalogue: it keeps its orders, products and vouchers in Sidedesk's own store, so
 * the connector reads them there. It knows customers by their Sidedesk id.
 */
export class DemoMarketplaceConnector implements MarketplaceConnector {
  constructor(private readonly db: Executor) {}

  async ordersOfCustomer(s: ShopRef, customer: CustomerRef): Promise<Order[]> {
    const rows = await this.db
      .select()
      .from(order)
      .where(
        and(
          eq(order.workspaceId, s.workspaceId),
          eq(order.shopId, s.shopId),
          eq(order.customerId, customer.id),
        ),
      )
      .orderBy(desc(order.placedAt))
      .limit(50);
    return rows.map(toOrder);
  }

  async orderByNumber(s: ShopRef, number: string): Promise<Order | null> {
    const [row] = await this.db
      .select()
      .from(order)
      .where(
        and(eq(order.workspaceId, s.workspaceId), eq(order.shopId, s.shopId), eq(order.externalId, number)),
      );
    return row ? toOrder(row) : null;
  }

  async products(s: ShopRef, query: ProductQuery): Promise<Product[]> {
    const words = query.q.split(/\s+/).filter(Boolean).slice(0, 8);
    const matches: SQL[] = words.map(
      (w) => or(ilike(product.title, likePattern(w)), ilike(product.sku, likePattern(w))) as SQL,
    );
    const rows = await this.db
      .select()
      .from(product)
      .where(
        and(
          eq(product.workspaceId, s.workspaceId),
          eq(product.shopId, s.shopId),
          eq(product.status, 'live'),
          ...matches,
        ),
      )
      .orderBy(asc(product.title))
      .limit(query.limit);
    return rows.map(toProduct);
  }

  async vouchers(s: ShopRef): Promise<Voucher[]> {
    const now = new Date();
    const rows = await this.db
      .select({ voucher, currency: shop.currency })
      .from(voucher)
      .innerJoin(shop, eq(shop.id, voucher.shopId))
      .where(
        and(
          eq(voucher.workspaceId, s.workspaceId),
          eq(voucher.shopId, s.shopId),
          gt(voucher.expiresAt, new Date(+now - EXPIRED_SHOWN_DAYS * 86_400_000)),
        ),
      );
    return rows.map((r) => toVoucher(r.voucher, r.currency)).sort(compareVouchers(now));
  }

  async card(s: ShopRef, ref: CardRef): Promise<Card | null> {
    const scope = <T extends typeof order | typeof product | typeof voucher>(t: T) =>
      and(eq(t.workspaceId, s.workspaceId), eq(t.shopId, s.shopId), eq(t.id, ref.id));
    if (ref.type === 'order') {
      const [row] = await this.db.select().from(order).where(scope(order));
      return row ? { type: 'order', order: toOrder(row) } : null;
    }
    if (ref.type === 'product') {
      const [row] = await this.db.select().from(product).where(scope(product));
      return row ? { type: 'product', product: toProduct(row) } : null;
    }
    const [row] = await this.db
      .select({ voucher, currency: shop.currency })
      .from(voucher)
      .innerJoin(shop, eq(shop.id, voucher.shopId))
      .where(scope(voucher));
    return row ? { type: 'voucher', voucher: toVoucher(row.voucher, row.currency) } : null;
  }
}
