import { normalizeForMatching } from './categories';

/**
 * Search as the inbox does it locally, on what is synced (the server searches everything with PostgreSQL's
 * full-text search): every word of the query starts a word of the text, ignoring case and accents, so
 * "sped" finds "Spedizione" and "rimborso pacco" needs both.
 */
export function searchTerms(query: string): string[] {
  return normalizeForMatching(query).split(' ').filter(Boolean);
}

export function matchesTerms(text: string, terms: string[]): boolean {
  if (terms.length === 0) return false;
  const words = ` ${normalizeForMatching(text)}`;
  return terms.every((term) => words.includes(` ${term}`));
}

/** A short piece of `text` around the first query word it holds, as plain text, for a result row. */
export function snippetAround(text: string, terms: string[], width = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= width) return flat;
  const normalized = flat.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  // Removing accents can change the length before a match; NFD then stripping keeps one letter per letter
  // for the Latin scripts the shops sell in, so positions line up.
  const stems = terms.map((t) => t.slice(0, Math.max(3, t.length - 2)));
  const at = stems
    .map((stem) => normalized.search(new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(stem)}`, 'u')))
    .filter((i) => i >= 0)
    .sort((a, b) => a - b)[0];
  if (at === undefined) return `${flat.slice(0, width - 1)}…`;
  const start = Math.max(0, at - Math.floor(width / 3));
  const end = Math.min(flat.length, start + width);
  return `${start > 0 ? '…' : ''}${flat.slice(start, end).trim()}${end < flat.length ? '…' : ''}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
