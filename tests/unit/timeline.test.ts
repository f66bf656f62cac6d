import { describe, expect, it } from 'vitest';
import { assignmentLine } from '../../lib/domain/assignment';
import { timelineText } from '../../lib/domain/timeline';
import { timelineLine, type AssignmentChange } from '../../lib/protocol';

const change = (c: Partial<AssignmentChange>): AssignmentChange => ({
  fromMemberId: null,
  fromQueue: false,
  toMemberId: null,
  reason: 'manual',
  byMemberId: null,
  note: null,
  ...c,
});

describe('timeline lines as codes', () => {
  it('gives every assignment change its code and names, and the English the body keeps', () => {
    const cases: [AssignmentChange, { from: string | null; to: string | null; by: string | null }, string][] =
      [
        [
          change({ reason: 'auto', toMemberId: 's' }),
          { from: null, to: 'Sara', by: null },
          'Assigned to Sara by the queue.',
        ],
        [
          change({ toMemberId: 'm', byMemberId: 'm' }),
          { from: null, to: 'Marco', by: 'Marco' },
          'Marco took this chat.',
        ],
        [
          change({ fromMemberId: 's', toMemberId: 'm', byMemberId: 'm' }),
          { from: 'Sara', to: 'Marco', by: 'Marco' },
          'Marco took this chat from Sara.',
        ],
        [
          change({ fromMemberId: 's', toMemberId: 'l', byMemberId: 'm', note: 'VIP' }),
          { from: 'Sara', to: 'Luca', by: 'Marco' },
          'Marco assigned this chat to Luca. Note: VIP',
        ],
        [
          change({ reason: 'transfer', fromMemberId: 'l', toMemberId: 's', byMemberId: 'l', note: 'Refund' }),
          { from: 'Luca', to: 'Sara', by: 'Luca' },
          'Luca transferred this chat to Sara. Note: Refund',
        ],
        [
          change({ reason: 'transfer', fromMemberId: 'l', toMemberId: 's', byMemberId: 'm' }),
          { from: 'Luca', to: 'Sara', by: 'Marco' },
          'Marco transferred this chat from Luca to Sara.',
        ],
        [
          change({ reason: 'returned_to_queue', fromMemberId: 's', byMemberId: 'm' }),
          { from: 'Sara', to: null, by: 'Marco' },
          'Marco returned this chat to the Unassigned queue.',
        ],
        [
          change({ reason: 'returned_to_queue', fromMemberId: 's' }),
          { from: 'Sara', to: null, by: null },
          'Returned to the Unassigned queue: Sara was away too long without replying.',
        ],
        // A member who has left is a null name, worded by the reader; a sentence still starts with a capital.
        [
          change({ reason: 'transfer', fromMemberId: 'x', toMemberId: 's', byMemberId: 'x' }),
          { from: null, to: 'Sara', by: null },
          'A former member transferred this chat to Sara.',
        ],
      ];
    for (const [c, names, english] of cases) {
      const line = assignmentLine(c, names);
      // What the server stores is what the extension reads back.
      expect(timelineLine.parse(JSON.parse(JSON.stringify({ ...c, ...line })))).toEqual(line);
      expect(timelineText(line)).toBe(english);
    }
  });

  it('leaves a line stored before codes without one, so the panel shows its stored text', () => {
    const old = change({ reason: 'auto', toMemberId: 's' });
    expect(timelineLine.safeParse(old).success).toBe(false);
    expect(timelineLine.safeParse(null).success).toBe(false);
  });

  it('keeps names as written, never capitalised or translated', () => {
    expect(timelineText({ code: 'session_ended', args: { by: 'de Luca' } })).toBe(
      'de Luca ended the session.',
    );
  });
});
