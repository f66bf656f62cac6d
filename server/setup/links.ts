import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { passwordProblem, passwordProblemText } from '../../lib/domain/password-policy';
import type { SetupTokenState } from '../../lib/protocol';
import type { setupBody } from '../../lib/protocol/setup';
import type { z } from 'zod';
import { hashPassword } from '../auth/passwords';
import { startSession, type SignedIn } from '../auth/sessions';
import { HttpError, isUniqueViolation } from '../errors';
import { newId } from '../ids';
import type { Db } from '../store';
import { member, memberShop, setupToken, shop, workspace } from '../store/schema';

/** How long a setup link works (product §11), unless it is used or replaced first. */
export const SETUP_LINK_DAYS = 7;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SetupLink {
  url: string;
  expiresAt: Date;
}

export const setupUrl = (publicUrl: string, token: string) =>
  `${publicUrl}/setup?token=${encodeURIComponent(token)}`;

async function insertLink(db: Db, publicUrl: string, origin: 'start' | 'admin'): Promise<SetupLink> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SETUP_LINK_DAYS * 24 * 3600 * 1000);
  await db.insert(setupToken).values({ tokenHash: hashToken(token), origin, expiresAt });
  return { url: setupUrl(publicUrl, token), expiresAt };
}

/** A link for one more workspace on this server (the admin command); earlier links keep working. */
export function createWorkspaceLink(db: Db, publicUrl: string): Promise<SetupLink> {
  return insertLink(db, publicUrl, 'admin');
}

/**
 * At every start: the links earlier starts printed stop working, and a store with no workspace gets a fresh
 * one to print (null once a workspace exists). So a link seen in an old log is worth nothing.
 */
export async function linkForThisStart(db: Db, publicUrl: string): Promise<SetupLink | null> {
  return db.transaction(async (tx) => {
    // Instances starting together take turns, so exactly one fresh link is left.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('sidedesk:setup-link'))`);
    await tx
      .update(setupToken)
      .set({ revokedAt: new Date() })
      .where(and(eq(setupToken.origin, 'start'), isNull(setupToken.usedAt), isNull(setupToken.revokedAt)));
    const [any] = await tx.select({ id: workspace.id }).from(workspace).limit(1);
    if (any) return null;
    return insertLink(tx as unknown as Db, publicUrl, 'start');
  });
}

export async function hasWorkspace(db: Db): Promise<boolean> {
  const [any] = await db.select({ id: workspace.id }).from(workspace).limit(1);
  return Boolean(any);
}

type TokenRow = typeof setupToken.$inferSelect;

function stateOf(row: TokenRow | undefined, now: Date): SetupTokenState['state'] {
  if (!row) return 'unknown';
  if (row.usedAt) return 'used';
  if (row.revokedAt) return 'replaced';
  if (row.expiresAt <= now) return 'expired';
  return 'usable';
}

export async function setupTokenState(db: Db, token: string): Promise<SetupTokenState> {
  const [row] = await db
    .select()
    .from(setupToken)
    .where(eq(setupToken.tokenHash, hashToken(token)));
  const state = stateOf(row, new Date());
  return { state, expiresAt: state === 'usable' ? row!.expiresAt.toISOString() : null };
}

/** Why a link cannot be used, as the API says it (the field is the body's token). */
export function refusedLink(state: Exclude<SetupTokenState['state'], 'usable'>): HttpError {
  switch (state) {
    case 'unknown':
      return new HttpError(
        404,
        'setup_link_unknown',
        'body.token: this setup link is not known on this server',
        'body.token',
      );
    case 'used':
      return new HttpError(
        409,
        'setup_link_used',
        'body.token: this setup link was already used; sign in instead',
        'body.token',
      );
    case 'replaced':
      return new HttpError(
        409,
        'setup_link_replaced',
        'body.token: this setup link was replaced by the one the server printed when it last started',
        'body.token',
      );
    case 'expired':
      return new HttpError(
        409,
        'setup_link_expired',
        'body.token: this setup link has expired; ask for a new one',
        'body.token',
      );
  }
}

export type SetupInput = z.output<typeof setupBody>;

/**
 * Creates the workspace, its owner and its first shop in one transaction, uses up the link, and signs the
 * owner in. Nothing is written when any part is refused.
 */
export async function setUpWorkspace(db: Db, input: SetupInput): Promise<SignedIn> {
  const problem = passwordProblem(input.owner.password, input.owner);
  if (problem)
    throw new HttpError(
      400,
      `password_${problem}`,
      `body.owner.password: ${passwordProblemText(problem)}`,
      'body.owner.password',
    );
  const passwordHash = await hashPassword(input.owner.password);
  try {
    return await db.transaction(async (tx) => {
      const [link] = await tx
        .select()
        .from(setupToken)
        .where(eq(setupToken.tokenHash, hashToken(input.token)))
        .for('update');
      const state = stateOf(link, new Date());
      if (state !== 'usable') throw refusedLink(state);
      const [taken] = await tx
        .select({ id: member.id })
        .from(member)
        .where(eq(sql`lower(${member.email})`, input.owner.email.toLowerCase()));
      if (taken) throw emailTaken();
      const workspaceId = newId('ws');
      const shopId = newId('shop');
      await tx.insert(workspace).values({ id: workspaceId, name: input.workspace.name });
      await tx.insert(shop).values({ id: shopId, workspaceId, ...input.shop });
      const [owner] = await tx
        .insert(member)
        .values({
          id: newId('mb'),
          workspaceId,
          email: input.owner.email,
          nickname: input.owner.nickname,
          passwordHash,
          role: 'owner',
        })
        .returning();
      await tx.insert(memberShop).values({ memberId: owner!.id, shopId });
      await tx
        .update(setupToken)
        .set({ usedAt: new Date(), workspaceId })
        .where(eq(setupToken.tokenHash, link!.tokenHash));
      return startSession(tx, owner!, input.workspace.name);
    });
  } catch (error) {
    // Two setups racing for one email: the unique index decides, and the loser is told why.
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

const emailTaken = () =>
  new HttpError(
    409,
    'email_taken',
    'body.owner.email: a member with this email already exists on this server',
    'body.owner.email',
  );

/** What a start prints when the store has no workspace yet: the link, and what it is for. */
export function setupLinkLines(link: SetupLink): string[] {
  return [
    'No workspace on this server yet. Create the first one (workspace, owner, first shop) at this one-time link:',
    `  ${link.url}`,
    `  It works once, until ${link.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC or the next start, which prints a new one.`,
  ];
}
