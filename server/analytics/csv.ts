import type { AnalyticsConversation, Category, Channel } from '../../lib/protocol';

/**
 * The CSV export (RFC 4180: comma-separated, CRLF, quotes doubled inside quoted cells). Text that a spreadsheet
 * would run as a formula (starting with = + - @, a tab or a carriage return) gets a leading apostrophe, so a
 * tag or a name a customer chose can never become a formula. Numbers the server computed are written as
 * numbers; durations in whole seconds (rounded), so a spreadsheet sums them as they are. Category and channel
 * are written by their English names, as the extension shows them in English; the column names stay codes.
 */
export const CSV_HEADER = [
  'conversation_id',
  'created_at',
  'first_response_at',
  'closed_at',
  'first_response_seconds',
  'resolution_seconds',
  'rating',
  'channel',
  'shop',
  'agent',
  'tags',
  'category',
  'answered_within_24h',
] as const;

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly (string | number | null)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

const CATEGORY_NAMES: Record<Category, string> = {
  pre_sale: 'Pre-sale',
  in_sale: 'In sale',
  after_sale: 'After-sale',
  logistics: 'Logistics',
  other: 'Other',
};

const CHANNEL_NAMES: Record<Channel, string> = {
  marketplace: 'Marketplace chat',
  webchat: 'Web chat',
  email: 'Email',
  sms: 'SMS',
};

/** A duration in whole seconds; the database's are exact to the microsecond. */
const wholeSeconds = (seconds: number | null) => (seconds === null ? null : Math.round(seconds));

const WITHIN_24H = { answered: 'yes', missed: 'no', pending: 'pending' } as const;

export function csvRow(c: AnalyticsConversation): string {
  return csvLine([
    c.id,
    c.createdAt,
    c.firstResponseAt,
    c.closedAt,
    wholeSeconds(c.firstResponseSeconds),
    wholeSeconds(c.resolutionSeconds),
    c.rating,
    CHANNEL_NAMES[c.channel],
    c.shopName,
    c.assigneeNickname,
    c.tags.join('; '),
    CATEGORY_NAMES[c.category],
    WITHIN_24H[c.answeredWithin24h],
  ]);
}
