import { describe, expect, it } from 'vitest';
import { routeInbound, type CandidateConversation } from '../../lib/domain/channels';

const open = (id: string): CandidateConversation => ({ id, status: 'open', threadKey: null });
const closed = (id: string): CandidateConversation => ({ id, status: 'closed', threadKey: null });
const snoozed = (id: string): CandidateConversation => ({ id, status: 'snoozed', threadKey: null });

describe('routeInbound: where a customer writing again lands', () => {
  it.each([
    ['marketplace', [], { kind: 'new' }],
    ['marketplace', [open('a')], { kind: 'append', conversationId: 'a' }],
    ['marketplace', [snoozed('a')], { kind: 'reopen', conversationId: 'a' }],
    // After the ongoing chat closed, a new message starts a new conversation.
    ['marketplace', [closed('a')], { kind: 'new' }],
    ['marketplace', [closed('b'), open('a')], { kind: 'append', conversationId: 'a' }],
    ['webchat', [closed('a')], { kind: 'new' }],
    ['webchat', [open('a')], { kind: 'append', conversationId: 'a' }],
    // Email: a reply on a closed thread reopens it, however old; SMS: one conversation per person.
    ['email', [closed('a')], { kind: 'reopen', conversationId: 'a' }],
    ['email', [open('a')], { kind: 'append', conversationId: 'a' }],
    ['email', [], { kind: 'new' }],
    ['sms', [closed('a')], { kind: 'reopen', conversationId: 'a' }],
    ['sms', [snoozed('a')], { kind: 'reopen', conversationId: 'a' }],
    ['sms', [open('a')], { kind: 'append', conversationId: 'a' }],
  ] as const)('%s with %j → %j', (channel, candidates, expected) => {
    expect(routeInbound(channel, [...candidates])).toEqual(expected);
  });
});
