import type { Conversation, Message } from '../../lib/protocol';
import type { AppendedEvent } from '../store/events';

/** Where committed events go: the sockets of this instance and, through the adapter, of the others. */
export interface EventHub {
  publish(workspaceId: string, events: AppendedEvent[]): void;
}

/** A channel's way back to the customer: called after a member's reply is committed. */
export interface ChannelDelivery {
  deliver(workspaceId: string, conversation: Conversation, message: Message): void;
}

export interface InboxDeps {
  hub: EventHub;
  delivery: ChannelDelivery;
  /** The SLA scheduler, told when a write stores a deadline (it may come before its planned wake-up). */
  deadlines?: { moved(at: Date): void };
}
