import { describe, expect, it } from 'vitest';
import { categorize, DEFAULT_CATEGORY_RULES } from '../../lib/domain/categories';
import { compareConversations, dayIn, isNarrowed, listTimeOf, matchesFilter } from '../../lib/domain/filters';
import type { Conversation, InboxFilter } from '../../lib/protocol';

const base = {
  assigneeId: 'mb_me',
  status: 'open' as Conversation['status'],
  trashedAt: null,
  shopId: 'shop_it',
  channel: 'marketplace' as const,
  category: 'logistics' as const,
  tags: ['vip'],
  lastMessageAt: '2026-03-10T10:00:00.000Z',
  lastCustomerMessageAt: '2026-03-10T10:00:00.000Z' as string | null,
  createdAt: '2026-03-10T09:00:00.000Z',
  awaitingReplySince: null as string | null,
};
type Row = typeof base &
  Partial<Pick<Conversation, 'awaitingReplySince' | 'status' | 'assigneeId' | 'lastCustomerMessageAt'>>;
const filter = (f: Partial<InboxFilter>): InboxFilter => ({ view: 'all', sort: 'latest', ...f });

describe('matchesFilter', () => {
  it.each([
    ['shop', { shopIds: ['shop_it'] }, true],
    ['another shop', { shopIds: ['shop_uk'] }, false],
    ['any of two channels', { channels: ['email', 'marketplace'] }, true],
    ['another channel', { channels: ['sms'] }, false],
    ['category', { categories: ['logistics'] }, true],
    ['another category', { categories: ['pre_sale'] }, false],
    ['a tag it has', { tags: ['vip', 'late'] }, true],
    ['a tag it lacks', { tags: ['late'] }, false],
    ['a range holding its day', { from: '2026-03-10', to: '2026-03-10' }, true],
    ['a range after it', { from: '2026-03-11' }, false],
    ['a range before it', { to: '2026-03-09' }, false],
  ] as const)('%s', (_name, narrowing, expected) => {
    expect(matchesFilter(base, filter(narrowing as Partial<InboxFilter>), 'mb_me', 'Europe/Rome')).toBe(
      expected,
    );
  });

  it('counts days in the given time zone', () => {
    const lateEvening = { ...base, lastCustomerMessageAt: '2026-03-10T23:30:00.000Z' };
    expect(dayIn(lateEvening.lastCustomerMessageAt, 'Europe/Rome')).toBe('2026-03-11');
    expect(matchesFilter(lateEvening, filter({ from: '2026-03-11' }), 'mb_me', 'Europe/Rome')).toBe(true);
    expect(matchesFilter(lateEvening, filter({ from: '2026-03-11' }), 'mb_me', 'UTC')).toBe(false);
  });

  it('per agent: that agent’s conversations outside the trash', () => {
    expect(matchesFilter(base, filter({ view: 'agent', agentId: 'mb_me' }), 'mb_boss')).toBe(true);
    expect(matchesFilter(base, filter({ view: 'agent', agentId: 'mb_other' }), 'mb_boss')).toBe(false);
    const trashed = { ...base, trashedAt: '2026-03-10T11:00:00.000Z' };
    expect(matchesFilter(trashed, filter({ view: 'agent', agentId: 'mb_me' }), 'mb_boss')).toBe(false);
  });

  it('keeps the view’s own rule', () => {
    expect(matchesFilter(base, filter({ view: 'unassigned' }), 'mb_me')).toBe(false);
    expect(matchesFilter(base, filter({ view: 'mine' }), 'mb_me')).toBe(true);
    // A member's closed chats are in their view, behind its Closed chip.
    expect(matchesFilter({ ...base, status: 'closed' }, filter({ view: 'mine' }), 'mb_me')).toBe(true);
  });

  it('dates a chat by its customer’s last message, or by when it began', () => {
    // A member answered on the 12th a customer who wrote on the 10th.
    const answered = { ...base, lastMessageAt: '2026-03-12T10:00:00.000Z' };
    expect(matchesFilter(answered, filter({ to: '2026-03-10' }), 'mb_me', 'UTC')).toBe(true);
    expect(matchesFilter(answered, filter({ from: '2026-03-11' }), 'mb_me', 'UTC')).toBe(false);
    // The shop wrote first, on the 9th, and the customer has not written.
    const started = { ...base, lastCustomerMessageAt: null, createdAt: '2026-03-09T10:00:00.000Z' };
    expect(listTimeOf(started)).toBe('2026-03-09T10:00:00.000Z');
    expect(matchesFilter(started, filter({ from: '2026-03-09', to: '2026-03-09' }), 'mb_me', 'UTC')).toBe(
      true,
    );
  });

  it('knows when a filter narrows its view', () => {
    expect(isNarrowed(filter({ view: 'mine' }))).toBe(false);
    expect(isNarrowed(filter({ tags: ['vip'] }))).toBe(true);
  });
});

