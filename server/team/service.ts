import { createHash, randomBytes } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { passwordProblem, passwordProblemText } from '../../lib/domain/password-policy';
import {
  capacityUnderLimit,
  grantableRoles,
  managesWorkspace,
  mayChangeQueueSettings,
  mayChangeRole,
  mayManageMember,
  mayRemoveMember,
  mayTransferOwnership,
  roleAtLeast,
} from '../../lib/domain/roles';
import type {
  InvitationIssued,
  InvitationPreview,
  InvitationView,
  LinkIssued,
  MemberChanges,
  RemovalResult,
  ResetPreview,
  RosterMember,
  Session,
  TeamMember,
} from '../../lib/protocol';
import { changeAssignee, lockAssignmentQueue } from '../assignment/queue';
import type { Actor, AssignmentService } from '../assignment/service';
import { hashPassword } from '../auth/passwords';
import { startSession, type SignedIn } from '../auth/sessions';
import { conflict, forbidden, HttpError, isUniqueViolation, notFound } from '../errors';
import { newId } from '../ids';
import type { InboxDeps } from '../inbox/hub';
import type { Mail, Mailer } from '../mail/mailer';
import { endSocketSessions, moveMemberRooms, type SidedeskIo } from '../realtime';
import type { Db, Executor, Tx } from '../store';
import { appendEvents, type AppendedEvent } from '../store/events';
import { toMember, toShop } from '../store/mappers';
import {
  authSession,
  conversation,
  invitation,
  member,
  memberPresence,
  memberShop,
  passwordReset,
  shop,
  workspace,
} from '../store/schema';
import { invitationMail, resetMail } from './mail';

export const INVITATION_DAYS = 7;
export const RESET_HOURS = 24;

const DAY_MS = 24 * 3600 * 1000;
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');
const badInput = (field: string, message: string) =>
  new HttpError(400, 'invalid_input', `${field}: ${message}`, field);
const gone = (code: string, message: string) => new HttpError(410, code, message);

type InvitationRow = typeof invitation.$inferSelect;
type MemberRow = typeof member.$inferSelect;

function statusOf(row: InvitationRow, now = new Date()): InvitationView['status'] {
  if (row.acceptedAt) return 'accepted';
  if (row.revokedAt) return 'revoked';
  return row.expiresAt <= now ? 'expired' : 'pending';
}

export interface TeamOptions {
  /** The address links point to (PUBLIC_URL). */
  publicUrl: string;
  log?: FastifyBaseLogger;
}

/**
 * The team (product §11): invitations by link, role and shop changes, removal that ends every session at once,
 * ownership, and password-reset links. Every rule of who may do what to whom is in lib/domain/roles.ts.
 */
export class TeamService {
  constructor(
    private readonly db: Db,
    private readonly io: SidedeskIo,
    private readonly deps: InboxDeps,
    private readonly assignment: AssignmentService,
    private readonly mailer: Mailer,
    private readonly options: TeamOptions,
  ) {}

  // ─── the roster ─────────────────────────────────────────────────────────────────────────────────────

