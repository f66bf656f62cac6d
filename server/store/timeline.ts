import type { TimelineLine } from '../../lib/protocol';
import { timelineText } from '../../lib/domain/timeline';
import { newId } from '../ids';
import type { conversation, message } from './schema';

/**
 * A system line of a conversation's timeline, as a message row: its code and names for the readers (each words it
 * in their language), its English text for search. `extra` adds facts to the payload beside the line (an
 * assignment's change, for the figures and the clients).
 */
export function timelineMessage(
  row: Pick<typeof conversation.$inferSelect, 'id' | 'workspaceId' | 'shopId'>,
  line: TimelineLine,
  by: string | null,
  at: Date,
  extra: Record<string, unknown> = {},
): typeof message.$inferSelect {
  return {
    id: newId('msg'),
    workspaceId: row.workspaceId,
    conversationId: row.id,
    shopId: row.shopId,
    direction: 'system',
    kind: 'text',
    author: 'system',
    authorMemberId: by,
    body: timelineText(line),
    payload: { ...extra, ...line },
    clientId: null,
    externalId: null,
    delivery: null,
    createdAt: at,
  };
}
