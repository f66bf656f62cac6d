import type { TimelineLine } from '../protocol';

/** A member's name in a line, or the words for one who has left the workspace. */
const FORMER_MEMBER = 'a former member';
const named = (name: string | null) => name ?? FORMER_MEMBER;

/**
 * The English wording of a timeline line: what a message's `body` holds, for search, API clients and lines
 * read without the extension. The extension words the code itself, in the reader's language.
 */
export function timelineText(line: TimelineLine): string {
  const text = sentence(line);
  const note = 'note' in line.args && line.args.note ? ` Note: ${line.args.note}` : '';
  // A sentence that starts with the stand-in for a name starts with a capital; names stay as members wrote them.
  const capital = text.startsWith(FORMER_MEMBER) ? text.charAt(0).toUpperCase() + text.slice(1) : text;
  return capital + note;
}

function sentence({ code, args }: TimelineLine): string {
  switch (code) {
    case 'assigned_by_queue':
      return `Assigned to ${named(args.to)} by the queue.`;
    case 'assigned':
      return `${named(args.by)} assigned this chat to ${named(args.to)}.`;
    case 'taken':
      return `${named(args.by)} took this chat.`;
    case 'taken_from':
      return `${named(args.by)} took this chat from ${named(args.from)}.`;
    case 'transferred':
      return `${named(args.by)} transferred this chat to ${named(args.to)}.`;
    case 'transferred_from':
      return `${named(args.by)} transferred this chat from ${named(args.from)} to ${named(args.to)}.`;
    case 'returned_to_queue':
      return `${named(args.by)} returned this chat to the Unassigned queue.`;
    case 'returned_away':
      return `Returned to the Unassigned queue: ${named(args.from)} was away too long without replying.`;
    case 'returned_member_removed':
      return `Returned to the Unassigned queue: ${named(args.by)} removed ${named(args.from)} from the team.`;
    case 'back_from_trash':
      return 'The customer wrote again: this chat is back from the trash.';
    case 'session_ended':
      return `${named(args.by)} ended the session.`;
    case 'customer_blocked':
      return args.from
        ? `${named(args.by)} blocked this customer and took this chat from ${args.from}.`
        : `${named(args.by)} blocked this customer.`;
    case 'customer_unblocked':
      return `${named(args.by)} unblocked this customer; this chat is handled as usual again.`;
    case 'blocked_not_returned':
      return `The customer is blocked: this chat reopened without going back to ${named(args.from)}.`;
    case 'customer_left':
      return 'The customer left the chat.';
  }
}
