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

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

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

/** A new session for a member who proved who they are (a password, an accepted invitation, a reset link). */
export async function startSession(
  db: Executor,
  signedIn: MemberRow,
  workspaceName: string,
): Promise<SignedIn> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000);
  await db.insert(authSession).values({
    tokenHash: hashToken(token),
    memberId: signedIn.id,
    workspaceId: signedIn.workspaceId,
    expiresAt,
  });
  return { token, expiresAt, member: signedIn, workspaceName };
}

/** The session of a token with its member, or null when it is unknown, expired, or the member was removed. */
export async function sessionOf(
  db: Db,
  token: string,
): Promise<{ member: MemberRow; expiresAt: Date } | null> {
  const [row] = await db
    .select({ member, expiresAt: authSession.expiresAt })
    .from(authSession)
    .innerJoin(member, eq(member.id, authSession.memberId))
    .where(
      and(
        eq(authSession.tokenHash, hashToken(token)),
        gt(authSession.expiresAt, new Date()),
        isNull(member.removedAt),
      ),
    );
  return row ?? null;
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
