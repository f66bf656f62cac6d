import type { z } from 'zod';

/** An error the client caused or may act on; the HTTP layer and socket acks turn it into a status and message. */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 429 | 503,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * `value` checked against `schema` in route code (params or a query a route reads itself): a mismatch is a 400
 * naming the field (`params.attachmentId: …`), as the route schemas' own refusals are, never a 500.
 */
export function checked<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: 'params' | 'querystring' | 'body',
): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = [where, ...issue.path.map(String)].join('.');
  throw new HttpError(400, 'invalid_input', `${field}: ${issue.message}`, field);
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} was not found`);
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);
export const conflict = (message: string) => new HttpError(409, 'conflict', message);
export const unauthorized = (message = 'Sign in first: the session token is missing, wrong or expired') =>
  new HttpError(401, 'unauthorized', message);

/** PostgreSQL's unique_violation, from pg or PGlite. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}