  /** Everyone in the workspace with email, role, shops and limits; managers read it, admins change it. */
  async roster(actor: Actor): Promise<RosterMember[]> {
    if (!roleAtLeast(actor.role, 'manager'))
      throw forbidden('Only managers, admins and the owner see the team');
    const rows = await this.db
      .select()
      .from(member)
      .where(and(eq(member.workspaceId, actor.workspaceId), isNull(member.removedAt)))
      .orderBy(member.nickname);
    const shops = await this.shopsOfMembers(rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id,
      nickname: r.nickname,
      email: r.email,
      avatarUrl: r.avatarUrl,
      role: r.role,
      shopIds: shops.get(r.id) ?? [],
      capacity: r.capacity,
      capacityLimit: r.capacityLimit,
      acceptsAutoAssign: r.acceptsAutoAssign,
      available: r.available,
      load: r.openLoad,
      joinedAt: r.createdAt.toISOString(),
    }));
  }

  private async shopsOfMembers(memberIds: string[]): Promise<Map<string, string[]>> {
    const rows =
      memberIds.length === 0
        ? []
        : await this.db.select().from(memberShop).where(inArray(memberShop.memberId, memberIds));
    const byMember = new Map<string, string[]>();
    for (const r of rows) byMember.set(r.memberId, [...(byMember.get(r.memberId) ?? []), r.shopId]);
    return byMember;
  }

  // ─── invitations ────────────────────────────────────────────────────────────────────────────────────

  async invitations(actor: Actor): Promise<InvitationView[]> {
    requireAdmin(actor);
    const rows = await this.db
      .select({ invitation, inviter: member.nickname })
      .from(invitation)
      .leftJoin(member, eq(member.id, invitation.invitedBy))
      .where(
        and(
          eq(invitation.workspaceId, actor.workspaceId),
          isNull(invitation.acceptedAt),
          isNull(invitation.revokedAt),
        ),
      )
      .orderBy(sql`${invitation.createdAt} desc`);
    return rows.map((r) => this.view(r.invitation, r.inviter));
  }

  private view(row: InvitationRow, inviter: string | null): InvitationView {
    return {
      id: row.id,
      email: row.email,
      role: row.role,
      shopIds: row.shopIds,
      capacity: row.capacity,
      capacityLimit: row.capacityLimit,
      language: row.language,
      invitedBy: inviter,
      createdAt: row.createdAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
      status: statusOf(row),
    };
  }

  async invite(
    actor: Actor,
    body: {
      email: string;
      role: 'admin' | 'manager' | 'agent';
      shopIds: string[];
      capacity: number;
      capacityLimit: number | null;
      language: 'en' | 'it';
    },
  ): Promise<InvitationIssued> {
    requireAdmin(actor);
    if (!grantableRoles(actor.role).includes(body.role))
      throw new HttpError(403, 'forbidden', 'body.role: you cannot give a role above your own', 'body.role');
    const email = body.email.trim();
    const token = newToken();
    const now = new Date();
    const row = await this.db.transaction(async (tx) => {
      await this.requireShops(tx, actor.workspaceId, body.shopIds);
      await this.requireFreeEmail(tx, actor.workspaceId, email);
      const [pending] = await tx
        .select({ id: invitation.id })
        .from(invitation)
        .where(
          and(
            eq(invitation.workspaceId, actor.workspaceId),
            eq(sql`lower(${invitation.email})`, email.toLowerCase()),
            isNull(invitation.acceptedAt),
            isNull(invitation.revokedAt),
            sql`${invitation.expiresAt} > ${now.toISOString()}::timestamptz`,
          ),
        );
      if (pending)
        throw new HttpError(
          409,
          'conflict',
          'body.email: this address already has a pending invitation; re-send or revoke it',
          'body.email',
        );
      const [inserted] = await tx
        .insert(invitation)
        .values({
          id: newId('inv'),
          workspaceId: actor.workspaceId,
          email,
          role: body.role,
          shopIds: [...new Set(body.shopIds)],
          capacity: body.capacity,
          capacityLimit: body.capacityLimit,
          language: body.language,
          tokenHash: hashOf(token),
          invitedBy: actor.id,
          expiresAt: new Date(now.getTime() + INVITATION_DAYS * DAY_MS),
        })
        .returning();
      return inserted!;
    });
    return this.sendInvitation(actor, row, token);
  }

  private async sendInvitation(actor: Actor, row: InvitationRow, token: string): Promise<InvitationIssued> {
    const link = `${this.options.publicUrl}/invite?token=${token}`;
    const { inviter, workspaceName } = await this.names(actor);
    const sent = await this.mail(
      invitationMail({
        to: row.email,
        language: row.language,
        workspaceName,
        inviter,
        role: row.role,
        link,
        expiresAt: row.expiresAt,
      }),
    );
    return { invitation: this.view(row, inviter), link, expiresAt: row.expiresAt.toISOString(), ...sent };
  }

  /** Revokes a pending invitation: its link stops working at once. */
  async revoke(actor: Actor, invitationId: string): Promise<InvitationView> {
    requireAdmin(actor);
    const row = await this.pendingInvitation(actor, invitationId);
    const [revoked] = await this.db
      .update(invitation)
      .set({ revokedAt: new Date() })
      .where(eq(invitation.id, row.id))
      .returning();
    return this.view(revoked!, (await this.names(actor)).inviter);
  }

  /** Sends a pending (or expired) invitation again with a new link, valid 7 days; the old link stops working. */
  async resend(actor: Actor, invitationId: string): Promise<InvitationIssued> {
    requireAdmin(actor);
    const row = await this.pendingInvitation(actor, invitationId, { expiredToo: true });
    const token = newToken();
    const [renewed] = await this.db
      .update(invitation)
      .set({ tokenHash: hashOf(token), expiresAt: new Date(Date.now() + INVITATION_DAYS * DAY_MS) })
      .where(eq(invitation.id, row.id))
      .returning();
    return this.sendInvitation(actor, renewed!, token);
  }

  private async pendingInvitation(
    actor: Actor,
    invitationId: string,
    options: { expiredToo?: boolean } = {},
  ) {
    const [row] = await this.db
      .select()
      .from(invitation)
      .where(and(eq(invitation.id, invitationId), eq(invitation.workspaceId, actor.workspaceId)));
    if (!row) throw notFound(`Invitation ${invitationId}`);
    const status = statusOf(row);
    if (status === 'accepted') throw conflict('This invitation was accepted already');
    if (status === 'revoked') throw conflict('This invitation was revoked; invite the person again');
    if (status === 'expired' && !options.expiredToo) throw conflict('This invitation has expired already');
    return row;
  }

  /** What the link shows before accepting; a clear 404 or 410 when it cannot be used. */
  async preview(token: string): Promise<InvitationPreview> {
    const [found] = await this.db
      .select({ invitation, workspaceName: workspace.name, inviter: member.nickname })
      .from(invitation)
      .innerJoin(workspace, eq(workspace.id, invitation.workspaceId))
      .leftJoin(member, eq(member.id, invitation.invitedBy))
      .where(eq(invitation.tokenHash, hashOf(token)));
    if (!found) throw unknownInvitation();
    usableInvitation(found.invitation);
    return {
      workspaceName: found.workspaceName,
      invitedBy: found.inviter,
      role: found.invitation.role,
      email: found.invitation.email,
      expiresAt: found.invitation.expiresAt.toISOString(),
    };
  }

  /** Accepts an invitation: the member is created (or a former member comes back) and signed in. */
  async accept(token: string, body: { nickname: string; password: string }): Promise<Session> {
    const nickname = body.nickname.trim();
    const passwordHash = await hashPassword(body.password);
    let signedIn: SignedIn;
    try {
      signedIn = await this.db.transaction(async (tx) => {
        const [row] = await tx
          .select()
          .from(invitation)
          .where(eq(invitation.tokenHash, hashOf(token)))
          .for('update');
        if (!row) throw unknownInvitation();
        usableInvitation(row);
        const problem = passwordProblem(body.password, { email: row.email, nickname });
        if (problem) throw badInput('body.password', passwordProblemText(problem));
        const [existing] = await tx
          .select()
          .from(member)
          .where(eq(sql`lower(${member.email})`, row.email.toLowerCase()))
          .for('update');
        if (existing && (existing.removedAt === null || existing.workspaceId !== row.workspaceId))
          throw conflict('This email already belongs to a member on this server; sign in instead');
        const values = {
          nickname,
          passwordHash,
          role: row.role,
          capacity: capacityUnderLimit(row.capacity, row.capacityLimit),
          capacityLimit: row.capacityLimit,
          // The invitation's language becomes the member's own (their emails, product §11) until they change it.
          language: row.language,
          // A new agent takes chats from the queue as soon as they are online; the others choose to.
          acceptsAutoAssign: row.role === 'agent',
        };
        let joined: MemberRow;
        if (existing) {
          // A former member invited again comes back with their history, under the invitation's terms.
          [joined] = (await tx
            .update(member)
            .set({ ...values, removedAt: null, available: false, presenceLostAt: null })
            .where(eq(member.id, existing.id))
            .returning()) as [MemberRow];
          await tx.delete(memberShop).where(eq(memberShop.memberId, existing.id));
        } else {
          [joined] = (await tx
            .insert(member)
            .values({ id: newId('mb'), workspaceId: row.workspaceId, email: row.email, ...values })
            .returning()) as [MemberRow];
        }
        const shops = await this.liveShops(tx, row.workspaceId, row.shopIds);
        if (shops.length > 0)
          await tx.insert(memberShop).values(shops.map((shopId) => ({ memberId: joined.id, shopId })));
        await tx
          .update(invitation)
          .set({ acceptedAt: new Date(), acceptedMemberId: joined.id })
          .where(eq(invitation.id, row.id));
        const [ws] = await tx.select().from(workspace).where(eq(workspace.id, row.workspaceId));
        return startSession(tx, joined, ws?.name ?? '');
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict('This email already belongs to a member on this server; sign in instead');
      throw error;
    }
    return this.sessionAnswer(signedIn);
  }

  // ─── members ────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Changes a member: their queue settings (themselves, or a manager and above for someone below), and for
   * admins and the owner their role, shops and capacity limit. Nobody changes someone at or above them.
   */
  async updateMember(actor: Actor, memberId: string, changes: MemberChanges): Promise<TeamMember> {
    let roleChanged = false;
    await this.db.transaction(async (tx) => {
      await lockAssignmentQueue(tx, actor.workspaceId);
      const target = await this.requireMember(tx, actor.workspaceId, memberId);
      if (
        (changes.acceptsAutoAssign !== undefined || changes.capacity !== undefined) &&
        !mayChangeQueueSettings(actor, target)
      )
        throw forbidden(
          actor.role === 'agent'
            ? 'Agents may only change their own status'
            : 'You cannot change the settings of someone at or above your role',
        );
      if (
        changes.role !== undefined &&
        changes.role !== target.role &&
        !mayChangeRole(actor, target, changes.role)
      )
        throw new HttpError(
          403,
          'forbidden',
          actor.id === target.id
            ? 'body.role: you cannot change your own role'
            : 'body.role: you may give roles up to your own, to members below you',
          'body.role',
        );
      if (
        (changes.shopIds !== undefined || changes.capacityLimit !== undefined) &&
        !mayManageMember(actor, target)
      )
        throw forbidden('Only admins and the owner set the shops and capacity limit of members below them');
      if (changes.shopIds) await this.requireShops(tx, actor.workspaceId, changes.shopIds);
      const limit = changes.capacityLimit !== undefined ? changes.capacityLimit : target.capacityLimit;
      if (changes.capacity !== undefined && limit !== null && changes.capacity > limit)
        throw badInput('body.capacity', `must be at most ${limit}, the member's capacity limit`);
      const capacity = capacityUnderLimit(changes.capacity ?? target.capacity, limit);
      roleChanged = changes.role !== undefined && changes.role !== target.role;
      await tx
        .update(member)
        .set({
          ...(changes.acceptsAutoAssign !== undefined && { acceptsAutoAssign: changes.acceptsAutoAssign }),
          ...(changes.role !== undefined && { role: changes.role }),
          capacity,
          capacityLimit: limit,
        })
        .where(eq(member.id, target.id));
      if (changes.shopIds) {
        await tx.delete(memberShop).where(eq(memberShop.memberId, target.id));
        const shopIds = [...new Set(changes.shopIds)];
        if (shopIds.length > 0)
          await tx.insert(memberShop).values(shopIds.map((shopId) => ({ memberId: target.id, shopId })));
      }
    });
    await this.assignment.refreshAvailability(actor.workspaceId, [memberId], { force: true });
    const [updated] = await this.assignment.team(actor.workspaceId, [memberId]);
    if (roleChanged) moveMemberRooms(this.io, { ...updated!, workspaceId: actor.workspaceId });
    return updated!;
  }

  /**
   * Removes a member: their sessions end at once (REST and live sockets, on every instance), and their
   * ongoing chats go back to the queue, each with a line that says why.
   */
  async remove(actor: Actor, memberId: string): Promise<RemovalResult> {
    const now = new Date();
    const { events, returned } = await this.db.transaction(async (tx) => {
      const target = await this.requireMember(tx, actor.workspaceId, memberId);
      if (!mayRemoveMember(actor, target))
        throw forbidden(
          target.role === 'owner'
            ? 'The owner cannot be removed; they may hand the workspace over first'
            : actor.id === target.id
              ? 'You cannot remove yourself; ask someone above you'
              : 'Only admins and the owner remove members, and only those below them',
        );
      // Conversation rows before the queue lock (the lock order of the assignment queue).
      const rows = await tx
        .select()
        .from(conversation)
        .where(
          and(
            eq(conversation.workspaceId, actor.workspaceId),
            eq(conversation.assigneeId, target.id),
            inArray(conversation.status, ['open', 'snoozed']),
            isNull(conversation.trashedAt),
          ),
        )
        .orderBy(conversation.id)
        .for('update');
      await lockAssignmentQueue(tx, actor.workspaceId);
      const appended: AppendedEvent[] = [];
      for (const row of rows) {
        const outcome = await changeAssignee(tx, row, {
          toMemberId: null,
          reason: 'returned_to_queue',
          byMemberId: actor.id,
          note: null,
          now,
          memberRemoved: true,
        });
        appended.push(...(await appendEvents(tx, actor.workspaceId, outcome.events, null)));
      }
      await tx
        .update(member)
        .set({ removedAt: now, available: false, acceptsAutoAssign: false, unavailableSince: now })
        .where(eq(member.id, target.id));
      await tx.delete(memberShop).where(eq(memberShop.memberId, target.id));
      await tx.delete(memberPresence).where(eq(memberPresence.memberId, target.id));
      await tx.delete(authSession).where(eq(authSession.memberId, target.id));
      await tx.delete(passwordReset).where(eq(passwordReset.memberId, target.id));
      return { events: appended, returned: rows.length };
    });
    endSocketSessions(this.io, { memberId }, 'removed');
    this.deps.hub.publish(actor.workspaceId, events);
    if (returned > 0) this.assignment.requestHandOut(actor.workspaceId);
    return { returnedToQueue: returned };
  }

  /** The owner hands the workspace over to another member, and becomes an admin. */
  async transferOwnership(actor: Actor, memberId: string): Promise<void> {
    const moved = await this.db.transaction(async (tx) => {
      const target = await this.requireMember(tx, actor.workspaceId, memberId);
      if (!mayTransferOwnership(actor, target))
        throw forbidden(
          actor.role === 'owner'
            ? 'Choose another member to hand over to'
            : 'Only the owner hands the workspace over',
        );
      await tx.update(member).set({ role: 'owner' }).where(eq(member.id, target.id));
      await tx.update(member).set({ role: 'admin' }).where(eq(member.id, actor.id));
      return [target.id, actor.id];
    });
    for (const m of await this.assignment.team(actor.workspaceId, moved))
      moveMemberRooms(this.io, { ...m, workspaceId: actor.workspaceId });
  }

  // ─── password-reset links ───────────────────────────────────────────────────────────────────────────

  /** A one-time link for a member below the issuer to choose a new password; earlier unused links stop working. */
  async issueReset(actor: Actor, memberId: string): Promise<LinkIssued> {
    const token = newToken();
    const expiresAt = new Date(Date.now() + RESET_HOURS * 3600 * 1000);
    const target = await this.db.transaction(async (tx) => {
      const target = await this.requireMember(tx, actor.workspaceId, memberId);
      if (!mayRemoveMember(actor, target))
        throw forbidden('Only admins and the owner issue reset links, and only for members below them');
      await tx
        .delete(passwordReset)
        .where(and(eq(passwordReset.memberId, target.id), isNull(passwordReset.usedAt)));
      await tx.insert(passwordReset).values({
        tokenHash: hashOf(token),
        memberId: target.id,
        workspaceId: actor.workspaceId,
        issuedBy: actor.id,
        expiresAt,
      });
      return target;
    });
    const link = `${this.options.publicUrl}/reset?token=${token}`;
    const { inviter, workspaceName } = await this.names(actor);
    const sent = await this.mail(
      // In the member's own language (their profile's).
      resetMail({
        to: target.email,
        language: target.language,
        workspaceName,
        issuer: inviter,
        link,
        expiresAt,
      }),
    );
    return { link, expiresAt: expiresAt.toISOString(), ...sent };
  }

  async resetPreview(token: string): Promise<ResetPreview> {
    const { row, target, workspaceName } = await this.usableReset(this.db, token);
    return {
      workspaceName,
      email: target.email,
      nickname: target.nickname,
      expiresAt: row.expiresAt.toISOString(),
    };
  }

  /** Sets the new password, ends every other session of the member (sockets too), and signs them in. */
  async resetPassword(token: string, password: string): Promise<Session> {
    const passwordHash = await hashPassword(password);
    const signedIn = await this.db.transaction(async (tx) => {
      const { row, target, workspaceName } = await this.usableReset(tx, token, { lock: true });
      const problem = passwordProblem(password, { email: target.email, nickname: target.nickname });
      if (problem) throw badInput('body.password', passwordProblemText(problem));
      await tx.update(member).set({ passwordHash }).where(eq(member.id, target.id));
      await tx
        .update(passwordReset)
        .set({ usedAt: new Date() })
        .where(eq(passwordReset.tokenHash, row.tokenHash));
      await tx.delete(authSession).where(eq(authSession.memberId, target.id));
      return startSession(tx, target, workspaceName);
    });
    endSocketSessions(this.io, { memberId: signedIn.member.id }, 'password_reset');
    return this.sessionAnswer(signedIn);
  }

  private async usableReset(db: Executor, token: string, options: { lock?: boolean } = {}) {
    const query = db
      .select({ row: passwordReset, target: member, workspaceName: workspace.name })
      .from(passwordReset)
      .innerJoin(member, eq(member.id, passwordReset.memberId))
      .innerJoin(workspace, eq(workspace.id, passwordReset.workspaceId))
      .where(eq(passwordReset.tokenHash, hashOf(token)));
    const [found] = options.lock ? await query.for('update', { of: passwordReset }) : await query;
    if (!found || found.target.removedAt)
      throw new HttpError(
        404,
        'not_found',
        'This password-reset link is not known; ask an admin for a new one',
      );
    if (found.row.usedAt)
      throw gone('reset_used', 'This password-reset link was used already; ask an admin for a new one');
    if (found.row.expiresAt <= new Date())
      throw gone('reset_expired', 'This password-reset link has expired; ask an admin for a new one');
    return found;
  }

  // ─── shared steps ───────────────────────────────────────────────────────────────────────────────────

  private async requireMember(tx: Tx, workspaceId: string, memberId: string): Promise<MemberRow> {
    const [row] = await tx
      .select()
      .from(member)
      .where(and(eq(member.id, memberId), eq(member.workspaceId, workspaceId), isNull(member.removedAt)))
      .for('update');
    if (!row) throw notFound(`Member ${memberId}`);
    return row;
  }

  /** Every shop named is one of the workspace's, not archived; a 400 naming the field otherwise. */
  private async requireShops(tx: Executor, workspaceId: string, shopIds: string[]): Promise<void> {
    const live = await this.liveShops(tx, workspaceId, shopIds);
    const unknown = [...new Set(shopIds)].filter((id) => !live.includes(id));
    if (unknown.length > 0) throw badInput('body.shopIds', `${unknown[0]} is not a shop of this workspace`);
  }

  private async liveShops(tx: Executor, workspaceId: string, shopIds: string[]): Promise<string[]> {
    if (shopIds.length === 0) return [];
    const rows = await tx
      .select({ id: shop.id })
      .from(shop)
      .where(and(eq(shop.workspaceId, workspaceId), inArray(shop.id, shopIds), isNull(shop.archivedAt)));
    return rows.map((r) => r.id);
  }

  /** The address is nobody's on this server yet (a former member of this workspace may be invited back). */
  private async requireFreeEmail(tx: Tx, workspaceId: string, email: string): Promise<void> {
    const [taken] = await tx
      .select({ workspaceId: member.workspaceId, removedAt: member.removedAt })
      .from(member)
      .where(eq(sql`lower(${member.email})`, email.toLowerCase()));
    if (!taken || (taken.removedAt && taken.workspaceId === workspaceId)) return;
    throw new HttpError(
      409,
      'conflict',
      taken.workspaceId === workspaceId && !taken.removedAt
        ? 'body.email: this address is already a member of the team'
        : 'body.email: this address already belongs to a member on this server',
      'body.email',
    );
  }

  private async names(actor: Actor): Promise<{ inviter: string; workspaceName: string }> {
    const [row] = await this.db
      .select({ nickname: member.nickname, workspaceName: workspace.name })
      .from(member)
      .innerJoin(workspace, eq(workspace.id, member.workspaceId))
      .where(eq(member.id, actor.id));
    return { inviter: row?.nickname ?? '', workspaceName: row?.workspaceName ?? '' };
  }

  /** Emails when SMTP is set up; a failure is reported, never thrown, since the link is shown anyway. */
  private async mail(mail: Mail): Promise<{ emailed: boolean; emailError: string | null }> {
    if (!this.mailer.enabled) return { emailed: false, emailError: null };
    try {
      await this.mailer.send(mail);
      return { emailed: true, emailError: null };
    } catch (error) {
      this.options.log?.warn({ err: error }, 'sending a team email failed');
      return { emailed: false, emailError: `The email could not be sent: ${(error as Error).message}` };
    }
  }

  /** What signing in answers, so an accepted invitation or a new password signs the member in. */
  private async sessionAnswer(signedIn: SignedIn): Promise<Session> {
    const shops = await this.db
      .select()
      .from(shop)
      .where(and(eq(shop.workspaceId, signedIn.member.workspaceId), isNull(shop.archivedAt)))
      .orderBy(shop.name);
    return {
      token: signedIn.token,
      expiresAt: signedIn.expiresAt.toISOString(),
      member: toMember(signedIn.member),
      workspace: { id: signedIn.member.workspaceId, name: signedIn.workspaceName },
      shops: shops.map(toShop),
    };
  }
}

function requireAdmin(actor: Actor): void {
  if (!managesWorkspace(actor.role)) throw forbidden('Only admins and the owner manage the team');
}

const unknownInvitation = () =>
  new HttpError(404, 'not_found', 'This invitation link is not known; ask for a new invitation');

/** A used, revoked or expired invitation answers 410 with words that say which. */
function usableInvitation(row: InvitationRow): void {
  switch (statusOf(row)) {
    case 'accepted':
      throw gone('invitation_used', 'This invitation was accepted already; sign in from the side panel');
    case 'revoked':
      throw gone('invitation_revoked', 'This invitation was revoked; ask for a new one');
    case 'expired':
      throw gone('invitation_expired', 'This invitation has expired; ask for a new one');
    case 'pending':
      return;
  }
}
