import type { Connectors } from '../channels/connector';
import type { Conversation, Message, MessageDelivery } from '../../lib/protocol';
import type { Tx } from '../store';
import type { Attachments } from '../files/attachments';
import type { AppendedEvent } from '../store/events';

/** Where committed events go: the sockets of this instance and, through the adapter, of the others. */
export interface EventHub {
  publish(workspaceId: string, events: AppendedEvent[]): void;
  /** A passing signal, never stored: the customer is typing. Goes to whoever sees the conversation. */
  customerTyping(
    workspaceId: string,
    conversation: Pick<Conversation, 'id' | 'assigneeId'>,
    until: Date,
  ): void;
}

/** A channel's way back to the customer: called after a member's reply is committed. */
export interface ChannelDelivery {
  deliver(workspaceId: string, conversation: Conversation, message: Message): void;
  /** A member is typing a reply, for channels that show it to the customer. */
  typing?(workspaceId: string, conversation: Conversation, until: Date): void;
  /** The shop has read the customer's messages up to a time, for channels that show read receipts. */
  seen?(workspaceId: string, conversation: Conversation, readUpTo: Date): void;
}

/** The webhook channel's durable outbound queue: writers enqueue in their transaction, then wake it. */
export interface OutboundQueue {
  /** The message's delivery state for its event, or null when no delivery is due. */
  enqueue(
    tx: Tx,
    message: { id: string; workspaceId: string; shopId: string; conversationId: string },
    kind: 'message' | 'session_ended',
  ): Promise<MessageDelivery | null>;
  wake(): void;
  /** Another channel (the demo marketplace) reaches this workspace's customers when a shop has no URL. */
  reachedByAnotherChannel(workspaceId: string): void;
}

export interface InboxDeps {
  hub: EventHub;
  /** Files sent in chats; absent in tests that send none. */
  attachments?: Attachments;
  /** The shops' marketplace connectors, for cards; absent in tests that send none. */
  connectors?: Connectors;
  delivery: ChannelDelivery;
  /** Outbound messages to shops' delivery URLs; absent in tests that deliver nothing. */
  outbound?: OutboundQueue;
  /** The SLA scheduler, told when a write stores a deadline (it may come before its planned wake-up). */
  deadlines?: { moved(at: Date): void };
}