describe('compareConversations', () => {
  const rows: (Row & { id: string })[] = [
    // A member answered at 12:10 the customer who wrote at 12:00.
    {
      ...base,
      id: 'answered-new',
      lastCustomerMessageAt: '2026-03-10T12:00:00.000Z',
      lastMessageAt: '2026-03-10T12:10:00.000Z',
    },
    { ...base, id: 'waiting-short', awaitingReplySince: '2026-03-10T09:00:00.000Z' },
    {
      ...base,
      id: 'waiting-long',
      awaitingReplySince: '2026-03-09T09:00:00.000Z',
      lastCustomerMessageAt: '2026-03-09T09:00:00.000Z',
      lastMessageAt: '2026-03-09T09:00:00.000Z',
    },
    {
      ...base,
      id: 'answered-old',
      lastCustomerMessageAt: '2026-03-08T12:00:00.000Z',
      lastMessageAt: '2026-03-08T12:30:00.000Z',
    },
    // Closed days ago; the rating request (or a system line) is the newest message of all.
    {
      ...base,
      id: 'rated-late',
      status: 'closed',
      lastCustomerMessageAt: '2026-03-07T12:00:00.000Z',
      lastMessageAt: '2026-03-10T23:00:00.000Z',
    },
    // The shop wrote first and the customer has not answered: when it began.
    {
      ...base,
      id: 'shop-started',
      lastCustomerMessageAt: null,
      createdAt: '2026-03-09T20:00:00.000Z',
      lastMessageAt: '2026-03-10T22:00:00.000Z',
    },
  ];
  it("latest first: by the customer's last message, whatever came after it", () => {
    expect([...rows].sort(compareConversations('latest')).map((r) => r.id)).toEqual([
      'answered-new',
      'waiting-short',
      'shop-started',
      'waiting-long',
      'answered-old',
      'rated-late',
    ]);
  });
  it('longest wait first, then the rest latest first', () => {
    expect([...rows].sort(compareConversations('waiting')).map((r) => r.id)).toEqual([
      'waiting-long',
      'waiting-short',
      'answered-new',
      'shop-started',
      'answered-old',
      'rated-late',
    ]);
  });
});

describe('categorize', () => {
  it.each([
    ['Where is my order? The tracking has not moved', 'logistics'],
    ['Il pacco è arrivato danneggiato, vorrei il rimborso', 'after_sale'],
    ['Quando arriva la SPEDIZIONE?', 'logistics'],
    ['Do you have this in size M?', 'pre_sale'],
    ['Il pagamento non è andato a buon fine', 'in_sale'],
    ['Ciao!', 'other'],
    // Whole words only: "rimborsone" is not "rimborso", "resort" is not "reso".
    ['Un rimborsone al resort', 'other'],
  ] as const)('%s → %s', (text, category) => {
    expect(categorize(text, DEFAULT_CATEGORY_RULES)).toBe(category);
  });

  it('follows the shop’s own rules in their order', () => {
    const rules = [
      { category: 'pre_sale' as const, keywords: ['bundle offer'] },
      { category: 'logistics' as const, keywords: ['bundle'] },
    ];
    expect(categorize('Is the Bundle offer still on?', rules)).toBe('pre_sale');
    expect(categorize('My bundle is late', rules)).toBe('logistics');
  });
});
