import { describe, expect, it } from 'vitest';
import { lastSeenMessageId } from '../../components/chat/receipts';
import { addTags, MAX_TAGS } from '../../components/chat/tags';
import { nextTypingMap } from '../../lib/client/typing';

describe('lastSeenMessageId', () => {
  const msg = (
    id: string,
    direction: 'inbound' | 'outbound' | 'note' | 'system',
    author: 'customer' | 'member' | 'seller_center' | 'automation' | 'system',
    createdAt: string,
    pending?: true,
  ) => ({ id, direction, author, createdAt, ...(pending ? { pending } : {}) });
  const timeline = [
    msg('q1', 'inbound', 'customer', '2026-11-20T10:00:00.000Z'),
    msg('r1', 'outbound', 'member', '2026-11-20T10:01:00.000Z'),
    msg('n1', 'note', 'member', '2026-11-20T10:02:00.000Z'),
    msg('r2', 'outbound', 'seller_center', '2026-11-20T10:03:00.000Z'),
    msg('a1', 'outbound', 'automation', '2026-11-20T10:04:00.000Z'),
    msg('r3', 'outbound', 'member', '2026-11-20T10:05:00.000Z'),
    msg('p1', 'outbound', 'member', '2026-11-20T10:06:00.000Z', true),
  ];

  it.each([
    [null, null],
    ['2026-11-20T09:59:00.000Z', null],
    ['2026-11-20T10:01:00.000Z', 'r1'],
    // A note is never read by the customer; the seller center's reply is.
    ['2026-11-20T10:02:30.000Z', 'r1'],
    ['2026-11-20T10:03:00Z', 'r2'],
    // An automatic message is not the shop's reply.
    ['2026-11-20T10:04:30.000+00:00', 'r2'],
    ['2026-11-20T11:05:00.000+01:00', 'r3'],
    // A reply still on its way has not been read, whatever the clock says.
    ['2026-11-20T12:00:00.000Z', 'r3'],
  ])('read up to %s → %s', (readUpTo, expected) => {
    expect(lastSeenMessageId(timeline, readUpTo)).toBe(expected);
  });
});

describe('addTags', () => {
  it('trims, skips empty ones and ones already there in any case, and takes several at once', () => {
    expect(addTags(['VIP'], '  refund , vip,, late delivery ')).toEqual({
      tags: ['VIP', 'refund', 'late delivery'],
      problem: null,
    });
  });

  it('refuses a tag over 40 characters and keeps the tags as they were', () => {
    expect(addTags(['a'], `b, ${'x'.repeat(41)}`)).toEqual({ tags: ['a'], problem: 'tooLong' });
    expect(addTags([], 'x'.repeat(40)).tags).toHaveLength(1);
  });

  it('refuses a tag beyond the most a conversation may have', () => {
    const full = Array.from({ length: MAX_TAGS }, (_, i) => `t${i}`);
    expect(addTags(full, 'one more')).toEqual({ tags: full, problem: 'tooMany' });
    expect(addTags(full, 'T3')).toEqual({ tags: full, problem: null });
  });
});

describe('nextTypingMap', () => {
  const now = new Date('2026-11-20T10:00:00.000Z');

  it('sets an entry and drops the ones that ran out', () => {
    expect(
      nextTypingMap(
        { old: '2026-11-20T09:59:59.000Z', other: '2026-11-20T10:00:04.000Z' },
        'c1',
        '2026-11-20T10:00:06.000Z',
        now,
      ),
    ).toEqual({ other: '2026-11-20T10:00:04.000Z', c1: '2026-11-20T10:00:06.000Z' });
  });

  it('clears an entry, and ignores a notice that has already run out', () => {
    expect(nextTypingMap({ c1: '2026-11-20T10:00:06.000Z' }, 'c1', null, now)).toEqual({});
    expect(nextTypingMap({}, 'c1', '2026-11-20T09:00:00.000Z', now)).toEqual({});
  });
});
