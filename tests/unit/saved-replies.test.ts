import { describe, expect, it } from 'vitest';
import type { SavedReply } from '../../lib/protocol';
import {
  fillReply,
  firstNameOf,
  matchSavedReplies,
  replyForShortcut,
  shortcutBeforeCaret,
  unfilledVariables,
  unknownVariables,
} from '../../lib/domain/saved-replies';
import {
  chatLanguage,
  languageOf,
  languageOfCountry,
  orderInQuestion,
  orderNumberPattern,
} from '../../lib/domain/reply-context';
import { DEMO_SAVED_REPLIES } from '../../server/demo/catalog';
import { compareVouchers, voucherProblem, vouchersRemaining } from '../../lib/domain/vouchers';

const reply = (over: Partial<SavedReply>): SavedReply => ({
  id: over.shortcut ?? 'r',
  scope: 'team',
  ownerMemberId: null,
  title: 'Title',
  shortcut: 'x',
  category: null,
  body: 'Body',
  updatedAt: '2026-11-01T00:00:00.000Z',
  ...over,
});

describe('filling a saved reply', () => {
  it('puts in every known variable, spaces inside the braces allowed', () => {
    const filled = fillReply(
      'Ciao {{ customer.firstName }}, ordine {{order.id}} è {{order.status}}. {{agent.nickname}} di {{shop.name}}',
      {
        'customer.firstName': 'Giulia',
        'order.id': '5712',
        'order.status': 'spedito',
        'agent.nickname': 'Anna',
        'shop.name': 'Acme IT',
      },
    );
    expect(filled).toEqual({ text: 'Ciao Giulia, ordine 5712 è spedito. Anna di Acme IT', missing: [] });
  });

  it('leaves a variable with no value in the text and names it, never sending it blank', () => {
    const filled = fillReply('Order {{order.id}} for {{customer.name}} ({{order.id}})', {
      'customer.name': 'Giulia Rossi',
      'order.id': '  ',
    });
    expect(filled.text).toBe('Order {{order.id}} for Giulia Rossi ({{order.id}})');
    expect(filled.missing).toEqual(['order.id']);
    expect(unfilledVariables(filled.text)).toEqual(['order.id']);
    expect(unfilledVariables('All filled in')).toEqual([]);
  });

  it('names what is not a variable', () => {
    expect(unknownVariables('{{order.number}} {{customer.name}} {{order.number}} {{x}}')).toEqual([
      'order.number',
      'x',
    ]);
  });

  it('takes the first name', () => {
    expect(firstNameOf('  Giulia Rossi ')).toBe('Giulia');
    expect(firstNameOf('giulia.rossi92')).toBe('giulia.rossi92');
  });
});

describe('shortcuts', () => {
  it('finds the ;shortcut just typed, at the start or after a space only', () => {
    expect(shortcutBeforeCaret(';track')).toBe('track');
    expect(shortcutBeforeCaret('Hi there ;Grazie')).toBe('grazie');
    expect(shortcutBeforeCaret('line\n;ship-2')).toBe('ship-2');
    expect(shortcutBeforeCaret('a;track')).toBeNull();
    expect(shortcutBeforeCaret('; track')).toBeNull();
    expect(shortcutBeforeCaret('track')).toBeNull();
  });

  it("prefers the member's own reply over the team's for the same shortcut", () => {
    const team = reply({ id: 't', shortcut: 'hi' });
    const mine = reply({ id: 'p', shortcut: 'hi', scope: 'personal', ownerMemberId: 'mb_1' });
    expect(replyForShortcut([team, mine], 'HI')?.id).toBe('p');
    expect(replyForShortcut([team], 'hi')?.id).toBe('t');
    expect(replyForShortcut([team], 'ho')).toBeUndefined();
  });

  it('ranks the palette: shortcut, then title, then body; the chat category first among equals', () => {
    const replies = [
      reply({ id: 'body', title: 'Refund policy', shortcut: 'refund', body: 'Tracking is in the app' }),
      reply({ id: 'title', title: 'Tracking link', shortcut: 'link' }),
      reply({ id: 'exact', title: 'Where is it', shortcut: 'tracking' }),
      reply({ id: 'accent', title: 'Spedizione già partita', shortcut: 'sped' }),
      reply({ id: 'none', title: 'Thanks', shortcut: 'ty' }),
    ];
    expect(matchSavedReplies(replies, 'tracking').map((r) => r.id)).toEqual(['exact', 'title', 'body']);
    expect(matchSavedReplies(replies, 'gia').map((r) => r.id)).toEqual(['accent']);
    expect(matchSavedReplies(replies, 'tr').map((r) => r.id)).toEqual(['exact', 'title', 'body']);
    const forLogistics = matchSavedReplies(
      [reply({ id: 'a', title: 'A' }), reply({ id: 'b', title: 'B', category: 'logistics' })],
      '',
      { category: 'logistics' },
    );
    expect(forLogistics.map((r) => r.id)).toEqual(['b', 'a']);
  });
});

