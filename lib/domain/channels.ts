import type { Channel } from '../protocol';

/** Where a customer's new message goes, by the channel's rule (product §6, "a customer writing again"). */

export interface CandidateConversation {
  id: string;
  status: 'open' | 'snoozed' | 'closed';
  threadKey: string | null;
}

export type InboundRoute =
  { kind: 'append'; conversationId: string } | { kind: 'reopen'; conversationId: string } | { kind: 'new' };

/** Which conversations of this customer and shop a channel looks at, newest first. */
export function matchesThread(channel: Channel): boolean {
  return channel === 'webchat' || channel === 'email';
}

/**
 * @param candidates the customer's conversations in this shop on this channel (and thread, where the channel
 *   follows one), newest first.
 */
export function routeInbound(channel: Channel, candidates: CandidateConversation[]): InboundRoute {
  const latest = candidates[0];
  switch (channel) {
    case 'marketplace':
    case 'webchat': {
      // One ongoing conversation; once closed, the next message starts a new one (a closed chat never reopens).
      const ongoing = candidates.find((c) => c.status !== 'closed');
      if (!ongoing) return { kind: 'new' };
      return ongoing.status === 'snoozed'
        ? { kind: 'reopen', conversationId: ongoing.id }
        : { kind: 'append', conversationId: ongoing.id };
    }
    case 'email':
    case 'sms':
      // One conversation per thread (email) or per person (SMS); a new message reopens it however old.
      if (!latest) return { kind: 'new' };
      return latest.status === 'open'
        ? { kind: 'append', conversationId: latest.id }
        : { kind: 'reopen', conversationId: latest.id };
  }
}
