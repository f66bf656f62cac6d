import { describe, expect, it } from 'vitest';
import { startBanner } from '../../scripts/start-banner';

describe('what npm start prints', () => {
  it('gives every demo page: the index, the seller center, its orders page and the customer page', () => {
    const banner = startBanner({
      publicUrl: 'http://127.0.0.1:9123',
      demo: true,
      store: 'embedded, in ./data',
      extensionDir: '.output/chrome-mv3',
    });
    for (const url of [
      'http://127.0.0.1:9123/demo\n',
      'http://127.0.0.1:9123/demo/seller/chat',
      'http://127.0.0.1:9123/demo/seller/orders',
      'http://127.0.0.1:9123/demo/customer',
    ])
      expect(banner).toContain(url);
    expect(banner).toContain('manager@acme.example');
  });

  it('leaves the demo out when the server runs without it', () => {
    const banner = startBanner({
      publicUrl: 'https://sidedesk.example.com',
      demo: false,
      store: 'PostgreSQL',
      extensionDir: '.output/chrome-mv3',
    });
    expect(banner).toContain('Sidedesk server     https://sidedesk.example.com   (store: PostgreSQL)');
    expect(banner).not.toContain('/demo');
  });
});

describe('what npm start prints on an empty server', () => {
  it('gives the one-time setup link, and says how long it works', () => {
    const banner = startBanner({
      publicUrl: 'https://sidedesk.example.com',
      demo: false,
      store: 'PostgreSQL',
      extensionDir: '.output/chrome-mv3',
      setupLink: {
        url: 'https://sidedesk.example.com/setup?token=abc',
        expiresAt: new Date('2026-01-08T10:00:00Z'),
      },
    });
    expect(banner).toContain('  https://sidedesk.example.com/setup?token=abc\n');
    expect(banner).toContain('until 2026-01-08 10:00 UTC or the next start');
  });
});
