import type { z } from 'zod';

/** Why a text carrying U+0000 is refused: PostgreSQL's text and jsonb columns cannot hold it. */
export const NUL_REFUSED = 'must not contain the NUL character (U+0000)';

/** Where the first NUL character of a value is (a string, or a key or string inside arrays and objects). */
export function nulPath(value: unknown, path: (string | number)[] = []): (string | number)[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulPath(item, [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) return [...path, key];
      const found = nulPath(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/**
 * The schema, refusing any text with a NUL character in it, wherever it sits, with the field named: every
 * body, query and socket payload that may reach the store goes through it (a refusal, not a server error).
 */
export function withoutNul<T extends z.ZodType>(schema: T): T {
  return schema.superRefine((value, ctx) => {
    const path = nulPath(value);
    if (path) ctx.addIssue({ code: 'custom', message: NUL_REFUSED, path });
  });
}