describe('the order a chat is about', () => {
  const tiktok = orderNumberPattern('tiktok_shop');
  const order = (number: string, placedAt: string) => ({ number, placedAt });
  // Harry Taylor's orders in the demo UK shop: he writes about an older one than his newest.
  const newest = order('576289530957949319', '2026-12-06T10:00:00.000Z');
  const older = order('572022464320806111', '2026-11-30T10:00:00.000Z');
  const third = order('579000000000000001', '2026-11-20T10:00:00.000Z');
  const line = (direction: 'inbound' | 'outbound', body: string, createdAt: string) => ({
    direction,
    body,
    createdAt,
  });
  const harry = [
    line('inbound', 'Hi, I ordered a tent last week and it still hasn’t arrived', '2026-12-07T09:00:00.000Z'),
    line('inbound', 'Order number is 572022464320806111', '2026-12-07T09:01:00.000Z'),
  ];

  it('is the order the customer named, not their newest', () => {
    expect(orderInQuestion(harry, [newest, older], { pattern: tiktok })).toEqual({
      kind: 'decided',
      order: older,
      because: 'named',
    });
  });

  it("ignores numbers that are not this customer's orders, and the shop's own messages", () => {
    const chat = [
      ...harry,
      line('inbound', 'My friend’s order 571111111111111111 came fine', '2026-12-07T09:02:00.000Z'),
      line('outbound', 'Your order 576289530957949319 shipped too', '2026-12-07T09:03:00.000Z'),
    ];
    expect(orderInQuestion(chat, [newest, older], { pattern: tiktok })).toMatchObject({ order: older });
  });

  it('needs the number whole, as the marketplace writes it', () => {
    const glued = [
      line('inbound', 'ref 5720224643208061119 and x572022464320806111', '2026-12-07T09:00:00Z'),
    ];
    expect(orderInQuestion(glued, [newest, older], { pattern: tiktok })).toMatchObject({
      kind: 'choose',
      because: 'severalOrders',
    });
  });

  it('lets the member choose when the customer named several, the latest named first', () => {
    const chat = [...harry, line('inbound', 'Also 576289530957949319 please', '2026-12-07T09:05:00.000Z')];
    expect(orderInQuestion(chat, [older, newest], { pattern: tiktok })).toEqual({
      kind: 'choose',
      choices: [newest, older],
      because: 'named',
    });
  });

  it('is the only order when none is named; several are for the member to choose, newest first', () => {
    const quiet = [line('inbound', 'Hello?', '2026-12-07T09:00:00.000Z')];
    expect(orderInQuestion(quiet, [older], { pattern: tiktok })).toEqual({
      kind: 'decided',
      order: older,
      because: 'onlyOrder',
    });
    expect(orderInQuestion(quiet, [third, older, newest], { pattern: tiktok })).toEqual({
      kind: 'choose',
      choices: [newest, older, third],
      because: 'severalOrders',
    });
    expect(orderInQuestion(quiet, [], { pattern: tiktok })).toEqual({ kind: 'none' });
  });

  it('is the order the member chose (in the panel or from an order link) until the customer names another', () => {
    const chosen = { number: newest.number, at: '2026-12-07T09:02:00.000Z' };
    expect(orderInQuestion(harry, [newest, older], { pattern: tiktok, chosen })).toEqual({
      kind: 'decided',
      order: newest,
      because: 'chosen',
    });
    const later = [
      ...harry,
      line('inbound', 'Sorry, I meant 572022464320806111', '2026-12-07T09:10:00.000Z'),
    ];
    expect(orderInQuestion(later, [newest, older], { pattern: tiktok, chosen })).toMatchObject({
      order: older,
      because: 'named',
    });
    // A choice of an order that is not the customer's is no choice.
    const stray = { number: '570000000000000000', at: '2026-12-07T09:02:00.000Z' };
    expect(orderInQuestion(harry, [newest, older], { pattern: tiktok, chosen: stray })).toMatchObject({
      order: older,
    });
  });

  it('finds Amazon numbers, and any code with a digit for a marketplace it does not know', () => {
    const amazon = [
      order('112-1234567-1234567', '2026-12-01T00:00:00Z'),
      order('113-7654321-7654321', '2026-12-02T00:00:00Z'),
    ];
    const asked = [line('inbound', 'Where is 112-1234567-1234567?', '2026-12-07T09:00:00Z')];
    expect(orderInQuestion(asked, amazon, { pattern: orderNumberPattern('amazon') })).toMatchObject({
      order: amazon[0],
    });
    const shopify = [order('#1042', '2026-12-01T00:00:00Z'), order('1043', '2026-12-02T00:00:00Z')];
    const other = [line('inbound', 'order 1042 please', '2026-12-07T09:00:00Z')];
    expect(orderInQuestion(other, shopify, { pattern: orderNumberPattern('shopify') })).toMatchObject({
      kind: 'choose',
    });
    expect(
      orderInQuestion(other, [...shopify, order('1042', '2026-11-01T00:00:00Z')], {
        pattern: orderNumberPattern('shopify'),
      }),
    ).toMatchObject({ order: { number: '1042' } });
  });
});

