/** The limits the server checks (lib/protocol/api.ts `conversationPatch`). */
export const MAX_TAG_LENGTH = 40;
export const MAX_TAGS = 20;

export type TagProblem = 'tooLong' | 'tooMany';

/**
 * The tags after typing `input` (one tag, or several separated by commas): each trimmed, empty ones
 * skipped, one already there (in any case) not added twice. A tag over the length limit, or one more
 * than the count limit, stops the change and says why.
 */
export function addTags(
  current: readonly string[],
  input: string,
): { tags: string[]; problem: TagProblem | null } {
  const tags = [...current];
  const seen = new Set(current.map((t) => t.toLowerCase()));
  for (const raw of input.split(',')) {
    const tag = raw.trim();
    if (!tag || seen.has(tag.toLowerCase())) continue;
    if (tag.length > MAX_TAG_LENGTH) return { tags: [...current], problem: 'tooLong' };
    if (tags.length >= MAX_TAGS) return { tags: [...current], problem: 'tooMany' };
    seen.add(tag.toLowerCase());
    tags.push(tag);
  }
  return { tags, problem: null };
}
