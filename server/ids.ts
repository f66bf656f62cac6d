import { randomUUID } from 'node:crypto';

/** A new id with a short prefix that says what it names (`cv_…` a conversation, `msg_…` a message). */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '')}`;
}
