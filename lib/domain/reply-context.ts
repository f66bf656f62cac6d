import type { Message } from '../protocol/entities';
import type { Order } from '../protocol/catalog';

/**
 * What a saved reply is filled with and ranked by in one chat: the order the chat is about, and the language
 * the chat is in. The side panel and the seller-center overlay both decide them here, so `/track` in the
 * panel and `;track` on the page fill in the same order.
 */

/** Order numbers as each marketplace writes them; a marketplace not listed here has its numbers found as any code. */
const ORDER_NUMBER_PATTERNS: Record<string, RegExp> = {
  // 18 digits starting with 5 (the demo marketplace numbers its orders the same way).
  tiktok_shop: /\b5\d{17}\b/g,
  amazon: /\b\d{3}-\d{7}-\d{7}\b/g,
};
/** Any code with a digit in it, for a marketplace whose numbers we do not know. */
const ANY_ORDER_NUMBER = /\b(?=[A-Z-]*\d)[A-Z\d][A-Z\d-]{2,38}[A-Z\d]\b/gi;

/** The order-number pattern of a shop's marketplace. */
export function orderNumberPattern(marketplace: string | null | undefined): RegExp {
  return ORDER_NUMBER_PATTERNS[marketplace ?? ''] ?? ANY_ORDER_NUMBER;
}

/** An order the member chose for the chat (in the panel, or by opening it from a seller-center link), and when. */
export interface ChosenOrder {
  number: string;
  at: string;
}

export type OrderInQuestion<O> =
  /** One order fits: the variables take it. */
  | { kind: 'decided'; order: O; because: 'chosen' | 'named' | 'onlyOrder' }
  /** Several fit, the likeliest first: the member chooses before inserting. */
  | { kind: 'choose'; choices: O[]; because: 'named' | 'severalOrders' }
  /** The customer has no order: the variables stay for the member to fill. */
  | { kind: 'none' };

type Line = Pick<Message, 'direction' | 'body' | 'createdAt'>;
type Numbered = Pick<Order, 'number' | 'placedAt'>;

/**
 * The order a chat is about, among the customer's orders in the shop:
 * 1. the one the member chose for this chat (in the panel, or from an order link on a seller-center page),
 *    unless the customer named another order since;
 * 2. the order numbers the customer wrote (found with the marketplace's pattern, kept when they are this
 *    customer's): one is it, several are for the member to choose, the latest named first;
 * 3. with none named, the customer's only order; several are for the member to choose, newest first.
 * Never simply the newest order: a customer writing about an older one would get the wrong number.
 */
export function orderInQuestion<O extends Numbered>(
  messages: readonly Line[],
  orders: readonly O[],
  { pattern = ANY_ORDER_NUMBER, chosen = null }: { pattern?: RegExp; chosen?: ChosenOrder | null } = {},
): OrderInQuestion<O> {
  if (orders.length === 0) return { kind: 'none' };
  const byNumber = new Map(orders.map((o) => [o.number, o]));
  const global = new RegExp(
    pattern.source,
    pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
  );
  // Newest message first, so the latest named order leads.
  const fromCustomer = messages
    .filter((m) => m.direction === 'inbound')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const named: { order: O; at: string }[] = [];
  for (const line of fromCustomer) {
    for (const [found] of line.body.matchAll(global)) {
      const order = byNumber.get(found);
      if (order && !named.some((n) => n.order === order)) named.push({ order, at: line.createdAt });
    }
  }
  const choice = chosen ? byNumber.get(chosen.number) : undefined;
  if (chosen && choice) {
    const namedSince = named.filter((n) => n.at > chosen.at && n.order !== choice);
    if (namedSince.length === 0) return { kind: 'decided', order: choice, because: 'chosen' };
  }
  if (named.length === 1) return { kind: 'decided', order: named[0]!.order, because: 'named' };
  if (named.length > 1) return { kind: 'choose', choices: named.map((n) => n.order), because: 'named' };
  if (orders.length === 1) return { kind: 'decided', order: orders[0]!, because: 'onlyOrder' };
  return {
    kind: 'choose',
    choices: [...orders].sort((a, b) => b.placedAt.localeCompare(a.placedAt)),
    because: 'severalOrders',
  };
}

/** Words common in short customer-service texts, per language, to tell which one a text is in. */
const COMMON_WORDS: Record<string, readonly string[]> = {
  en: `the and you your is are for to of it hi hello thanks thank order have has with my we please can will day
    what when where how this that not just here in on be i from any help sorry`.split(/\s+/),
  it: `il lo la le gli di che è per un una ciao grazie ordine sono tuo tua ho hai non con come buongiorno del
    della dell nell l pure qui ti mi ma ancora quando dove perché salve buonasera sì anche posso puoi`.split(
    /\s+/,
  ),
  fr: `le la les de des et est pour un une bonjour merci commande je vous avec pas mon ma votre où quand`.split(
    /\s+/,
  ),
  de: `der die das und ist für ein eine hallo danke bestellung ich sie mit nicht mein meine wo wann`.split(
    /\s+/,
  ),
  es: `el la los las de y es para un una hola gracias pedido yo usted con no mi mis dónde cuándo`.split(
    /\s+/,
  ),
};
/** The language people of a shop's country write in, when a chat gives nothing better. */
const COUNTRY_LANGUAGES: Record<string, string> = {
  GB: 'en',
  IE: 'en',
  US: 'en',
  CA: 'en',
  AU: 'en',
  NZ: 'en',
  IT: 'it',
  SM: 'it',
  VA: 'it',
  FR: 'fr',
  BE: 'fr',
  LU: 'fr',
  DE: 'de',
  AT: 'de',
  ES: 'es',
  MX: 'es',
  AR: 'es',
};

/** The language a text is written in, when its words say so clearly; null for a text too short to tell. */
export function languageOf(text: string): string | null {
  const words = text
    .replace(/\{\{[^}]*\}\}/g, ' ')
    .toLowerCase()
    // Apostrophes split words: the Italian "dell'ordine" is "dell" and "ordine".
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
  const hits = Object.entries(COMMON_WORDS)
    .map(([language, common]) => ({ language, count: words.filter((w) => common.includes(w)).length }))
    .sort((a, b) => b.count - a.count);
  const [best, next] = hits;
  return best && best.count >= 2 && best.count > (next?.count ?? 0) ? best.language : null;
}

/** The language of a shop's country ("GB" → "en"), or null for a country we have no language for. */
export function languageOfCountry(country: string | null | undefined): string | null {
  return COUNTRY_LANGUAGES[(country ?? '').toUpperCase()] ?? null;
}

/**
 * The language a chat is in: the customer's, when their messages say it clearly, else the shop's country's.
 */
export function chatLanguage(
  messages: readonly Pick<Message, 'direction' | 'body'>[],
  country?: string | null,
): string | null {
  const customerText = messages
    .filter((m) => m.direction === 'inbound')
    .map((m) => m.body)
    .join('\n');
  return languageOf(customerText) ?? languageOfCountry(country);
}
