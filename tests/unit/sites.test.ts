import { describe, expect, it } from 'vitest';
import { amazonAdapter } from '../../lib/sites/amazon/adapter';
import { amazonExamples } from '../../lib/sites/amazon/detect';
import { demoAdapter } from '../../lib/sites/demo/adapter';
import { demoExamples } from '../../lib/sites/demo/detect';
import { genericExamples } from '../../lib/sites/generic/detect';
import { ADAPTERS, siteFor } from '../../lib/sites/registry';
import { EXAMPLE_SETTINGS, orderIdsIn, type DetectorExamples, type SiteAdapter } from '../../lib/sites/site';
import { tiktokShopAdapter } from '../../lib/sites/tiktok-shop/adapter';
import { tiktokShopExamples } from '../../lib/sites/tiktok-shop/detect';

const EXAMPLES: Record<SiteAdapter['id'], DetectorExamples> = {
  demo: demoExamples,
  'tiktok-shop': tiktokShopExamples,
  amazon: amazonExamples,
  generic: genericExamples,
};

const detect = (adapter: SiteAdapter, address: string) => adapter.detect(new URL(address), EXAMPLE_SETTINGS);

describe('site detectors', () => {
  it('every adapter has test URLs, some of its own and some that are not', () => {
    expect(ADAPTERS.map((a) => a.id).sort()).toEqual(Object.keys(EXAMPLES).sort());
    for (const examples of Object.values(EXAMPLES)) {
      expect(Object.values(examples).some((page) => page !== null)).toBe(true);
      expect(Object.values(examples).some((page) => page === null)).toBe(true);
    }
  });

  for (const adapter of ADAPTERS) {
    it(`${adapter.id} detects its own test URLs as written`, () => {
      for (const [address, page] of Object.entries(EXAMPLES[adapter.id]))
        expect({ address, page: detect(adapter, address) }).toEqual({ address, page });
    });

    it(`${adapter.id} matches no other adapter's test URLs`, () => {
      for (const [owner, examples] of Object.entries(EXAMPLES)) {
        if (owner === adapter.id) continue;
        for (const address of Object.keys(examples))
          expect({ address, page: detect(adapter, address) }).toEqual({ address, page: null });
      }
    });
  }

  it('siteFor picks the adapter each test URL belongs to, and nothing for the rest', () => {
    for (const [id, examples] of Object.entries(EXAMPLES))
      for (const [address, page] of Object.entries(examples)) {
        const found = siteFor(address, EXAMPLE_SETTINGS);
        expect({ address, site: found && { id: found.adapter.id, page: found.page } }).toEqual({
          address,
          site: page && { id, page },
        });
      }
    expect(siteFor('not a url', EXAMPLE_SETTINGS)).toBeNull();
  });

  it('a site the member also allowed by hand keeps its own adapter', () => {
    const settings = { ...EXAMPLE_SETTINGS, allowedOrigins: ['https://sellercentral.amazon.com'] };
    expect(siteFor('https://sellercentral.amazon.com/messaging/inbox', settings)?.adapter.id).toBe('amazon');
    expect(siteFor('https://sellercentral.amazon.com/home', settings)?.adapter.id).toBe('generic');
  });

  it('the demo follows the server the member signed in to, wherever it is', () => {
    const settings = { serverUrls: ['https://desk.example.net:8443'], allowedOrigins: [] };
    expect(demoAdapter.detect(new URL('https://desk.example.net:8443/demo/seller/chat'), settings)).toBe(
      'chat',
    );
    expect(demoAdapter.detect(new URL('http://127.0.0.1:3000/demo/seller/chat'), settings)).toBeNull();
    expect(
      demoAdapter.detect(new URL('https://desk.example.net:8443/demo/seller/chat'), {
        serverUrls: ['::'],
        allowedOrigins: [],
      }),
    ).toBeNull();
  });
});

describe('order ids', () => {
  it.each([
    [demoAdapter, 'Order 570123456789012345 shipped', ['570123456789012345']],
    [demoAdapter, 'not 5701234567890123456 nor 580123456789012345', []],
    [
      tiktokShopAdapter,
      'Orders 576461413890000001 and 581769084568176530, again 576461413890000001',
      ['576461413890000001', '581769084568176530'],
    ],
    [tiktokShopAdapter, 'phone 4412345678901234567, short 57646141389', []],
    [
      amazonAdapter,
      'About 112-1234567-1234567 (and 305-7654321-1234567)',
      ['112-1234567-1234567', '305-7654321-1234567'],
    ],
    [amazonAdapter, 'not 1112-1234567-1234567 nor 112-123456-1234567', []],
  ] as const)('%#: %s', (adapter, text, ids) => {
    expect(orderIdsIn(text, adapter.orderId)).toEqual(ids);
  });

  it("link to the site's own order page", () => {
    expect(
      tiktokShopAdapter.orderUrl(
        '581769084568176530',
        new URL('https://seller-my.tiktok.com/chat/inbox/current?shop_region=MY'),
      ),
    ).toBe('https://seller-my.tiktok.com/order/detail?order_no=581769084568176530&shop_region=MY');
    expect(
      amazonAdapter.orderUrl(
        '112-1234567-1234567',
        new URL('https://sellercentral.amazon.de/messaging/inbox'),
      ),
    ).toBe('https://sellercentral.amazon.de/orders-v3/order/112-1234567-1234567');
    expect(
      demoAdapter.orderUrl(
        '570123456789012345',
        new URL('https://sidedesk.example.com/helpdesk/demo/seller/chat?shop=shop_demo_it'),
      ),
    ).toBe('https://sidedesk.example.com/helpdesk/demo/seller/orders?shop=shop_demo_it');
  });

  it('read from the URL where the page is about one order', () => {
    expect(
      amazonAdapter.factsFromUrl(
        new URL(
          'https://sellercentral.amazon.co.jp/messaging/contact?orderID=250-1234567-1234567&marketplaceID=A1VC38T7YXB528',
        ),
      ),
    ).toEqual({ orderIds: ['250-1234567-1234567'] });
    expect(
      amazonAdapter.factsFromUrl(
        new URL('https://sellercentral.amazon.com/orders-v3/order/112-1234567-1234567'),
      ),
    ).toEqual({
      orderIds: ['112-1234567-1234567'],
    });
    expect(
      amazonAdapter.factsFromUrl(
        new URL('https://sellercentral.amazon.com/messaging/contact?orderID=<script>'),
      ),
    ).toEqual({
      orderIds: [],
    });
    expect(
      tiktokShopAdapter.factsFromUrl(
        new URL('https://seller-vn.tiktok.com/order/detail?order_no=584098737148888997&shop_region=VN'),
      ),
    ).toEqual({ orderIds: ['584098737148888997'] });
  });
});
