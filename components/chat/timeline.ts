import { i18n } from '#i18n';
import { timelineLine, type TimelineLine } from '@/lib/protocol';

/** The line's code and names, when the server wrote them (lines stored before codes existed have none). */
export function timelineLineOf(payload: Record<string, unknown> | null | undefined): TimelineLine | null {
  const parsed = timelineLine.safeParse(payload);
  return parsed.success ? parsed.data : null;
}

/** A member's name in a line, or the reader's words for one who has left the workspace. */
const named = (name: string | null) => name ?? i18n.t('timeline.formerMember');

/** A system line in the reader's language, from its code and names. */
export function timelineWords(line: TimelineLine): string {
  const text = sentence(line);
  const note = 'note' in line.args && line.args.note ? ` ${i18n.t('timeline.note', [line.args.note])}` : '';
  // A sentence that starts with the stand-in for a name starts with a capital; names stay as members wrote them.
  const formerMember = i18n.t('timeline.formerMember');
  const capital = text.startsWith(formerMember) ? text.charAt(0).toLocaleUpperCase() + text.slice(1) : text;
  return capital + note;
}

function sentence({ code, args }: TimelineLine): string {
  switch (code) {
    case 'assigned_by_queue':
      return i18n.t('timeline.assigned_by_queue', [named(args.to)]);
    case 'assigned':
      return i18n.t('timeline.assigned', [named(args.by), named(args.to)]);
    case 'taken':
      return i18n.t('timeline.taken', [named(args.by)]);
    case 'taken_from':
      return i18n.t('timeline.taken_from', [named(args.by), named(args.from)]);
    case 'transferred':
      return i18n.t('timeline.transferred', [named(args.by), named(args.to)]);
    case 'transferred_from':
      return i18n.t('timeline.transferred_from', [named(args.by), named(args.from), named(args.to)]);
    case 'returned_to_queue':
      return i18n.t('timeline.returned_to_queue', [named(args.by)]);
    case 'returned_away':
      return i18n.t('timeline.returned_away', [named(args.from)]);
    case 'returned_member_removed':
      return i18n.t('timeline.returned_member_removed', [named(args.by), named(args.from)]);
    case 'back_from_trash':
      return i18n.t('timeline.back_from_trash');
    case 'session_ended':
      return i18n.t('timeline.session_ended', [named(args.by)]);
    case 'customer_blocked':
      return args.from
        ? i18n.t('timeline.customer_blocked_from', [named(args.by), args.from])
        : i18n.t('timeline.customer_blocked', [named(args.by)]);
    case 'customer_unblocked':
      return i18n.t('timeline.customer_unblocked', [named(args.by)]);
    case 'blocked_not_returned':
      return i18n.t('timeline.blocked_not_returned', [named(args.from)]);
    case 'customer_left':
      return i18n.t('timeline.customer_left');
  }
}
