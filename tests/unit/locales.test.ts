import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseMessagesFile, parseMessagesText, type ParsedMessage } from '@wxt-dev/i18n/build';
import { describe, expect, it } from 'vitest';

// The same parser the build uses to write _locales/*/messages.json, so the test reads what ships.
const localesDir = path.resolve(import.meta.dirname, '../../locales');
const DEFAULT_LOCALE = 'en';

/** Values a translation may keep as in English: names, and words the other language uses as they are. */
const SAME_AS_ENGLISH = new Set([
  'Email',
  '24 h',
  '$1 h',
  'Team',
  'Chat',
  'SKU $1',
  'SMS',
  'Password',
  'Account',
  'Server',
  'Seller center',
  'Emoji',
  '$1 min',
  '$1 h $2 min',
  '$1 ($2)',
  'TikTok Shop',
  'Amazon',
  'Marketplace',
]);

/** One text of a locale: a simple message, or one form of a plural ("connection.sending#n"). */
type Texts = Map<string, string>;

function textsOf(messages: ParsedMessage[]): Texts {
  const texts: Texts = new Map();
  for (const m of messages) {
    const key = m.key.join('.');
    if (key.startsWith('@@')) continue; // Chrome's predefined messages, added by the parser
    if (m.type === 'plural')
      for (const [form, text] of Object.entries(m.plurals)) texts.set(`${key}#${form}`, text);
    else texts.set(key, m.message);
  }
  return texts;
}

function placeholders(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(/(?<!\$)\$(\d)/g), (match) => `$${match[1]}`))].sort();
}

/** Everything wrong with `translation` measured against the default locale's texts. */
function problems(reference: Texts, translation: Texts): string[] {
  const found: string[] = [];
  for (const key of reference.keys()) if (!translation.has(key)) found.push(`missing: ${key}`);
  for (const key of translation.keys())
    if (!reference.has(key)) found.push(`not in ${DEFAULT_LOCALE}: ${key}`);
  for (const [key, text] of translation) {
    const original = reference.get(key);
    if (!text.trim()) found.push(`empty: ${key}`);
    if (original === undefined) continue;
    if (placeholders(text).join() !== placeholders(original).join())
      found.push(
        `placeholders differ: ${key} (${placeholders(original).join() || 'none'} → ${placeholders(text).join() || 'none'})`,
      );
    if (text === original && !SAME_AS_ENGLISH.has(text))
      found.push(`untranslated: ${key} = ${JSON.stringify(text)}`);
  }
  return found;
}

/** Problems of a locale on its own: what messages.json or the plural split would garble. */
function shapeProblems(messages: ParsedMessage[]): string[] {
  const found: string[] = [];
  const byChromeName = new Map<string, string>();
  for (const m of messages) {
    const key = m.key.join('.');
    // messages.json names join the path with "_": "a.b_c" and "a_b.c" would overwrite each other.
    const chromeName = m.key.join('_');
    const other = byChromeName.get(chromeName);
    if (other !== undefined) found.push(`same messages.json name: ${other} and ${key}`);
    byChromeName.set(chromeName, key);
    if (m.type === 'plural') {
      // At run time the plural forms are split again on " | " and picked by position.
      if (Object.values(m.plurals).some((form) => form.includes(' | ')))
        found.push(`" | " in plural: ${key}`);
      const forms = Object.keys(m.plurals).sort().join();
      if (forms !== '1,n' && forms !== '0,1,n')
        found.push(`plural forms must be 1 and n (or 0, 1 and n): ${key}`);
    }
  }
  return found;
}

const localeFiles = readdirSync(localesDir).filter((f) => /\.ya?ml$/.test(f));
const locales = new Map(
  await Promise.all(
    localeFiles.map(
      async (f) => [path.parse(f).name, await parseMessagesFile(path.join(localesDir, f))] as const,
    ),
  ),
);

describe('locales', () => {
  it('has the default locale and at least one translation', () => {
    expect(locales.has(DEFAULT_LOCALE)).toBe(true);
    expect([...locales.keys()]).toContain('it');
  });

  for (const [locale, messages] of locales) {
    it(`${locale}: every message has a distinct messages.json name and well-formed plurals`, () => {
      expect(shapeProblems(messages)).toEqual([]);
    });
    if (locale === DEFAULT_LOCALE) continue;
    it(`${locale}: the same keys, plural forms and $N placeholders as ${DEFAULT_LOCALE}, all translated`, () => {
      expect(problems(textsOf(locales.get(DEFAULT_LOCALE)!), textsOf(messages))).toEqual([]);
    });
  }

  it('keeps its allow-list of values the same as English short and in use', () => {
    const used = new Set(textsOf(locales.get(DEFAULT_LOCALE)!).values());
    expect([...SAME_AS_ENGLISH].filter((text) => !used.has(text))).toEqual([]);
  });
});

describe('the locale checks', () => {
  const en = parseMessagesText(
    'a: Open\nb: { 1: $1 reply, n: $1 replies }\nc: Email\nd: Sent to $1\n',
    'YAML',
  );

  it('pass a complete translation', () => {
    const italian = parseMessagesText(
      'a: Apri\nb: { 1: $1 risposta, n: $1 risposte }\nc: Email\nd: Inviato a $1\n',
      'YAML',
    );
    expect(problems(textsOf(en), textsOf(italian))).toEqual([]);
  });

  it('catch missing and extra keys, a lost plural form, a lost placeholder, empty and untranslated texts', () => {
    const broken = parseMessagesText("a: Open\nb: { n: $1 risposte }\nd: 'Inviato'\ne: ''\n", 'YAML');
    expect(problems(textsOf(en), textsOf(broken)).sort()).toEqual(
      [
        'missing: b#1',
        'missing: c',
        'not in en: e',
        'empty: e',
        'placeholders differ: d ($1 → none)',
        'untranslated: a = "Open"',
      ].sort(),
    );
  });

  it('catch colliding messages.json names and odd plural forms', () => {
    const odd = parseMessagesText('a: { b_c: One }\na_b: { c: Two }\np: { 2: x, n: y | z }\n', 'YAML');
    expect(shapeProblems(odd)).toEqual([
      'same messages.json name: a.b_c and a_b.c',
      '" | " in plural: p',
      'plural forms must be 1 and n (or 0, 1 and n): p',
    ]);
  });
});
