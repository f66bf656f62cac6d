import type { Category } from '../protocol';

/**
 * The category a new conversation starts with (product §4): the first rule, in the shop's order, with a keyword
 * found in the customer's first message. Keywords match whole words or phrases, ignoring case and accents,
 * so "spedizione" matches "Spedizione?" and "rimborso" does not match "rimborsone".
 */
export interface CategoryRule {
  /** "other" is what no rule matched, so no rule gives it. */
  category: Exclude<Category, 'other'>;
  keywords: string[];
}

/** What a shop starts with: English and Italian words sellers' customers use, most specific first. */
export const DEFAULT_CATEGORY_RULES: readonly CategoryRule[] = [
  {
    category: 'after_sale',
    keywords: [
      'refund',
      'return',
      'broken',
      'damaged',
      'defective',
      'wrong item',
      'exchange',
      'warranty',
      'rimborso',
      'reso',
      'rotto',
      'danneggiato',
      'difettoso',
      'sbagliato',
      'cambio',
      'garanzia',
    ],
  },
  {
    category: 'logistics',
    keywords: [
      'tracking',
      'shipping',
      'shipped',
      'delivery',
      'courier',
      'parcel',
      'package',
      'where is my order',
      'spedizione',
      'spedito',
      'consegna',
      'corriere',
      'pacco',
      'tracciamento',
    ],
  },
  {
    category: 'in_sale',
    keywords: [
      'payment',
      'paid',
      'invoice',
      'cancel',
      'change my order',
      'address',
      'pagamento',
      'pagato',
      'fattura',
      'annullare',
      'modificare ordine',
      'indirizzo',
    ],
  },
  {
    category: 'pre_sale',
    keywords: [
      'size',
      'colour',
      'color',
      'available',
      'in stock',
      'discount',
      'voucher',
      'price',
      'taglia',
      'colore',
      'disponibile',
      'sconto',
      'prezzo',
      'misura',
    ],
  },
];

/** Lower case, accents and punctuation gone, single spaces: the form keywords and text are compared in. */
export function normalizeForMatching(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function categorize(text: string, rules: readonly CategoryRule[]): Category {
  const haystack = ` ${normalizeForMatching(text)} `;
  for (const rule of rules) {
    for (const keyword of rule.keywords) {
      const needle = normalizeForMatching(keyword);
      if (needle && haystack.includes(` ${needle} `)) return rule.category;
    }
  }
  return 'other';
}