describe('the language of a chat and of a reply', () => {
  it('reads a text in English or Italian, and gives up on one too short to tell', () => {
    expect(languageOf('Hi, I ordered a tent last week and it still hasn’t arrived')).toBe('en');
    expect(languageOf('Ciao, ho restituito lo zaino. Quando ricevo il rimborso?')).toBe('it');
    expect(languageOf('Ho avviato il rimborso dell’ordine {{order.id}}')).toBe('it');
    expect(languageOf('OK')).toBeNull();
    expect(languageOf('{{customer.firstName}} 👍')).toBeNull();
  });

  it("is the customer's language when they write enough, else the shop's country's", () => {
    const inbound = (body: string) => ({ direction: 'inbound' as const, body });
    expect(chatLanguage([inbound('Where is my order? It has not arrived')], 'IT')).toBe('en');
    expect(
      chatLanguage([inbound('👍'), { direction: 'outbound', body: 'Ciao, come posso aiutarti?' }], 'GB'),
    ).toBe('en');
    expect(chatLanguage([], 'it')).toBe('it');
    expect(chatLanguage([], 'JP')).toBeNull();
    expect(languageOfCountry('GB')).toBe('en');
  });

  it('puts the replies in the chat language first: a UK logistics chat gets the English "Where is my order" first', () => {
    const demo = DEMO_SAVED_REPLIES.map((r, i) =>
      reply({
        id: r.shortcut,
        title: r.title,
        shortcut: r.shortcut,
        body: r.body,
        category: r.category,
        updatedAt: String(i),
      }),
    );
    const uk = matchSavedReplies(demo, '', { category: 'logistics', language: 'en' }).map((r) => r.id);
    expect(uk.slice(0, 5)).toEqual(['track', 'hello', 'bye', 'refund', 'thanks']);
    expect(uk.slice(5)).toEqual(['traccia', 'ciao', 'grazie', 'rimborso']);
    const italian = matchSavedReplies(demo, '', { category: 'logistics', language: 'it' }).map((r) => r.id);
    expect(italian.slice(0, 4)).toEqual(['traccia', 'ciao', 'grazie', 'rimborso']);
    // What was typed still comes first: ";ciao" asked for by name in a UK chat.
    expect(matchSavedReplies(demo, 'ciao', { language: 'en' })[0]?.id).toBe('ciao');
  });
});

describe('vouchers', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  const v = (over: Record<string, unknown>) => ({
    startsAt: '2026-11-01T00:00:00Z',
    expiresAt: '2026-12-01T00:00:00Z',
    quantity: null as number | null,
    claimed: 0,
    ...over,
  });

  it('can be sent only while started, unexpired and not used up', () => {
    expect(voucherProblem(v({}), now)).toBeNull();
    expect(voucherProblem(v({ expiresAt: '2026-11-22T12:00:00Z' }), now)).toBe('expired');
    expect(voucherProblem(v({ quantity: 10, claimed: 10 }), now)).toBe('used_up');
    expect(voucherProblem(v({ quantity: 10, claimed: 9 }), now)).toBeNull();
    expect(voucherProblem(v({ startsAt: '2026-11-23T00:00:00Z' }), now)).toBe('not_started');
    expect(vouchersRemaining(v({ quantity: 10, claimed: 12 }))).toBe(0);
    expect(vouchersRemaining(v({}))).toBeNull();
  });

  it('lists sendable ones first, each by the nearest expiry', () => {
    const list = [
      { ...v({ expiresAt: '2026-12-20T00:00:00Z' }), id: 'late' },
      { ...v({ expiresAt: '2026-11-01T00:00:00Z' }), id: 'expired' },
      { ...v({ expiresAt: '2026-11-30T00:00:00+01:00' }), id: 'soon' },
    ];
    // @ts-expect-error only the fields the order needs
    expect(list.sort(compareVouchers(now)).map((x) => x.id)).toEqual(['soon', 'late', 'expired']);
  });
});
