import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SellerOrder } from './api';
import type { DemoSignIn } from './seed';

/** The demo marketplace's pages: HTML templates in pages/ filled on the server, plus their CSS and scripts. */

const pagesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pages');

const TEMPLATE_FILES = [
  'index.html',
  'customer.html',
  'seller-layout.html',
  'seller-chat.html',
  'seller-orders.html',
];
const ASSET_TYPES: Record<string, string> = {
  'demo.css': 'text/css; charset=utf-8',
  'demo.js': 'text/javascript; charset=utf-8',
  'seller-shell.js': 'text/javascript; charset=utf-8',
  'seller-chat.js': 'text/javascript; charset=utf-8',
  'customer.js': 'text/javascript; charset=utf-8',
};

export interface DemoPages {
  templates: Map<string, string>;
  /** CSS and scripts by file name; nothing else in the folder is served. */
  assets: Map<string, { body: string; contentType: string }>;
}

/** Read once at start-up: the pages are small and never change while the server runs. */
export async function loadPages(): Promise<DemoPages> {
  const read = (file: string) => readFile(path.join(pagesDir, file), 'utf8');
  const templates = await Promise.all(TEMPLATE_FILES.map(async (file) => [file, await read(file)] as const));
  const assets = await Promise.all(
    Object.entries(ASSET_TYPES).map(
      async ([file, contentType]) => [file, { body: await read(file), contentType }] as const,
    ),
  );
  return { templates: new Map(templates), assets: new Map(assets) };
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Fills `{{name}}` slots with HTML the caller built (and escaped); a slot without a value is a bug. */
function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`the page template has no value for {{${name}}}`);
    return value;
  });
}

function template(pages: DemoPages, file: string): string {
  const found = pages.templates.get(file);
  if (found === undefined) throw new Error(`the demo page ${file} was not loaded`);
  return found;
}

interface ShopChoice {
  id: string;
  name: string;
  country: string;
  currency: string;
  timeZone: string;
}

export function renderIndexPage(pages: DemoPages, shops: ShopChoice[], signIns: DemoSignIn[]): string {
  const shopLinks = shops
    .map(
      (
        s,
      ) => `<li><strong>${escapeHtml(s.name)}</strong> <span class="muted">${escapeHtml(s.country)} · ${escapeHtml(s.currency)}</span>
        <a href="/demo/seller/chat?shop=${encodeURIComponent(s.id)}">Chat</a>
        <a href="/demo/seller/orders?shop=${encodeURIComponent(s.id)}">Orders</a>
        <a href="/demo/customer?shop=${encodeURIComponent(s.id)}">Customer page</a></li>`,
    )
    .join('\n');
  const signInRows = signIns
    .map(
      (s) =>
        `<tr><td>${escapeHtml(s.role)}</td><td>${escapeHtml(s.nickname)}</td><td><code>${escapeHtml(s.email)}</code></td><td><code>${escapeHtml(s.password)}</code></td></tr>`,
    )
    .join('\n');
  return fill(template(pages, 'index.html'), { shopLinks, signInRows });
}

export function renderCustomerPage(pages: DemoPages): string {
  return template(pages, 'customer.html');
}

function renderSellerPage(
  pages: DemoPages,
  page: { name: 'chat' | 'orders'; title: string; content: string; script: string },
  shops: ShopChoice[],
  current: ShopChoice,
  workspaceName: string,
): string {
  const shopOptions = shops
    .map(
      (s) =>
        `<option value="${escapeHtml(s.id)}"${s.id === current.id ? ' selected' : ''}>${escapeHtml(s.name)}</option>`,
    )
    .join('');
  return fill(template(pages, 'seller-layout.html'), {
    page: page.name,
    title: escapeHtml(page.title),
    shopId: escapeHtml(current.id),
    shopQuery: encodeURIComponent(current.id),
    shopOptions,
    workspaceName: escapeHtml(workspaceName),
    content: page.content,
    script: page.script,
  });
}

export function renderSellerChatPage(
  pages: DemoPages,
  shops: ShopChoice[],
  current: ShopChoice,
  workspaceName: string,
): string {
  const content = fill(template(pages, 'seller-chat.html'), { shopName: escapeHtml(current.name) });
  return renderSellerPage(
    pages,
    {
      name: 'chat',
      title: 'Customer chat',
      content,
      script:
        '<script src="/socket.io/socket.io.js"></script><script src="/demo/assets/seller-chat.js"></script>',
    },
    shops,
    current,
    workspaceName,
  );
}

const STATUS_LABELS: Record<SellerOrder['status'], string> = {
  awaiting_payment: 'Awaiting payment',
  awaiting_shipment: 'Awaiting shipment',
  shipped: 'Shipped',
  out_for_delivery: 'Out for delivery',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  returned: 'Returned',
};

export function renderSellerOrdersPage(
  pages: DemoPages,
  shops: ShopChoice[],
  current: ShopChoice,
  workspaceName: string,
  orders: SellerOrder[],
  status: SellerOrder['status'] | undefined,
): string {
  const locale = current.country === 'IT' ? 'it-IT' : 'en-GB';
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: current.currency });
  const placed = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: current.timeZone,
  });
  const shopQuery = `shop=${encodeURIComponent(current.id)}`;
  const tabs = [
    `<a href="/demo/seller/orders?${shopQuery}"${status ? '' : ' class="active"'}>All <span class="count">${orders.length}</span></a>`,
    ...Object.entries(STATUS_LABELS).map(([value, label]) => {
      const count = orders.filter((o) => o.status === value).length;
      return `<a href="/demo/seller/orders?${shopQuery}&amp;status=${value}"${status === value ? ' class="active"' : ''}>${label} <span class="count">${count}</span></a>`;
    }),
  ].join('');
  const shown = status ? orders.filter((o) => o.status === status) : orders;
  const rows = shown
    .map(
      (o) => `<tr data-order-id="${escapeHtml(o.externalId)}">
  <td class="order-id">${escapeHtml(o.externalId)}</td>
  <td>${escapeHtml(o.customerName)}${o.customerHandle ? `<div class="muted">@${escapeHtml(o.customerHandle)}</div>` : ''}</td>
  <td>${o.items.map((i) => `<div>${escapeHtml(i.title)} <span class="muted">× ${i.quantity}</span></div>`).join('')}</td>
  <td class="money">${escapeHtml(money.format(o.totalCents / 100))}</td>
  <td><span class="status status-${o.status}">${STATUS_LABELS[o.status]}</span></td>
  <td>${o.trackingNumber ? `${escapeHtml(o.carrier ?? '')}<div class="tracking">${escapeHtml(o.trackingNumber)}</div>` : '<span class="muted">—</span>'}</td>
  <td>${escapeHtml(placed.format(new Date(o.placedAt)))}</td>
</tr>`,
    )
    .join('\n');
  const content = fill(template(pages, 'seller-orders.html'), {
    shopName: escapeHtml(current.name),
    orderCount: String(shown.length),
    tabs,
    rows: rows || '<tr><td colspan="7" class="empty">No orders with this status</td></tr>',
  });
  return renderSellerPage(
    pages,
    { name: 'orders', title: 'Manage orders', content, script: '' },
    shops,
    current,
    workspaceName,
  );
}
