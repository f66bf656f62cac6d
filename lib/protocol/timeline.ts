import { z } from 'zod';

/**
 * A system line of the timeline as a code and its values, so each reader sees it in their own language. Names
 * are values, never translated; null names a member who has since left the workspace. A note is the member's
 * own words. The message's `body` keeps the English wording beside it, for search and API clients.
 */
const name = z.string().nullable();
const note = z.string().nullable().default(null);

export const timelineLine = z.discriminatedUnion('code', [
  /** The queue handed the chat to a member. */
  z.object({ code: z.literal('assigned_by_queue'), args: z.object({ to: name }) }),
  /** A member assigned it to someone else. */
  z.object({ code: z.literal('assigned'), args: z.object({ by: name, to: name, note }) }),
  /** A member took it for themselves, from the queue or from nobody. */
  z.object({ code: z.literal('taken'), args: z.object({ by: name, note }) }),
  /** A member took it from another member. */
  z.object({ code: z.literal('taken_from'), args: z.object({ by: name, from: name, note }) }),
  /** A member transferred their own chat (or an unassigned one). */
  z.object({ code: z.literal('transferred'), args: z.object({ by: name, to: name, note }) }),
  /** A member transferred someone else's chat. */
  z.object({ code: z.literal('transferred_from'), args: z.object({ by: name, from: name, to: name, note }) }),
  /** A member put it back in the Unassigned queue. */
  z.object({ code: z.literal('returned_to_queue'), args: z.object({ by: name, note }) }),
  /** The queue took it back from a member who stayed away without replying. */
  z.object({ code: z.literal('returned_away'), args: z.object({ from: name }) }),
  /** A member was removed from the workspace, and their chat went back to the queue. */
  z.object({ code: z.literal('returned_member_removed'), args: z.object({ from: name, by: name }) }),
  /** A customer's message took the chat out of the trash (nothing a customer writes stays hidden). */
  z.object({ code: z.literal('back_from_trash'), args: z.object({}) }),
  /** A member ended the session (the satisfaction request follows). */
  z.object({ code: z.literal('session_ended'), args: z.object({ by: name }) }),
  /** A manager blocked the customer; `from` names the member the open chat was taken from. */
  z.object({ code: z.literal('customer_blocked'), args: z.object({ by: name, from: name }) }),
  /** A manager unblocked the customer: the chat is handled as usual again. */
  z.object({ code: z.literal('customer_unblocked'), args: z.object({ by: name }) }),
  /** A blocked customer's message reopened the chat, which did not go back to its member. */
  z.object({ code: z.literal('blocked_not_returned'), args: z.object({ from: name }) }),
  /** The customer left the chat on their channel, which closed it. */
  z.object({ code: z.literal('customer_left'), args: z.object({}) }),
]);
export type TimelineLine = z.infer<typeof timelineLine>;
export type TimelineCode = TimelineLine['code'];
