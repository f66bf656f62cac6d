import type { Category } from '../protocol/entities';
import type { SavedReply } from '../protocol/catalog';
import { languageOf } from './reply-context';

/** The variables a saved reply may hold, as `{{customer.firstName}}`. */
export const REPLY_VARIABLES = [
  'customer.name',
  'customer.firstName',
  'order.id',
  'order.status',
  'agent.nickname',
  'shop.name',
] as const;
export type ReplyVariable = (typeof REPLY_VARIABLES)[number];

/** What is known where the reply is used; a variable with no value stays in the text for the agent to fill. */
export type ReplyContext = Partial<Record<ReplyVariable, string | null | undefined>>;

const VARIABLE = /\{\{\s*([\w.]+)\s*\}\}/g;

const isReplyVariable = (name: string): name is ReplyVariable =>
  (REPLY_VARIABLES as readonly string[]).includes(name);

/** Names in `{{…}}` that are not variables, for a clear error when a reply is saved. */
export function unknownVariables(body: string): string[] {
  const names = [...body.matchAll(VARIABLE)].map((m) => m[1] ?? '');
  return [...new Set(names.filter((n) => !isReplyVariable(n)))];
}

export interface FilledReply {
  text: string;
  /** Variables left in the text because nothing is known of them here. */
  missing: ReplyVariable[];
}

/** Puts what is known into a reply's variables; the others stay as `{{name}}` so nothing goes out blank. */
export function fillReply(body: string, context: ReplyContext): FilledReply {
  const missing = new Set<ReplyVariable>();
  const text = body.replace(VARIABLE, (whole, name: string) => {
    if (!isReplyVariable(name)) return whole;
    const value = context[name]?.trim();
    if (value) return value;
    missing.add(name);
    return `{{${name}}}`;
  });
  return { text, missing: [...missing] };
}

/** A reply names an order when it holds `{{order.id}}` or `{{order.status}}`: it needs the chat's order. */
export function namesAnOrder(body: string): boolean {
  return /\{\{\s*order\./.test(body);
}

/** The variables still waiting for a value in a text about to be sent. */
export function unfilledVariables(text: string): string[] {
  return [...new Set([...text.matchAll(VARIABLE)].map((m) => m[1] ?? ''))];
}

/** "Giulia Rossi" → "Giulia"; a handle-like name stays whole. */
export function firstNameOf(displayName: string): string {
  return displayName.trim().split(/\s+/)[0] ?? '';
}

/** The `;shortcut` just typed before the caret, if the text ends with one. */
export function shortcutBeforeCaret(textBeforeCaret: string): string | null {
  const found = /(?:^|\s);([\p{L}\p{N}][\p{L}\p{N}_-]{0,31})$/u.exec(textBeforeCaret);
  return found ? (found[1] ?? '').toLowerCase() : null;
}

/** The reply a shortcut stands for: a member's own personal reply wins over the team's. */
export function replyForShortcut(replies: readonly SavedReply[], shortcut: string): SavedReply | undefined {
  const wanted = shortcut.toLowerCase();
  const matching = replies.filter((r) => r.shortcut === wanted);
  return matching.find((r) => r.scope === 'personal') ?? matching[0];
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** What the chat tells the palette's ranking: its category and the language it is in. */
export interface ReplyRanking {
  category?: Category | null;
  language?: string | null;
}

/**
 * The palette's list for what was typed: shortcut matches first, then titles, then bodies. At the same level,
 * replies in the chat's language come before those whose language cannot be told, and those before replies in
 * another language (a UK customer gets the English "Where is my order" before the Italian one); then replies
 * for the chat's category, then personal before team, then by title.
 */
export function matchSavedReplies(
  replies: readonly SavedReply[],
  query: string,
  { category = null, language = null }: ReplyRanking = {},
): SavedReply[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const scored: { reply: SavedReply; level: number; rest: number }[] = [];
  for (const reply of replies) {
    const shortcut = reply.shortcut;
    const title = fold(reply.title);
    const body = fold(reply.body);
    let level = 0;
    if (words.length > 0) {
      const whole = words.join(' ');
      if (shortcut === whole) level = 400;
      else if (words.length === 1 && shortcut.startsWith(whole)) level = 300;
      else if (words.every((w) => title.includes(w))) level = title.startsWith(words[0] ?? '') ? 250 : 200;
      else if (words.every((w) => title.includes(w) || body.includes(w) || shortcut.includes(w))) level = 100;
      else continue;
    }
    let rest = 0;
    if (language) {
      const own = replyLanguage(reply);
      rest += own === language ? 200 : own === null ? 100 : 0;
    }
    if (category && reply.category === category) rest += 20;
    if (reply.scope === 'personal') rest += 5;
    scored.push({ reply, level, rest });
  }
  return scored
    .sort((a, b) => b.level - a.level || b.rest - a.rest || a.reply.title.localeCompare(b.reply.title))
    .map((s) => s.reply);
}

/** The language a saved reply is written in, read from its title and text; null when they are too short to tell. */
export function replyLanguage(reply: Pick<SavedReply, 'title' | 'body'>): string | null {
  return languageOf(`${reply.title}\n${reply.body}`);
}
