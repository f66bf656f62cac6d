import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db, Executor } from '../store';
import { authSession, member, workspace } from '../store/schema';
import { verifyPassword, hashPassword } from './passwords';

export const SESSION_DAYS = 30;

export type MemberRow = typeof member.$inferSelect;

export interface SignedIn {
  token: string;
  expiresAt: Date;
  member: MemberRow;
  workspaceName: string;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

// A hash to compare against when the email is unknown, so a wrong email costs as long as a wrong password.
const decoyHash = hashPassword('decoy password that matches nothing');

export async function signIn(db: Db, email: string, password: string): Promise<SignedIn | null> {
  const [row] = await db
    .select({ member, workspaceName: workspace.name })
    .from(member)
    .innerJoin(workspace, eq(workspace.id, member.workspaceId))
    .where(and(eq(sql`lower(${member.email})`, email.toLowerCase()), isNull(member.removedAt)));
  const ok = await verifyPassword(password, row?.member.passwordHash ?? (await decoyHash));
  if (!row || !ok) return null;
  return startSession(db, row.member, row.workspaceName);
}

/** A new session for a member whose identity was just proven (a password, a setup link). */
export async function startSession(db: Executor, who: MemberRow, workspaceName: string): Promise<SignedIn> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000);
  await db.insert(authSession).values({
    tokenHash: hashToken(token),
    memberId: who.id,
    workspaceId: who.workspaceId,
    expiresAt,
  });
  return { token, expiresAt, member: who, workspaceName };
}

/** The member behind a token, or null when it is unknown, expired, or the member was removed. */
export async function authenticate(db: Db, token: string): Promise<MemberRow | null> {
  const [row] = await db
    .select({ member })
    .from(authSession)
    .innerJoin(member, eq(member.id, authSession.memberId))
    .where(
      and(
        eq(authSession.tokenHash, hashToken(token)),
        gt(authSession.expiresAt, new Date()),
        isNull(member.removedAt),
      ),
    );
  return row?.member ?? null;
}

export async function signOut(db: Db, token: string): Promise<void> {
  await db.delete(authSession).where(eq(authSession.tokenHash, hashToken(token)));
}
