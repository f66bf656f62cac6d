import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../domain/password-policy';
import { id, isoTime, role } from './entities';

/** The team as admins manage it (product §11): invitations, members, removal, password-reset links. */

export const invitedRole = z.enum(['admin', 'manager', 'agent']);
export const mailLanguage = z.enum(['en', 'it']);
export const capacityValue = z.number().int().min(0).max(200);

/** A member as the Team page lists them: who, what they do, and how much work they hold. */
export const rosterMember = z.object({
  id,
  nickname: z.string(),
  email: z.string(),
  avatarUrl: z.string().nullable(),
  role,
  shopIds: z.array(id),
  capacity: z.number().int(),
  capacityLimit: z.number().int().nullable(),
  acceptsAutoAssign: z.boolean(),
  available: z.boolean(),
  load: z.number().int(),
  joinedAt: isoTime,
});
export type RosterMember = z.infer<typeof rosterMember>;
export const roster = z.object({ members: z.array(rosterMember) });

export const invitationStatus = z.enum(['pending', 'accepted', 'revoked', 'expired']);

export const invitationView = z.object({
  id,
  email: z.string(),
  role: invitedRole,
  shopIds: z.array(id),
  capacity: z.number().int(),
  capacityLimit: z.number().int().nullable(),
  language: mailLanguage,
  /** The inviter's nickname; null once they have left. */
  invitedBy: z.string().nullable(),
  createdAt: isoTime,
  expiresAt: isoTime,
  status: invitationStatus,
});
export type InvitationView = z.infer<typeof invitationView>;
export const invitationList = z.object({ invitations: z.array(invitationView) });

export const invitationBody = z
  .object({
    email: z.email().max(320),
    role: invitedRole,
    shopIds: z.array(id).min(1, 'choose at least one shop the member serves').max(100),
    capacity: capacityValue.default(10),
    /** The most the member may set their own capacity to; null: no limit of its own. */
    capacityLimit: capacityValue.nullable().default(null),
    /** The email's language; the inviter's choice. */
    language: mailLanguage.default('en'),
  })
  .refine((v) => v.capacityLimit === null || v.capacity <= v.capacityLimit, {
    path: ['capacity'],
    message: 'must not be above the capacity limit',
  });
export type InvitationBody = z.input<typeof invitationBody>;

/** The link is shown once, to the inviter; the server keeps only its hash. */
export const linkIssued = z.object({
  link: z.string(),
  /** Whether the server emailed it (only with SMTP set up); otherwise the inviter passes the link on. */
  emailed: z.boolean(),
  /** Why the email could not be sent, when SMTP is set up but sending failed. */
  emailError: z.string().nullable(),
  expiresAt: isoTime,
});
export type LinkIssued = z.infer<typeof linkIssued>;
export const invitationIssued = linkIssued.extend({ invitation: invitationView });
export type InvitationIssued = z.infer<typeof invitationIssued>;

export const invitationParams = z.object({ invitationId: id });
export const tokenParams = z.object({ token: z.string().min(16).max(128) });

/** What an invitation's link shows before it is accepted: no more than the invitee needs. */
export const invitationPreview = z.object({
  workspaceName: z.string(),
  invitedBy: z.string().nullable(),
  role: invitedRole,
  email: z.string(),
  expiresAt: isoTime,
});
export type InvitationPreview = z.infer<typeof invitationPreview>;

export const nickname = z.string().trim().min(1, 'choose a nickname').max(60);
const newPassword = z.string().min(1, 'choose a password').max(PASSWORD_MAX_LENGTH);

export const acceptInvitationBody = z.object({ nickname, password: newPassword });
export type AcceptInvitationBody = z.infer<typeof acceptInvitationBody>;

export const resetPreview = z.object({
  workspaceName: z.string(),
  email: z.string(),
  nickname: z.string(),
  expiresAt: isoTime,
});
export type ResetPreview = z.infer<typeof resetPreview>;
export const newPasswordBody = z.object({ password: newPassword });

export const removalResult = z.object({
  /** How many of their open chats went back to the Unassigned queue. */
  returnedToQueue: z.number().int(),
});
export type RemovalResult = z.infer<typeof removalResult>;

export const ownershipBody = z.object({ memberId: id });

/** Why the server ended a member's session on their open sockets; the extension signs out and says it. */
export const sessionEndReason = z.enum([
  'signed_out',
  'removed',
  'expired',
  'password_reset',
  'password_changed',
]);
export type SessionEndReason = z.infer<typeof sessionEndReason>;
export const sessionEnded = z.object({ reason: sessionEndReason });
export type SessionEnded = z.infer<typeof sessionEnded>;
