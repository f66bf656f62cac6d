import { describe, expect, it } from 'vitest';
import { badgeText, isUnread } from '../../lib/domain/unread';
import { audienceOf, canSeeConversation, isInAudience } from '../../lib/domain/visibility';
import type { SyncEvent } from '../../lib/protocol';

const agent = { id: 'anna', role: 'agent' as const };
const otherAgent = { id: 'bruno', role: 'agent' as const };
const manager = { id: 'marta', role: 'manager' as const };

describe('who sees a conversation', () => {
  it('lets agents see their own and unassigned chats, managers all', () => {
    expect(canSeeConversation(agent, { assigneeId: null })).toBe(true);
    expect(canSeeConversation(agent, { assigneeId: 'anna' })).toBe(true);
    expect(canSeeConversation(agent, { assigneeId: 'bruno' })).toBe(false);
    expect(canSeeConversation(manager, { assigneeId: 'bruno' })).toBe(true);
  });

  it('sends an event on an assigned chat to its assignee, the previous one, and the managers', () => {
    const event = {
      seq: 1,
      at: '2026-11-20T10:00:00.000Z',
      type: 'conversation.upserted',
      assignment: {
        fromMemberId: 'bruno',
        toMemberId: 'anna',
        reason: 'transfer',
        byMemberId: 'marta',
        note: null,
      },
      conversation: { assigneeId: 'anna' },
    } as unknown as SyncEvent;
    const audience = audienceOf(event, 'anna');
    expect(audience).toEqual(['anna', 'bruno']);
    expect(isInAudience(agent, event.type, audience)).toBe(true);
    expect(isInAudience(otherAgent, event.type, audience)).toBe(true);
    expect(isInAudience({ id: 'carla', role: 'agent' }, event.type, audience)).toBe(false);
    expect(isInAudience(manager, event.type, audience)).toBe(true);
  });

  it('keeps a read mark private to its member, managers included', () => {
    const event = {
      seq: 2,
      at: '2026-11-20T10:00:00.000Z',
      type: 'conversation.read',
      readMark: { conversationId: 'c', memberId: 'anna', readUpTo: '2026-11-20T10:00:00.000Z' },
    } as SyncEvent;
    const audience = audienceOf(event, null);
    expect(isInAudience(agent, event.type, audience)).toBe(true);
    expect(isInAudience(manager, event.type, audience)).toBe(false);
  });

  it('tells everyone when a chat leaves the queue, but only its member when it never waited there', () => {
    const upsert = (fromQueue: boolean) =>
      ({
        type: 'conversation.upserted',
        assignment: {
          fromMemberId: null,
          fromQueue,
          toMemberId: 'anna',
          reason: 'auto',
          byMemberId: null,
          note: null,
        },
      }) as unknown as SyncEvent;
    expect(audienceOf(upsert(true), 'anna')).toBeNull();
    expect(audienceOf(upsert(false), 'anna')).toEqual(['anna']);
  });

  it('sends events on unassigned chats to everyone', () => {
    expect(audienceOf({ type: 'message.created' } as SyncEvent, null)).toBeNull();
    expect(isInAudience(otherAgent, 'message.created', null)).toBe(true);
  });
});

describe('unread', () => {
  const c = { lastCustomerMessageAt: '2026-11-20T10:00:00.000Z', status: 'open' as const, trashedAt: null };
  it('is unread until the member has read up to the last customer message', () => {
    expect(isUnread(c, null)).toBe(true);
    expect(isUnread(c, '2026-11-20T09:59:59.999Z')).toBe(true);
    expect(isUnread(c, '2026-11-20T10:00:00.000Z')).toBe(false);
  });
  it('never counts a chat without customer messages or in the trash', () => {
    expect(isUnread({ ...c, lastCustomerMessageAt: null }, null)).toBe(false);
    expect(isUnread({ ...c, trashedAt: '2026-11-20T11:00:00.000Z' }, null)).toBe(false);
  });
  it('shows the count on the badge, capped', () => {
    expect(badgeText(0)).toBe('');
    expect(badgeText(7)).toBe('7');
    expect(badgeText(100)).toBe('99+');
  });
});
