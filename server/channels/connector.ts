import type { Card, CardRef, Order, Product, ProductQuery, Voucher } from '../../lib/protocol';
import { conflict } from '../errors';

/** A shop as a connector is asked about it. */
export interface ShopRef {
  workspaceId: string;
  shopId: string;
}

/** A customer as Sidedesk knows them, with their handle on the marketplace when they have one. */
export interface CustomerRef {
  id: string;
  handle: string | null;
}

/**
 * What the workbench reads from a shop's marketplace (product §9): the customer's orders, the products on sale
 * and the vouchers the shop can send. Each marketplace integration implements it; the demo marketplace does.
 */
export interface MarketplaceConnector {
  ordersOfCustomer(shop: ShopRef, customer: CustomerRef): Promise<Order[]>;
  /** The order a seller-center page shows by its number, with its customer's Sidedesk id. */
  orderByNumber(shop: ShopRef, number: string): Promise<Order | null>;
  /** Live products whose title or SKU holds the words of the query (all live products for an empty one). */
  products(shop: ShopRef, query: ProductQuery): Promise<Product[]>;
  /** Every voucher of the shop that has not long expired, sendable or not: the workbench says why not. */
  vouchers(shop: ShopRef): Promise<Voucher[]>;
  /** The current copy of a voucher, product or order, to send as a card; null when the shop has none. */
  card(shop: ShopRef, ref: CardRef): Promise<Card | null>;
}

/** Which connector serves a workspace's shops: the marketplace integrations register theirs at start-up. */
export class Connectors {
  private readonly byWorkspace = new Map<string, MarketplaceConnector>();
  private fallback: MarketplaceConnector | null = null;

  register(workspaceId: string | '*', connector: MarketplaceConnector): void {
    if (workspaceId === '*') this.fallback = connector;
    else this.byWorkspace.set(workspaceId, connector);
  }

  of(workspaceId: string): MarketplaceConnector {
    const connector = this.byWorkspace.get(workspaceId) ?? this.fallback;
    if (!connector) {
      throw conflict(
        "No marketplace is connected to this workspace's shops, so their orders, products and vouchers can't be read",
      );
    }
    return connector;
  }
}
