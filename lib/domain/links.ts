/**
 * Customer text is text (product §4): never HTML. Links in it become clickable only when they are plain
 * http(s) addresses; anything else, `javascript:` included, stays text. The UI renders each piece as a
 * text node or an <a> with this href, so nothing from the message is ever parsed as markup.
 */
export type TextPiece = { text: string } | { text: string; href: string };

// An address starts at http(s):// or www. and runs to whitespace; trailing punctuation is left out.
const ADDRESS = /\b(?:https?:\/\/|www\.)[^\s<>"']+/gi;
const TRAILING = /[.,;:!?)\]}'"»]+$/;

export function splitLinks(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const match of text.matchAll(ADDRESS)) {
    const raw = match[0].replace(TRAILING, '');
    const start = match.index;
    const href = safeHref(raw);
    if (!href) continue;
    if (start > last) pieces.push({ text: text.slice(last, start) });
    pieces.push({ text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}

/** The address as a link target, or null when it does not parse as http(s). */
function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw.toLowerCase().startsWith('www.') ? `https://${raw}` : raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
