import type { AnalyticsConversation } from '../../lib/protocol';

/**
 * The CSV export (RFC 4180: comma-separated, CRLF, quotes doubled inside quoted cells). Text that a spreadsheet
 * would run as a formula (starting with = + - @, a tab or a carriage return) gets a leading apostrophe, so a
 * tag or a name a customer chose can never become a formula. Numbers the server computed are written as
 * numbers.
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

const WITHIN_24H = { answered: 'yes', missed: 'no', pending: 'pending' } as const;

export function csvRow(c: AnalyticsConversation): string {
  return csvLine([
    c.id,
    c.createdAt,
    c.firstResponseAt,
    c.closedAt,
    c.firstResponseSeconds,
    c.resolutionSeconds,
    c.rating,
    c.channel,
    c.shopName,
    c.assigneeNickname,
    c.tags.join('; '),
    c.category,
    WITHIN_24H[c.answeredWithin24h],
  ]);
}
