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
      'logistics',
    );
    expect(forLogistics.map((r) => r.id)).toEqual(['b', 'a']);
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
